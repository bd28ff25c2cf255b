"""The event-type registry (kg/lexicons/event_types.tsv): every stage knows every registered
type; triggers.tsv names no other type; a new type is one row plus its triggers."""
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kg import lexicons
from kg.errors import LexiconError
from kg.event_types import EVENT_TYPES, direct_edges, event_type, event_types
from kg.types import Entity, Event, Evidence, Resolved

ROOT = Path(__file__).resolve().parent.parent


def _resolved(types: tuple[str, ...]) -> Resolved:
    """One event of each type between two hand-made people, in a hand-made sentence."""
    ev = Evidence("a1", 0, 40, "Alma Ruiz met Bea Kovacs in a test town.")
    people = (Entity("person/alma-ruiz", "Person", "Alma Ruiz"), Entity("person/bea-kovacs", "Person", "Bea Kovacs"))
    events = tuple(Event(f"event/{t}-1", t, event_type(t).cameo + "0", event_type(t).plover, event_type(t).label,
                         ("person/alma-ruiz", "person/bea-kovacs") if event_type(t).joint else ("person/alma-ruiz",),
                         () if event_type(t).joint else ("person/bea-kovacs",), None, date(2023, 6, 1), (ev,))
                   for t in types)
    from kg.types import Article

    return Resolved((Article("a1", "", title="A test"),), people, (), events)


def test_every_stage_knows_every_registered_type():
    from kg import types
    from kg.export.html import EDGE_LABELS, EVENT_COLOURS, page_data
    from kg.export.rdf import graph_of, to_ntriples
    from kg.export.vocab import DIRECT_PROPERTIES, EVENT_CLASSES
    from kg.extract.lexicon import load_lexicon
    from kg.graph import build_graph
    from kg.graph_from_rdf import graph_from_rdf
    from kg.resolve import EVENT_LABELS

    assert EVENT_TYPES and types.EVENT_TYPES == EVENT_TYPES
    triggered = {t.type for t in load_lexicon().triggers}
    for name, kind in event_types().items():
        assert name in triggered, f"no trigger in triggers.tsv for {name}"
        assert EVENT_LABELS[name] == kind.label and name in EVENT_CLASSES and name in EVENT_COLOURS
        if kind.direct:
            assert DIRECT_PROPERTIES[kind.direct.name][1] == EDGE_LABELS[kind.direct.name] == kind.direct.label

    res = _resolved(EVENT_TYPES)
    nt = to_ntriples(res).decode()
    g = build_graph(res)
    back = graph_from_rdf(graph_of(nt.encode()))
    page = page_data(g)
    colours = {n["id"]: n["color"] for n in page["nodes"]}
    for ev in res.events:
        kind = event_type(ev.type)
        cls = EVENT_CLASSES[ev.type][0]
        assert f"<https://example.org/kg/{ev.key}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{cls}> ." in nt
        assert f'<{cls}> <http://www.w3.org/2000/01/rdf-schema#label> "{kind.class_label}"@en .' in nt
        assert g.nodes[ev.key]["type"] == ev.type and colours[ev.key] == kind.colour
        assert back.nodes[ev.key]["type"] == ev.type  # read back under the same key
        assert back.nodes[ev.key]["label"] == kind.label
        if kind.direct:
            prop = DIRECT_PROPERTIES[kind.direct.name][0]
            pair = ("<https://example.org/kg/person/alma-ruiz>", "<https://example.org/kg/person/bea-kovacs>")
            assert f"{pair[0]} <{prop}> {pair[1]} ." in nt
            assert g.has_edge("person/alma-ruiz", "person/bea-kovacs", key=kind.direct.name)
    assert set(page["legend"]["events"]) == set(EVENT_TYPES)


def test_the_signing_property_has_one_label_everywhere():
    from kg.export.html import EDGE_LABELS
    from kg.export.vocab import DIRECT_PROPERTIES

    assert DIRECT_PROPERTIES["signed_agreement_with"][1] == EDGE_LABELS["signed_agreement_with"] \
        == "signed an agreement with"


