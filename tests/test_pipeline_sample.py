"""End to end on the sample article (data/raeisi-havana-2023.txt): its core facts."""
from datetime import date


def _by_label(result):
    return {e.key: e for e in result.entities}


def _events(result, etype):
    labels = {e.key: e.label for e in result.entities}
    return [(tuple(sorted(labels[a] for a in ev.agents)), tuple(sorted(labels[t] for t in ev.targets)),
             labels.get(ev.place), ev.date) for ev in result.events if ev.type == etype]


def test_one_node_for_raeisi_despite_misspelling(sample_result):
    people = [e for e in sample_result.entities if e.type == "Person"]
    raeisi = [e for e in people if "Raeisi" in e.label]
    assert len(raeisi) == 1
    assert "Raieis" in raeisi[0].aliases
    assert not any(e.label == "Raieis" for e in sample_result.entities)


def test_raeisi_visited_cuba_in_havana_on_june_14(sample_result):
    assert (("Ebrahim Raeisi",), ("Cuba",), "Havana", date(2023, 6, 14)) in _events(sample_result, "visit")


def test_raeisi_met_diaz_canel_and_castro(sample_result):
    meets = _events(sample_result, "meet")
    partners = {p for agents, *_ in meets if "Ebrahim Raeisi" in agents for p in agents} - {"Ebrahim Raeisi"}
    assert {"Miguel Diaz-Canel", "Raúl Castro"} <= partners


def test_iran_and_cuba_signed_six_mous(sample_result):
    (sig,) = [e for e in sample_result.events if e.type == "sign_agreement"]
    assert set(sig.agents) == {"state/IR", "state/CU"}
    assert sig.count == 6 and sig.instrument == "memorandum of understanding"


def test_people_tied_to_their_states(sample_result):
    rels = {(r.subject, r.predicate, r.object) for r in sample_result.relations}
    assert ("person/ebrahim-raeisi", "leader_of", "state/IR") in rels
    assert ("person/miguel-diaz-canel", "leader_of", "state/CU") in rels
    assert ("person/raul-castro", "official_of", "state/CU") in rels


def test_no_event_after_publication_and_every_event_has_evidence(sample_result):
    from conftest import SAMPLE

    article = sample_result.articles[0]
    text = SAMPLE.read_text(encoding="utf-8")
    assert article.published == date(2023, 6, 16)
    for ev in sample_result.events:
        assert ev.date is None or ev.date <= article.published
        for x in ev.evidence:
            assert text[x.start:x.end] == x.text


def test_graph_has_direct_actor_edges(sample_result):
    g = sample_result.graph
    assert g.has_edge("person/ebrahim-raeisi", "state/CU", key="visited")
    assert g.has_edge("state/CU", "state/IR", key="signed_agreement_with") or \
        g.has_edge("state/IR", "state/CU", key="signed_agreement_with")
    assert g.has_edge("person/ebrahim-raeisi", "state/IR", key="leader_of")
