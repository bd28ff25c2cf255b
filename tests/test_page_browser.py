"""The page in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright), with
every request other than the page itself refused and recorded."""
from datetime import date

import pytest
from conftest import offline_page

from kg.export.html import render_html
from kg.graph import build_graph
from kg.types import Entity, Event, Evidence, Resolved

HOSTILE = ('<script>window.kgPwned=1</script><img src=x onerror="window.kgPwned=2;alert(2)"> '
           'href="javascript:alert(3)" `x` \'q\' </script><script>alert(4)</script>')


@pytest.fixture(scope="module")
def sample_page(browser, sample_result, tmp_path_factory):
    path = tmp_path_factory.mktemp("page") / "graph.html"
    path.write_text(render_html(sample_result.graph), encoding="utf-8")
    return offline_page(browser, path)


def test_page_loads_offline_without_errors(sample_page):
    page, log = sample_page
    assert log["requests"] == [] and log["console"] == [] and log["dialogs"] == []
    assert page.evaluate("document.querySelector('#graph canvas') !== null")


def test_counts_equal_the_graph(sample_page, sample_result):
    """Event view: every event, every entity that takes part in one (all of them with the toggle),
    every role edge. Actor view: the agents and targets, one edge per pair and event type, and the
    offices."""
    page, _ = sample_page
    g = sample_result.graph
    roles = [(u, v, d) for u, v, d in g.edges(data=True) if d["kind"] == "role"]
    page.evaluate("kg.setMode('event')")
    assert set(page.evaluate("kg.visibleNodes()")) == {u for u, _, _ in roles} | {v for _, v, _ in roles}
    assert len(page.evaluate("kg.visibleEdges()")) == len(roles)
    page.evaluate("kg.setIdle(true)")
    assert len(page.evaluate("kg.visibleNodes()")) == g.number_of_nodes()
    page.evaluate("kg.setIdle(false)")
    page.evaluate("kg.setMode('actor')")
    actors = {v for _, v, d in roles if d["role"] != "place"}
    assert set(page.evaluate("kg.visibleNodes()")) == actors
    direct = {(u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if d["kind"] == "relation"}
    shown = page.evaluate("kg.visibleEdges().map(id => kg.network.body.data.edges.get(id))")
    assert len(shown) == len({(e["from"], e["to"], e["label"]) for e in shown})  # one edge per pair and type
    offices = {(u, v) for u, v, k in direct if k in ("leader_of", "official_of")}
    assert {(e["from"], e["to"]) for e in shown if e["id"].startswith("o")} == offices
    # every direct relation of the graph is there (visited, met with, signed with), and more: praise etc.
    pairs = {(e["from"], e["to"]) for e in shown} | {(e["to"], e["from"]) for e in shown}
    assert {(u, v) for u, v, _ in direct} <= pairs
    page.evaluate("kg.setMode('event')")


def test_search_by_alias_focuses_the_node(sample_page):
    page, _ = sample_page
    page.fill("#search", "Raieis")
    assert page.inner_text("#matches li").startswith("Ebrahim Raeisi")  # the list, as one types
    page.press("#search", "Enter")
    assert page.evaluate("kg.selected()") == ["person/ebrahim-raeisi"]
    assert "Ebrahim Raeisi" in page.inner_text("#details")
    assert page.inner_text("#found").startswith("found")


def test_filters_hide_the_right_nodes(sample_page, sample_result):
    page, _ = sample_page
    page.uncheck("#entity-filters input[data-type=Person]")
    visible = set(page.evaluate("kg.visibleNodes()"))
    people = {n for n, d in sample_result.graph.nodes(data=True) if d.get("type") == "Person"}
    assert people and not visible & people
    page.check("#entity-filters input[data-type=Person]")
    page.evaluate("kg.setDates('2023-06-15', '2023-06-15', false)")
    events = {n: d for n, d in sample_result.graph.nodes(data=True) if d["kind"] == "event"}
    visible = set(page.evaluate("kg.visibleNodes()"))
    assert {n for n in events if n in visible} == {n for n, d in events.items() if d["date"] == "2023-06-15"}
    page.evaluate("kg.setDates('', '', true)")


def test_timeline_lists_events_in_date_order_and_selects(sample_page, sample_result):
    page, _ = sample_page
    ids = page.evaluate("Array.from(document.querySelectorAll('#timeline li[data-id]')).map(li => li.dataset.id)")
    events = {n: d for n, d in sample_result.graph.nodes(data=True) if d["kind"] == "event"}
    assert sorted(ids) == sorted(events)
    dates = [events[i]["date"] for i in ids if events[i]["date"]]
    assert dates == sorted(dates)
    page.click(f"#timeline li[data-id='{ids[0]}']")
    assert page.evaluate("kg.selected()") == [ids[0]]
    assert events[ids[0]]["evidence"][0]["text"] in page.inner_text("#details")


def test_hostile_article_runs_no_script_and_opens_no_dialog(browser, tmp_path):
    ev = Evidence("a", 0, len(HOSTILE), HOSTILE)
    ents = (Entity("person/x", "Person", HOSTILE, (HOSTILE,)), Entity("state/CU", "State", "Cuba", (), "CU"))
    events = (Event("event/visit-1", "visit", "042", "CONSULT", "visit", ("person/x",), ("state/CU",), None,
                    date(2023, 1, 1), (ev,)),)
    path = tmp_path / "hostile.html"
    path.write_text(render_html(build_graph(Resolved((), ents, (), events)), title=HOSTILE), encoding="utf-8")
    page, log = offline_page(browser, path)
    page.fill("#search", "script")
    page.press("#search", "Enter")
    page.click("#timeline li[data-id]")
    page.wait_for_timeout(300)
    assert log["dialogs"] == [] and log["requests"] == []
    assert page.evaluate("window.kgPwned === undefined")
    assert HOSTILE in page.inner_text("#details")  # shown as text


def test_a_phone_gets_the_graph_at_full_width_and_the_panel_below(browser, sample_result, tmp_path):
    path = tmp_path / "graph.html"
    path.write_text(render_html(sample_result.graph), encoding="utf-8")
    page, log = offline_page(browser, path)
    try:
        assert page.evaluate("document.querySelector('meta[name=viewport]').content").startswith("width=device-width")
        page.set_viewport_size({"width": 390, "height": 844})
        graph = page.evaluate("(() => { const r = document.querySelector('#graph').getBoundingClientRect();"
                              " return [r.width, r.height, r.bottom]; })()")
        side = page.evaluate("(() => { const r = document.querySelector('#side').getBoundingClientRect();"
                             " return [r.width, r.top]; })()")
        assert graph[0] >= 380 and graph[1] >= 300  # was 30 px wide beside a 360 px panel
        assert side[0] >= 380 and side[1] >= graph[2] - 1  # the panel below the graph, at full width
        assert log["console"] == [] and log["requests"] == []
    finally:
        page.close()