@pytest.mark.parametrize(("kind", "agents", "targets", "edges"), [
    ("visit", ("a", "b"), ("c", "a"), [("a", "c"), ("b", "c"), ("b", "a")]),  # no edge to oneself
    ("meet", ("c", "a", "b", "a"), (), [("a", "b"), ("a", "c"), ("b", "c")]),  # sorted pairs, once
    ("praise", ("a",), ("b",), []),  # no direct relation
    ("no_such_type", ("a",), ("b",), []),
])
def test_direct_edges(kind, agents, targets, edges):
    assert list(direct_edges(kind, agents, targets)) == edges


def _clear_caches() -> None:
    from kg.extract.lexicon import load_lexicon

    for f in (lexicons.rows, lexicons.words, lexicons.mapping, event_types, load_lexicon):
        f.cache_clear()


def test_a_trigger_of_an_unknown_type_is_an_error(tmp_path, monkeypatch):
    from kg.extract.lexicon import load_lexicon

    shipped = (lexicons.SHIPPED / "triggers.tsv").read_text(encoding="utf-8")
    (tmp_path / "triggers.tsv").write_text(shipped + "bless\tVERB\tbenediction\t051\tENDORSE\tactor\t\n",
                                           encoding="utf-8")
    monkeypatch.setenv("KG_LEXICONS", str(tmp_path))
    _clear_caches()
    try:
        with pytest.raises(LexiconError, match=r"triggers\.tsv: .*'bless'.*'benediction'"):
            load_lexicon()
    finally:
        monkeypatch.delenv("KG_LEXICONS")
        _clear_caches()
    assert load_lexicon().triggers


def test_a_new_type_is_one_row_plus_its_triggers(tmp_path):
    """In a fresh interpreter with a user's lexicon folder: the new type's class, label, direct
    property and colour reach the N-Triples and the page, and its trigger is read."""
    registry = (lexicons.SHIPPED / "event_types.tsv").read_text(encoding="utf-8")
    (tmp_path / "event_types.tsv").write_text(
        registry + "host_summit\tsummit\tSummit\tSummit\t04\tconsult\tCONSULT\tjoint\tsummited_with\tsummitedWith"
                   "\theld a summit with\t#123456\n", encoding="utf-8")
    triggers = (lexicons.SHIPPED / "triggers.tsv").read_text(encoding="utf-8")
    (tmp_path / "triggers.tsv").write_text(triggers + "summit\tNOUN\thost_summit\t043\tCONSULT\tjoint\t\n",
                                           encoding="utf-8")
    script = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r})
from tests.test_event_types import _resolved
from kg.export.rdf import to_ntriples
from kg.export.html import page_data
from kg.graph import build_graph
from kg.extract.lexicon import load_lexicon
res = _resolved(("host_summit",))
print(json.dumps({{"nt": to_ntriples(res).decode(),
                  "colour": {{n["id"]: n["color"] for n in page_data(build_graph(res))["nodes"]}}[res.events[0].key],
                  "triggers": [t.words for t in load_lexicon().triggers if t.type == "host_summit"]}}))
"""
    env = {"KG_LEXICONS": str(tmp_path), "PATH": "/usr/bin:/bin", "KG_CACHE_DIR": str(tmp_path / "cache")}
    out = json.loads(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                                    check=True, cwd=ROOT).stdout)
    nt = out["nt"]
    assert "<https://example.org/kg/event/host_summit-1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " \
           "<https://example.org/kg/ontology#Summit> ." in nt
    assert '<https://example.org/kg/ontology#summitedWith> <http://www.w3.org/2000/01/rdf-schema#label> ' \
           '"held a summit with"@en .' in nt
    assert "<https://example.org/kg/person/alma-ruiz> <https://example.org/kg/ontology#summitedWith> " \
           "<https://example.org/kg/person/bea-kovacs> ." in nt
    assert out["triggers"] == [["summit"]]
    assert out["colour"] == "#123456"
