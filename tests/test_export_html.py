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


def _hub_graph(hubs: int = 6, events: int = 900, isolated: int = 40):
    """A news-like hairball: events each tied to two of a few hub actors, and lone entities."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for i in range(events):
        for h in (i % hubs, (i * 7 + 1) % hubs):
            g.add_edge(f"ev{i}", f"hub{h}", key="agent")
    g.add_nodes_from(f"lone{i}" for i in range(isolated))
    return g


def test_large_layout_spreads_a_hairball_and_is_deterministic():
    import numpy as np
    from scipy.spatial import cKDTree

    from kg.export.html import layout

    g = _hub_graph()
    pos = layout(g)
    assert set(pos) == set(g.nodes) and layout(g) == pos
    xy = np.array(list(pos.values()))
    assert np.isfinite(xy).all()
    nearest = cKDTree(xy).query(xy, k=2)[0][:, 1]
    assert abs(float(np.median(nearest)) - 40.0) < 1.0  # scaled to the requested spacing
    assert (nearest < 10).mean() < 0.1  # few nodes drawn on top of another
    radius = np.hypot(xy[:, 0], xy[:, 1])
    lone = np.array([pos[f"lone{i}"] for i in range(40)])
    # gravity keeps unconnected nodes near the drawing instead of flinging them far away
    assert np.hypot(lone[:, 0], lone[:, 1]).max() < 4 * np.percentile(radius, 90)


def test_title_with_template_markers_stays_text(sample_result):
    page = render_html(sample_result.graph, title="{{DATA}} {{VIS_JS}} <b>")
    assert page.count('<script id="kg-data"') == 1
    assert page.count("{{DATA}} {{VIS_JS}} &lt;b&gt;") >= 1  # the title, as written
    assert "{{" not in page.replace("{{DATA}} {{VIS_JS}}", "")
    data = page.split('<script id="kg-data" type="application/json">')[1].split("</script>")[0]
    assert data.isascii() and "Ra\\u00fal" in data  # non-ASCII names travel as JSON escapes


def test_short_names_in_event_labels():
    from kg.export.html import short_name

    assert short_name("Ilyas Marandi", "Person") == "Marandi"
    assert short_name("Karim bin Idris Al Rashed", "Person") == "Al Rashed"
    assert short_name("Greta von der Aue-Lind", "Person") == "von der Aue-Lind"
    assert short_name("Xi Jinping", "Person") == "Xi Jinping"  # short names stay whole (family name first)
    assert short_name("Kenya", "State") == "Kenya"
    assert short_name("International Union of Invented Things", "Organization") == "International Union o\u2026"


def test_the_page_of_a_graph_file_equals_the_page_of_its_build(sample_result):
    """kg view draws the RDF graph as kg build drew the records: the same ids, event labels,
    codes, sizes, positions in both views and actor edges."""
    from kg.export.html import page_data
    from kg.graph_from_rdf import graph_from_rdf

    def summary(data):
        names = {n["id"]: n["name"] for n in data["nodes"]}
        return (sorted((n["id"], n["label"], n.get("cameo"), n.get("plover"), n.get("date"), n["size"], n["x"], n["y"],
                        n.get("ax"), n.get("agents")) for n in data["nodes"]),
                sorted((names[e["from"]], names[e["to"]], e["label"], len(e.get("events") or []))
                       for e in data["edges"] if e["kind"] in ("actor", "office")))
    from_rdf = page_data(graph_from_rdf(sample_result.rdf))
    assert summary(from_rdf) == summary(page_data(sample_result.graph))
    assert any(e["kind"] == "actor" and e["label"] == "praised" for e in from_rdf["edges"])


def test_a_bounded_page_keeps_the_most_connected_actors_and_whole_events():
    from page_graph import generated

    from kg.export.html import select
    from kg.graph import build_graph

    g = build_graph(generated())
    sub, note = select(g, limit=100)
    assert note is not None and sub.number_of_nodes() <= 100
    assert note["events"][1] == 160 and note["entities"][0] + note["events"][0] == sub.number_of_nodes()
    for ev, d in sub.nodes(data=True):  # every event shown with all its participants
        if d["kind"] == "event":
            assert {v for _, v in g.out_edges(ev)} <= set(sub)
    def degree(n):
        return sum(1 for _ in g.in_edges(n))
    shown = [degree(n) for n, d in sub.nodes(data=True) if d["kind"] == "entity"]
    left = [degree(n) for n, d in g.nodes(data=True) if d["kind"] == "entity" and n not in sub]
    top = max(g.nodes, key=lambda n: (degree(n), n))
    assert top in sub and sum(shown) / len(shown) > 2 * sum(left) / len(left)  # the most connected actors
    assert select(g, limit=10_000) == (g, None)
