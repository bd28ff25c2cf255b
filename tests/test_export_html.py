"""The page: self-contained (no http(s) resource), article text escaped, opens in Chromium."""
import re
import shutil
import subprocess
from datetime import date

import pytest

from kg.export.html import render_html
from kg.graph import build_graph
from kg.types import Entity, Event, Evidence, Resolved

HOSTILE = ('<script>window.kgPwned=1</script><img src=x onerror="window.kgPwned=2"> '
           'href="javascript:window.kgPwned=3" `x` \'q\' </script><script>window.kgPwned=4</script>')


def _hostile_graph(text=HOSTILE):
    ev = Evidence("a", 0, len(text), text)
    ents = (Entity("person/x", "Person", text, (text,)), Entity("state/CU", "State", "Cuba", (), "CU"))
    events = (Event("event/visit-1", "visit", "042", "CONSULT", "visit", ("person/x",), ("state/CU",), None,
                    date(2023, 1, 1), (ev,)),)
    return build_graph(Resolved((), ents, (), events))


def test_page_references_no_remote_resource(sample_result):
    page = render_html(sample_result.graph)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "@import" not in page


def test_hostile_text_never_becomes_markup():
    page = render_html(_hostile_graph())
    assert "<script>window.kgPwned" not in page
    assert "<img src=x" not in page
    assert page.count("<script") == render_html(_hostile_graph("harmless")).count("<script")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed (.ci/run installs it)")
def test_page_draws_in_headless_chromium_offline(tmp_path, sample_result):
    page = tmp_path / "graph.html"
    page.write_text(render_html(sample_result.graph), encoding="utf-8")
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--proxy-server=127.0.0.1:9", "--virtual-time-budget=5000",
           "--dump-dom", page.as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    assert "<canvas" in dom  # vis-network drew the graph
    assert "vis-network" in dom


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed (.ci/run installs it)")
def test_hostile_page_runs_no_injected_script(tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(render_html(_hostile_graph()).replace(
        "</body>", "<script>window.setTimeout(function(){document.title='kg-ok:'+(window.kgPwned||0)},100)</script></body>"),
        encoding="utf-8")
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}",
           "--virtual-time-budget=3000", "--dump-dom", page.as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    assert "<canvas" in dom
    assert "<title>kg-ok:0</title>" in dom  # no injected script or handler ran
