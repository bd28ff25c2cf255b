"""The page: self-contained (no http(s) resource), article text escaped, opens in Chromium."""
import re
from datetime import date


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
