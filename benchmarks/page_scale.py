"""How a large page behaves: build a synthetic graph of N nodes and 2N edges, render it, open it
in headless Chromium (Debian's /usr/bin/chromium via Playwright) and report the figures.

    python benchmarks/page_scale.py [--nodes 5000]

Reports: layout and render seconds (Python), file size, seconds until the page is interactive
(kg's code ran and the network drew), and the response times of a search, a filter, the two
views and a zoom (labels are redrawn by zoom level).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.export.html import layouts, render_html


def synthetic(n_nodes: int, seed: int = 1) -> nx.MultiDiGraph:
    """A kg graph (kg.graph.build_graph) of n_nodes in news-like proportions: one event per two
    entities, each with an agent and a target, a few hubs taking part in many, offices, and a
    share of entities in no event."""
    from datetime import date, timedelta

    from kg.event_types import event_type, event_types
    from kg.graph import build_graph
    from kg.types import Article, Entity, Event, Evidence, Relation, Resolved

    rnd = random.Random(seed)
    n_events = n_nodes // 3
    types = ["Person", "State", "Place", "Organization"]
    ents = [Entity(f"e/{i}", rnd.choice(types), f"Entity {i}", (f"E{i}",)) for i in range(n_nodes - n_events)]
    keys = [e.key for e in ents]
    weights = [30.0 if i < n_nodes // 100 else 1.0 for i in range(len(keys))]
    arts = tuple(Article(f"a{i}", "", title=f"Article {i}", url=f"https://news.example.org/{i}",
                         published=date(2023, 1, 1) + timedelta(days=i % 365)) for i in range(200))
    events = []
    for j in range(n_events):
        t = rnd.choice(list(event_types()))
        kind = event_type(t)
        a, b = rnd.choices(keys, weights)[0], rnd.choice(keys)
        art = arts[j % len(arts)]
        events.append(Event(f"v/{j}", t, kind.cameo + "0", kind.plover, kind.label, (a, b) if kind.joint else (a,),
                            () if kind.joint else (b,), None, art.published,
                            (Evidence(art.id, 0, 12, f"Sentence {j}."),)))
    offices = tuple(Relation(keys[i], "leader_of", keys[i + 1], "president", ()) for i in range(0, 200, 2))
    return build_graph(Resolved(arts, tuple(ents), offices, tuple(events)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    args = ap.parse_args()
    g = synthetic(args.nodes)
    t0 = time.perf_counter()
    layouts(g)
    t_layout = time.perf_counter() - t0
    t0 = time.perf_counter()
    html = render_html(g, title="scale test")  # lays the graph out again
    t_render = time.perf_counter() - t0
    path = Path(tempfile.mkdtemp()) / "scale.html"
    path.write_text(html, encoding="utf-8")
    print(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    print(f"layouts of both views (numpy Fruchterman-Reingold, particle-mesh repulsion): {t_layout:.1f} s; "
          f"page render incl. layout: {t_render:.1f} s; "
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
        timings = {}
        for name, script in (("filter (untick visit)", "kg.setType('visit', false)"),
                             ("actor view", "kg.setMode('actor')"), ("event view", "kg.setMode('event')"),
                             ("zoom in x3 (labels)", "kg.network.moveTo({scale: kg.network.getScale() * 3})"),
                             ("CSV of visible events", "kg.csv().length")):
            t0 = time.perf_counter()
            page.evaluate(script)
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            timings[name] = time.perf_counter() - t0
        visible = len(page.evaluate("kg.visibleNodes()"))
        labelled = len(page.evaluate("kg.labelled()"))
        browser.close()
    print(f"browser: interactive after {t_open:.1f} s; search answered in {t_search * 1000:.0f} ms "
          f"(found {found}); visible nodes {visible}, labelled {labelled}")
    print("then: " + "; ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
