"""The page's screenshots in docs/, taken in headless Chromium (Debian's /usr/bin/chromium via
Playwright) from graphs kg wrote:

    python docs/screenshots.py out/graph.ttl            # the README's picture (docs/sample.png)
    python docs/screenshots.py corpus/graph.ttl --set page   # docs/page-{desktop,actors,phone}.png

The second form is for a graph of several articles: the first view on a desktop, the actor view
with one event type unticked, and a phone.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from rdflib import Graph

from kg.cli import page_title
from kg.export.html import render_html
from kg.graph_from_rdf import article_titles, graph_from_rdf

DOCS = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", help="graph file written by kg build (.ttl, .nt, .jsonld)")
    ap.add_argument("--set", choices=("sample", "page"), default="sample")
    args = ap.parse_args()
    rdf = Graph().parse(args.graph)
    html = Path(tempfile.mkdtemp()) / "graph.html"
    html.write_text(render_html(graph_from_rdf(rdf), title=page_title(article_titles(rdf))), encoding="utf-8")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        def open_page(width: int, height: int, scale: float = 1.0):  # type: ignore[no-untyped-def]
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(html.as_uri()) else r.abort())
            page.goto(html.as_uri())
            page.wait_for_function("window.kg !== undefined")
            page.wait_for_timeout(300)
            return page

        if args.set == "sample":
            page = open_page(1280, 720)
            page.evaluate("kg.network.moveTo({scale: kg.network.getScale() * 0.95})")
            page.wait_for_timeout(200)
            page.screenshot(path=DOCS / "sample.png")
        else:
            page = open_page(1400, 860)
            page.screenshot(path=DOCS / "page-desktop.png")
            page.evaluate("kg.setMode('actor')")
            page.evaluate("kg.setType('propose', false)")
            page.wait_for_timeout(200)
            page.screenshot(path=DOCS / "page-actors.png")
            phone = open_page(390, 844, 2.0)
            phone.screenshot(path=DOCS / "page-phone.png", full_page=False)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
