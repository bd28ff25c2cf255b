"""The page on a generated graph of a few hundred nodes (tests/page_graph.py) in headless Chromium,
offline: layouts that survive toggles, first-view readability, filters that apply everywhere,
search with a list, highlight, evidence, export and the view in the URL."""
import csv
import io
import math
from pathlib import Path

import pytest
from conftest import offline_page
from page_graph import generated

from kg.export.html import page_data, render_html
from kg.graph import build_graph


@pytest.fixture(scope="module")
def graph():
    return build_graph(generated())


@pytest.fixture(scope="module")
def page_file(graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("views") / "graph.html"
    path.write_text(render_html(graph, title="Generated"), encoding="utf-8")
    return path


@pytest.fixture()
def page(browser, page_file):
    p, log = offline_page(browser, page_file)
    yield p
    assert log["console"] == [] and log["requests"] == [] and log["dialogs"] == []
    p.close()


def _positions(page, ids=None):
    return page.evaluate("ids => kg.network.getPositions(ids)", ids)


def _spread(pos):
    xs = [p["x"] for p in pos.values()]
    ys = [p["y"] for p in pos.values()]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def test_the_graph_has_a_few_hundred_nodes(graph):
    assert 300 <= graph.number_of_nodes() <= 600


def test_positions_survive_every_toggle_and_filter(page):
    events = page.evaluate("kg.visibleNodes().filter(id => id.startsWith('event/'))")
    before = _positions(page, events)
    assert _spread(before) > 500
    page.evaluate("kg.setMode('actor')")
    page.evaluate("kg.setMode('event')")
    page.evaluate("kg.setType('visit', false)")
    page.evaluate("kg.setType('Person', false)")
    page.evaluate("kg.setDates('2024-02-01', '2024-02-20', false)")
    page.evaluate("kg.setDates('', '', true)")
    page.evaluate("kg.setType('visit', true)")
    page.evaluate("kg.setType('Person', true)")
    assert _positions(page, events) == before  # nothing piled up, nothing moved


def test_the_layout_is_the_same_on_every_load(browser, page_file, page):
    other, _ = offline_page(browser, page_file)
    try:
        assert _positions(other) == _positions(page)
    finally:
        other.close()


def test_the_actor_view_has_its_own_layout(page, graph):
    data = page_data(graph)
    by_id = {n["id"]: n for n in data["nodes"]}
    page.evaluate("kg.setMode('actor')")
    shown = page.evaluate("kg.visibleNodes()")
    assert shown and not [i for i in shown if i.startswith("event/")]
    pos = _positions(page, shown)
    assert all((pos[i]["x"], pos[i]["y"]) == (by_id[i]["ax"], by_id[i]["ay"]) for i in shown)
    assert sum((by_id[i]["ax"], by_id[i]["ay"]) != (by_id[i]["x"], by_id[i]["y"]) for i in shown) > len(shown) / 2
    assert _spread(pos) > 300
    page.evaluate("kg.setMode('event')")
    assert all((p["x"], p["y"]) == (by_id[i]["x"], by_id[i]["y"]) for i, p in _positions(page, shown).items())


def test_the_first_view_shows_the_main_actors_and_hides_idle_entities(page, graph):
    data = page_data(graph)
    ents = [n for n in data["nodes"] if n["kind"] == "entity"]
    idle = {n["id"] for n in ents if n["events"] == 0}
    assert len(idle) >= 40
    shown = set(page.evaluate("kg.visibleNodes()"))
    assert not shown & idle
    labelled = set(page.evaluate("kg.labelled()"))
    top = sorted(ents, key=lambda n: (-n["events"], n["name"]))[:len(labelled)]
    assert 5 <= len(labelled) <= 20 and labelled == {n["id"] for n in top}  # the main actors, by events
    scale = page.evaluate("kg.network.getScale()")
    page.evaluate("s => kg.network.moveTo({scale: s})", scale * 2.5)
    more = set(page.evaluate("kg.labelled()"))  # of the nodes in view: more, as one zooms in
    assert len(more) >= 3 * len(labelled)
    page.evaluate("kg.setIdle(true)")
    assert idle <= set(page.evaluate("kg.visibleNodes()"))


def test_node_size_grows_with_events(graph):
    ents = [n for n in page_data(graph)["nodes"] if n["kind"] == "entity"]
    by_events = sorted(ents, key=lambda n: n["events"])
    assert by_events[0]["size"] < by_events[-1]["size"]
    assert all(a["size"] <= b["size"] for a, b in zip(by_events, by_events[1:], strict=False))


def test_a_type_filter_applies_to_graph_actor_view_timeline_and_actors(page, graph):
    data = page_data(graph)
    visits = {n["id"] for n in data["nodes"] if n.get("kgtype") == "visit"}
    page.evaluate("kg.setType('visit', false)")
    assert not set(page.evaluate("kg.visibleNodes()")) & visits
    hidden = page.evaluate("Array.from(document.querySelectorAll('#timeline li[data-id]')).filter(li => !li.hidden)"
                           ".map(li => li.dataset.id)")
    assert hidden and not set(hidden) & visits
    # an actor whose only events are visits goes with them
    only_visits = {n["id"] for n in data["nodes"] if n["kind"] == "entity" and n["events"] and
                   {u for u, _ in graph.in_edges(n["id"])} <= visits}
    assert only_visits and not set(page.evaluate("kg.visibleNodes()")) & only_visits
    page.evaluate("kg.setMode('actor')")
    labels = page.evaluate("kg.visibleEdges().map(id => kg.network.body.data.edges.get(id))")
    assert labels and not [e for e in labels if e["id"].startswith("a") and
                           {ev for ev in next(x for x in data["edges"] if x["id"] == e["id"])["events"]} <= visits]
    page.evaluate("kg.setType('visit', true)")
    page.evaluate("kg.setMode('event')")


def test_actor_edges_count_distinct_occasions_under_the_filters(browser, tmp_path):
    from datetime import date

    from kg.types import Article, Entity, Event, Evidence, Resolved

    ents = (Entity("person/a", "Person", "Ana Tarvo"), Entity("state/B", "State", "Belmar", iso="BL"))
    arts = tuple(Article(a, "", title=a) for a in "xyz")

    def visit(i, art, day):
        return Event(f"event/visit-{i}", "visit", "042", "CONSULT", "visit", ("person/a",), ("state/B",), None,
                     day, (Evidence(art, 0, 5, f"Visit {i}."),))
    res = Resolved(arts, ents, (), (visit(1, "x", date(2024, 3, 1)), visit(2, "y", date(2024, 3, 1)),
                                    visit(3, "x", date(2024, 3, 3)), visit(4, "x", date(2024, 5, 2)),
                                    visit(5, "x", None), visit(6, "z", None)))
    path = tmp_path / "p.html"
    path.write_text(render_html(build_graph(res)), encoding="utf-8")
    page, log = offline_page(browser, path)
    try:
        page.evaluate("kg.setMode('actor')")
        page.evaluate("kg.network.moveTo({scale: 1.5})")
        edge = page.evaluate("kg.visibleEdges()")[0]
        # 1-3 March (one trip told day by day, in two articles), 2 May, and article z's undated
        # report (article x's undated one is of a trip x dates): 3 occasions, not 6 events
        assert page.evaluate(f"kg.edgeLabel('{edge}')") == "visited \u00d73"
        page.evaluate("kg.setDates('2024-01-01', '2024-04-01', false)")
        assert page.evaluate(f"kg.edgeLabel('{edge}')") == "visited"
        assert log["console"] == []
    finally:
        page.close()


def test_search_lists_matches_and_keyboard_and_click_choose(page):
    page.fill("#search", "ka")
    items = page.evaluate("Array.from(document.querySelectorAll('#matches li')).map(li => li.dataset.id)")
    assert len(items) > 3 and items == page.evaluate("kg.matches('ka')")[:len(items)]
    page.press("#search", "ArrowDown")
    page.press("#search", "Enter")
    assert page.evaluate("kg.selected()") == [items[1]]
    page.fill("#search", "Pe-alias-7")
    assert page.evaluate("kg.matches('Pe-alias-7')")[0] == "person/7"  # by alias, exact first
    page.click("#matches li[data-id='person/7']")
    assert page.evaluate("kg.selected()") == ["person/7"]
    page.fill("#search", "no such name at all")
    page.press("#search", "Enter")
    assert page.inner_text("#found") == "not found"


def test_highlight_fades_other_nodes_edges_and_labels(page):
    page.evaluate("kg.select('person/0')")
    labelled = page.evaluate("kg.labelled()")
    near = set(page.evaluate("kg.network.getConnectedEdges('person/0')"))
    edges = page.evaluate("kg.visibleEdges().map(id => kg.network.body.data.edges.get(id))")
    far = [e for e in edges if e["id"] not in near]
    assert near and far
    assert all(e["color"]["opacity"] <= 0.1 and "0.1)" in e["font"]["color"] for e in far)
    assert all(e["color"].get("opacity", 1) == 1 for e in edges if e["id"] in near)
    near_nodes = set(page.evaluate("kg.network.getConnectedNodes('person/0')")) | {"person/0"}
    far_labelled = [i for i in labelled if i not in near_nodes]
    assert far_labelled
    for i in far_labelled:
        other = page.evaluate(f"kg.network.body.data.nodes.get('{i}')")
        assert other["opacity"] < 0.2 and other["font"]["color"].endswith("0.15)")


def test_event_labels_say_who_whom_and_what(graph):
    data = page_data(graph)
    for n in data["nodes"]:
        if n["kind"] == "event":
            assert n["label"].endswith(", " + {"visit": "visit", "meet": "meeting", "sign_agreement": "signing",
                                               "praise": "praise", "criticize": "criticism",
                                               "propose": "proposal"}[n["kgtype"]])
            assert n["label"].split(",")[0].strip() not in ("", "?")


def test_the_evidence_panel_links_sources_names_codes_and_gives_every_sentence(browser, tmp_path):
    from datetime import date

    from kg.types import Article, Entity, Event, Evidence, Resolved

    ents = (Entity("person/a", "Person", "Ana Tarvo"), Entity("state/B", "State", "Belmar", iso="BL"))
    arts = (Article("x", "", title="Ana Tarvo in Belmar", url="https://news.example.org/a", published=date(2024, 3, 2)),
            Article("y", "", title="Second report", url="javascript:alert(1)", published=date(2024, 3, 3)))
    ev = Event("event/sign-1", "sign_agreement", "057", "AGREE", "signing", ("person/a", "state/B"), (), None,
               date(2024, 3, 1), (Evidence("x", 0, 9, "They signed it."), Evidence("y", 0, 9, "A deal was signed.")))
    path = tmp_path / "e.html"
    path.write_text(render_html(build_graph(Resolved(arts, ents, (), (ev,)))), encoding="utf-8")
    page, log = offline_page(browser, path)
    try:
        page.evaluate("kg.select('event/sign-1')")
        text = page.inner_text("#details")
        assert "057 \u201csign formal agreement\u201d" in text and "AGREE \u201cagree:" in text
        assert "They signed it." in text and "A deal was signed." in text
        assert "Ana Tarvo in Belmar, 2024-03-02" in text and "Second report, 2024-03-03" in text
        links = page.evaluate("Array.from(document.querySelectorAll('#details a')).map(a => [a.href, a.target, a.rel])")
        assert links == [["https://news.example.org/a", "_blank", "noopener noreferrer"]]  # javascript: is no link
        page.click("#details .go >> text=Ana Tarvo")
        assert page.evaluate("kg.selected()") == ["person/a"]
        assert "Events (1)" in page.inner_text("#details")
        assert log["console"] == [] and log["requests"] == []
    finally:
        page.close()


def test_legend_shows_shapes_and_colours(page, graph):
    legend = page_data(graph)["legend"]
    got = page.evaluate("Array.from(document.querySelectorAll('#entity-filters label')).map(l =>"
                        " [l.querySelector('input').dataset.type, l.querySelector('svg').dataset.shape,"
                        " l.querySelector('svg *').getAttribute('fill')])")
    assert {t: (s, c) for t, s, c in got} == {t: (legend["shapes"][t], c) for t, c in legend["entities"].items()}


def test_csv_export_is_the_visible_events(page, graph):
    page.evaluate("kg.setType('praise', false)")
    with page.expect_download() as dl:
        page.click("#csv")
    assert dl.value.suggested_filename == "kg-events.csv"
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    visible = [i for i in page.evaluate("kg.visibleNodes()") if i.startswith("event/")]
    assert sorted(r["id"] for r in rows) == sorted(visible) and not [r for r in rows if r["type"] == "praise"]
    assert {"type", "date", "agents", "targets", "place", "cameo", "confidence", "source"} <= set(rows[0])
    assert all(r["source"].startswith("https://news.example.org/") for r in rows)
    assert all(math.isfinite(float(r["confidence"])) for r in rows)


def test_csv_cells_never_start_a_formula(browser, tmp_path):
    from kg.types import Article, Entity, Event, Evidence, Resolved

    ents = (Entity("person/a", "Person", "=HYPERLINK(\"http://x\")"), Entity("state/B", "State", "Belmar"))
    ev = Event("event/visit-1", "visit", "042", "CONSULT", "visit", ("person/a",), ("state/B",), None, None,
               (Evidence("x", 0, 5, '+1, "quoted", and a comma'),))
    path = tmp_path / "c.html"
    path.write_text(render_html(build_graph(Resolved((Article("x", ""),), ents, (), (ev,)))), encoding="utf-8")
    page, _ = offline_page(browser, path)
    try:
        row = next(csv.DictReader(io.StringIO(page.evaluate("kg.csv()"))))
        assert row["agents"] == "'=HYPERLINK(\"http://x\")" and row["evidence"] == "'+1, \"quoted\", and a comma"
    finally:
        page.close()


def test_png_export_is_an_image_of_the_view(page):
    with page.expect_download() as dl:
        page.click("#png")
    assert dl.value.suggested_filename == "kg-view.png"
    data = Path(dl.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_a_copied_link_opens_the_same_view(browser, page, page_file):
    page.evaluate("kg.setMode('actor')")
    page.evaluate("kg.setType('criticize', false)")
    page.evaluate("kg.setDates('2024-01-10', '2024-03-01', false)")
    page.evaluate("kg.select('person/1')")
    page.evaluate("kg.network.moveTo({scale: 1.7, position: {x: 40, y: -30}})")
    page.click("#link")
    link = page.input_value("#share")
    assert link.startswith(page_file.as_uri() + "#") and "mode=actor" in link
    want = page.evaluate("kg.state()")
    other = browser.new_page()
    try:
        other.route("**/*", lambda r: r.continue_() if r.request.url.startswith(page_file.as_uri()) else r.abort())
        other.goto(link)
        other.wait_for_function("window.kg !== undefined")
        got = other.evaluate("kg.state()")
        assert {k: got[k] for k in ("mode", "types", "from", "to", "undated", "idle", "focus")} == \
            {k: want[k] for k in ("mode", "types", "from", "to", "undated", "idle", "focus")}
        assert abs(got["scale"] - 1.7) < 0.01 and abs(got["position"]["x"] - 40) < 1
        assert other.is_checked("input[name=mode][value=actor]") and not other.is_checked(
            "#event-filters input[data-type=criticize]")
        assert other.inner_text("#details").split("\n")[0] == page.inner_text("#details").split("\n")[0]
    finally:
        other.close()


def test_a_very_large_graph_gets_a_bounded_page_with_a_note(browser, tmp_path):
    g = build_graph(generated())
    path = tmp_path / "b.html"
    data = page_data(g, limit=120)
    assert len(data["nodes"]) <= 120 and data["bounded"]["events"][1] == 160
    from kg.export.html import page_bytes

    path.write_bytes(page_bytes(g, title="bounded", limit=120))
    page, _ = offline_page(browser, path)
    try:
        note = page.inner_text("#bounded")
        assert "of 160 events" in note and page.is_visible("#bounded")
    finally:
        page.close()


def test_a_selection_the_filters_hide_is_dropped(page):
    page.evaluate("kg.select('person/0')")
    assert page.evaluate("kg.selected()") == ["person/0"]
    page.evaluate("kg.setType('Person', false)")
    assert page.evaluate("kg.selected()") == [] and page.inner_text("#details") == "Click a node or an edge."
    assert "sel=" not in page.evaluate("location.hash")
    page.evaluate("kg.setType('Person', true)")
    event = page.evaluate("kg.visibleNodes().find(id => id.startsWith('event/'))")
    page.evaluate(f"kg.select('{event}')")
    page.evaluate("kg.setMode('actor')")  # events are not in the actor view
    assert page.evaluate("kg.selected()") == [] and "mode=actor" in page.evaluate("location.hash")
    page.evaluate("kg.setMode('event')")
    page.evaluate("kg.select('person/0')")
    page.keyboard.press("Escape")
    assert page.evaluate("kg.selected()") == []


def test_the_actor_view_shows_no_actor_without_an_edge(page):
    page.evaluate("kg.setMode('actor')")
    page.evaluate("kg.setType('State', false)")  # people whose only partners are states are left alone
    shown = set(page.evaluate("kg.visibleNodes()"))
    ends = page.evaluate("kg.visibleEdges().map(id => kg.network.body.data.edges.get(id))")
    assert shown and shown == {e["from"] for e in ends} | {e["to"] for e in ends}


def test_an_entity_panel_lists_only_the_visible_events(page, graph):
    page.evaluate("kg.setType('visit', false)")
    page.evaluate("kg.select('person/0')")
    text = page.inner_text("#details")
    events = {n["id"]: n for n in page_data(graph)["nodes"] if n["kind"] == "event"}
    mine = [u for u, _ in graph.in_edges("person/0")]
    shown = [e for e in mine if events[e]["kgtype"] != "visit"]
    assert f"events: {len(mine)} ({len(shown)} shown by the filters)" in text and f"Events ({len(shown)})" in text


def test_dates_that_are_no_dates_set_no_bound(page):
    page.evaluate("kg.setDates('garbage', '2024-13-45', true)")
    state = page.evaluate("kg.state()")
    assert state["from"] == "" and state["to"] == ""
    page.evaluate("kg.setDates('2024-04-01', '2024-03-01', true)")
    assert "after" in page.inner_text("#found")


def test_labels_keep_a_readable_screen_size_at_any_zoom(page):
    for factor in (1, 3, 8):
        page.evaluate(f"kg.network.moveTo({{scale: kg.network.getScale() * {factor}}})")
        page.wait_for_timeout(100)  # a zoom past the bound is taken back after the frame
        scale = page.evaluate("kg.network.getScale()")
        assert scale <= 4  # zoom is bounded
        sizes = page.evaluate("kg.labelled().filter(id => !id.startsWith('event/'))"
                              ".map(id => kg.network.body.data.nodes.get(id).font.size)")
        assert sizes and all(9 <= s * scale <= 20 for s in sizes), (factor, scale, sizes[:3])
