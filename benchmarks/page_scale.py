"""How a large page behaves: build a synthetic graph of N nodes and 2N edges, render it, open it
in headless Chromium (Debian's /usr/bin/chromium via Playwright) and report the figures.

    python benchmarks/page_scale.py [--nodes 5000]

Reports: layout and render seconds (Python), file size, seconds until the page is interactive
(kg's code ran and the network drew), and the response time of a search.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.export.html import layout, render_html


def synthetic(n_nodes: int, seed: int = 1) -> nx.MultiDiGraph:
    """Entities and events in news-like proportions (1 event per 2 entities), 2 edges per node."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    n_events = n_nodes // 3
    types = ["Person", "State", "Place", "Organization"]
    for i in range(n_nodes - n_events):
        g.add_node(f"e{i}", kind="entity", type=rnd.choice(types), label=f"Entity {i}", aliases=[f"E{i}"])
    ents = [n for n in g]
    for j in range(n_events):
        t = rnd.choice(["visit", "meet", "sign_agreement", "praise", "criticize", "propose"])
        g.add_node(f"v{j}", kind="event", type=t, label=t,
                   date=f"2023-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                   evidence=[{"text": f"Sentence {j}.", "title": "T", "url": ""}])
    edges = 0
    target = 2 * n_nodes
    while edges < target:
        j = rnd.randrange(n_events)
        a, b = rnd.sample(ents, 2)
        g.add_edge(f"v{j}", a, key="agent", kind="role", role="agent")
        g.add_edge(a, b, key=f"met_with{edges}", kind="relation", relation="met_with", events=[f"v{j}"], evidence=[])
        edges += 2
    return g


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    args = ap.parse_args()
    g = synthetic(args.nodes)
    t0 = time.perf_counter()
    layout(g)
    t_layout = time.perf_counter() - t0
    t0 = time.perf_counter()
    html = render_html(g, title="scale test")  # lays the graph out again
    t_render = time.perf_counter() - t0
    path = Path(tempfile.mkdtemp()) / "scale.html"
    path.write_text(html, encoding="utf-8")
    print(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    print(f"layout (numpy Fruchterman-Reingold, particle-mesh repulsion): {t_layout:.1f} s; page render incl. "
          f"layout: {t_render:.1f} s; "
          f"file: {path.stat().st_size / 1e6:.1f} MB")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("window.kg !== undefined", timeout=120_000)
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        t_open = time.perf_counter() - t0
        t0 = time.perf_counter()
        found = page.evaluate("kg.search('Entity 1234')")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        t_search = time.perf_counter() - t0
        visible = len(page.evaluate("kg.visibleNodes()"))
        browser.close()
    print(f"browser: interactive after {t_open:.1f} s; search answered in {t_search * 1000:.0f} ms "
          f"(found {found}); visible nodes {visible}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
