"""Identifiers, external links, confidence filter and sub-events."""
import pytest

from kg.errors import InputError
from kg.pipeline import filter_confidence
from kg.resolve.links import link_entities, read_links

SKOS_EXACT = "http://www.w3.org/2004/02/skos/core#exactMatch"


def test_link_table_adds_exact_match(tmp_path, sample_result):
    table = tmp_path / "links.csv"
    table.write_text("name,iri\nRaieis,http://www.wikidata.org/entity/Q5836868\n"
                     "Cuba,http://www.wikidata.org/entity/Q241\n", encoding="utf-8")
    linked = link_entities(sample_result.resolved, read_links(table))
    links = {e.key: e.links for e in linked.entities if e.links}
    assert links == {"person/ebrahim-raeisi": ("http://www.wikidata.org/entity/Q5836868",),
                     "state/CU": ("http://www.wikidata.org/entity/Q241",)}
    from kg.export.rdf import to_rdf

    g = to_rdf(linked)
    assert len(list(g.triples((None, __import__("rdflib").URIRef(SKOS_EXACT), None)))) == 2


@pytest.mark.parametrize("content", ["name;iri\nx;y\n", "name,iri\nCuba,not an iri\n", ""])
def test_bad_link_table(tmp_path, content):
    table = tmp_path / "links.csv"
    table.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        read_links(table)


def test_states_carry_iso_codes(sample_result):
    assert {e.iso for e in sample_result.entities if e.type == "State"} >= {"IR", "CU", "US"}


def test_confidence_in_range_and_filter(sample_result):
    values = [e.confidence for e in sample_result.events] + [r.confidence for r in sample_result.relations]
    assert all(0.0 <= v <= 1.0 for v in values)
    cut = sorted(values)[len(values) // 2]
    kept = filter_confidence(sample_result.resolved, cut)
    assert 0 < len(kept.events) < len(sample_result.events)
    assert all(e.confidence >= cut for e in kept.events)
    assert all(e.parent is None or e.parent in {k.key for k in kept.events} for e in kept.events)


def test_meeting_and_signing_during_the_visit_are_sub_events(sample_result):
    visit = next(e for e in sample_result.events if e.type == "visit" and e.targets == ("state/CU",))
    children = {e.type for e in sample_result.events if e.parent == visit.key}
    assert {"meet", "sign_agreement"} <= children
    assert all(e.parent is None for e in sample_result.events if e.type == "visit")
