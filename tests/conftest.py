"""Shared fixtures: the spaCy model and the sample article's build are made once per session."""
from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

# the CLI caches per-article results; tests (and the processes they start) use a fresh folder
os.environ["KG_CACHE_DIR"] = tempfile.mkdtemp(prefix="kg-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raeisi-havana-2023.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def sample_result(nlp):
    from kg.pipeline import build

    return build([SAMPLE])


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Extract one short text (dated 2023-06-16, a Friday, unless told) -> ArticleExtraction."""
    from kg.extract import extract_article
    from kg.ingest import parse_article

    def run(text: str, published: date = date(2023, 6, 16)):
        article = parse_article(text, article_id="t", published=published)
        return extract_article(nlp(article.parse_text()), article)

    return run


def events_of(ex, etype=None):
    """Events of an extraction as (type, agents, targets, place, date) with readable refs."""
    out = []
    for e in ex.events:
        if etype and e.type != etype:
            continue
        out.append((e.type, tuple(sorted(e.agents)), tuple(sorted(e.targets)), e.place,
                    e.date.isoformat() if e.date else None))
    return out


CHROMIUM = Path("/usr/bin/chromium")


def offline_page(browser, path: Path):
    """Open a local page in Playwright with every other request refused; (page, log) where log
    records refused requests, console errors, page errors and dialogs."""
    page = browser.new_page()
    log = {"requests": [], "console": [], "dialogs": []}
    page.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri() else
               (log["requests"].append(route.request.url), route.abort()))
    page.on("console", lambda m: log["console"].append((m.type, m.text)) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: log["console"].append(("pageerror", str(e))))
    page.on("dialog", lambda d: (log["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("window.kg !== undefined")
    return page, log


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (skips where either is missing)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def store_result(nlp, sample_result):
    """The graph that the triple-store tests load: the development corpus with the seed when
    ../shared lies beside the project (developers' machines, CI), else the sample."""
    shared = ROOT.parent / "shared"
    if (shared / "corpus" / "dev").is_dir() and (shared / "seeds").is_dir():
        from kg.pipeline import build

        return build([shared / "corpus" / "dev", shared / "seeds"])
    return sample_result


@pytest.fixture(scope="session")
def store_files(store_result, tmp_path_factory):
    """store_result written as graph.ttl and graph.nt in a folder of their own."""
    from kg.export.rdf import serialize, write_atomic

    out = tmp_path_factory.mktemp("store-files")
    for ext in ("ttl", "nt"):
        write_atomic(out / f"graph.{ext}", serialize(store_result.ntriples, ext))
    return out


def wait_for_sparql(url: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Wait until the SPARQL server at url answers (or its process ends, or time runs out)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_server_binary() -> str:
    """The oxigraph server program, or the test is skipped."""
    from kg.endpoint import oxigraph_binary
    from kg.errors import KgError

    try:
        return oxigraph_binary()
    except KgError:
        pytest.skip("the oxigraph server is not installed")


@contextlib.contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """A real Oxigraph server on loopback with its store in `location`; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_server_binary(), "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_sparql(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
