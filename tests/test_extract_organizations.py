"""Organisations, states and places on real-news constructions (issue 13, the non-person side):
news agencies in datelines and credits, formal state names, common nouns and portfolios that
are no organisation, venues, dateline cities and short forms of a named body."""
from __future__ import annotations

import pytest

from kg.ingest import parse_article


def _typed(ex) -> dict[str, str]:
    """Entity ref -> type for the named mentions of an extraction."""
    return {ex.refs[i]: m.type for i, m in enumerate(ex.mentions)
            if i in ex.refs and m.kind not in ("pronoun", "title")}


def _refs(ex, etype: str) -> set[str]:
    return {ref for ref, t in _typed(ex).items() if t == etype}


def test_agency_in_a_dateless_dateline_and_the_city_before_it(extract_text):
    ex = extract_text("Headline\n\nKORVAS (Reuters) - Foreign Minister Dorin Vasko met Elena Marsh on Monday.")
    assert "org/reuters" in _refs(ex, "Organization")
    assert "place/korvas" in _refs(ex, "Place")
    assert not _refs(ex, "Organization") - {"org/reuters"}


def test_agency_and_place_of_a_dated_dateline_survive_the_blanking(extract_text):
    ex = extract_text("Headline\n\nOstrava, May 4 (KCNA) -- Chairman Pak Sung Il met Wang Lei on Thursday.")
    assert "org/korean-central-news-agency" in _refs(ex, "Organization")
    assert "place/ostrava" in _refs(ex, "Place")
    people = _refs(ex, "Person")
    assert people == {"person/pak-sung-il", "person/wang-lei"}


def test_dated_dateline_mentions_carry_the_datelines_own_offsets(extract_text):
    text = "Headline\n\nOstrava, May 4 (KCNA) -- Pak Sung Il met Wang Lei.\n"
    a = parse_article(text, article_id="t")
    assert "Ostrava" not in a.parse_text()  # the parser still sees no dateline
    ex = extract_text(text)
    found = {(m.text, text[m.char_start:m.char_end]) for m in ex.mentions if m.start == m.end}
    assert found == {("Ostrava", "Ostrava"), ("KCNA", "KCNA")}


def test_an_unknown_source_in_a_dateline_is_an_organisation(extract_text):
    ex = extract_text("Headline\n\nKORVAS (Norland Wire) - Dorin Vasko met Elena Marsh.\n\n"
                      "Ostrava, May 4 (NRX) -- Pak Sung Il met Wang Lei.")
    assert {"org/norland-wire", "org/nrx"} <= _refs(ex, "Organization")


def test_joint_credit_gives_two_agencies_and_a_short_credit_needs_its_context(extract_text):
    ex = extract_text("Headline\n(Reuters-Yonhap)\nThe MAP of the region was redrawn, said Dorin Vasko. "
                      "Trend reported the story on Friday, quoting Kabar.")
    orgs = _refs(ex, "Organization")
    assert {"org/reuters", "org/yonhap", "org/trend-news-agency", "org/kabar"} <= orgs
    assert "org/maghreb-arabe-presse" not in orgs  # "MAP" as a word is not the agency


def test_byline_agency_alone_on_a_line(extract_text):
    ex = extract_text("Headline\n\nAFP\nForeign Minister Dorin Vasko resigned on Monday.")
    assert "org/agence-france-presse" in _refs(ex, "Organization")


def test_formal_state_names_are_the_state(extract_text):
    ex = extract_text("Headline\n\nThe envoys of the Republic of the Union of Myanmar, the Kingdom of Bahrain, "
                      "the Socialist Republic of Vietnam and the Republic of Belarus gathered in Ostrava.")
    assert {"state/BY", "state/BH", "state/VN", "state/MM"} <= _refs(ex, "State")
    assert not _refs(ex, "Place") - {"place/ostrava"}


def test_state_written_without_its_hyphen_is_one_state(extract_text):
    ex = extract_text("Headline\n\nThe foreign minister of Guinea Bissau arrived in Ostrava.")
    assert "state/GW" in _refs(ex, "State")
    assert "state/GN" not in _refs(ex, "State") and "place/bissau" not in _refs(ex, "Place")


def test_disputed_territory_is_a_place(extract_text):
    ex = extract_text("Headline\n\nDorin Vasko met officials from Kosovo in Ostrava.")
    assert "place/kosovo" in _refs(ex, "Place")
    assert not any(r.startswith("state/XK") for r in _typed(ex))


def test_common_nouns_and_portfolios_are_no_organisations(extract_text):
    ex = extract_text("Headline\n\nDorin Vasko, Minister of Water and Sanitation, and the Tourism and Culture "
                      "Minister Elena Marsh signed an MoU on cooperation in Health, Sport, Youth and Family "
                      "Affairs. The Cabinet approved it.")
    assert _refs(ex, "Organization") == set()
    assert _refs(ex, "Place") == set()


def test_demonym_or_possessive_before_a_states_body_is_the_state(extract_text):
    ex = extract_text("Headline\n\nThe Brazilian Ministry of Fisheries and Nepal's National Seismic Research Center "
                      "signed a deal.")
    orgs = _refs(ex, "Organization")
    assert {"org/ministry-of-fisheries", "org/national-seismic-research-center"} <= orgs
    assert {"state/BR", "state/NP"} <= _refs(ex, "State")


def test_a_name_after_the_body_is_not_part_of_it(extract_text):
    ex = extract_text("Headline\n\nThe spokeswoman for the Foreign Office, Lina Brask, called the story untrue.")
    assert "org/foreign-office" in _refs(ex, "Organization")
    assert not any("brask" in r for r in _refs(ex, "Organization"))


def test_venues_are_places(extract_text):
    ex = extract_text("Headline\n\nDorin Vasko welcomed Elena Marsh to Parliament Hill and then to the "
                      "Lester Q. Norton Building.")
    assert {"place/parliament-hill", "place/lester-q-norton-building"} <= _refs(ex, "Place")
    assert _refs(ex, "Organization") == set()


def test_short_form_by_head_noun_is_the_named_body(extract_text):
    ex = extract_text("Headline\n\nThe European Council imposed sanctions on Norland. The Council said the "
                      "measures were needed. The Central Bank of Norland raised rates, and the Central Bank "
                      "said inflation was high.")
    orgs = _refs(ex, "Organization")
    assert {"org/european-council", "org/central-bank-of-norland"} <= orgs
    assert "org/council" not in orgs and "org/central-bank" not in orgs


def test_short_form_shared_by_two_bodies_stays_apart(extract_text):
    ex = extract_text("Headline\n\nThe European Council and the Security Council met. The Council said nothing.")
    refs = [ex.refs.get(i) for i, m in enumerate(ex.mentions) if m.text == "Council"]
    assert refs and all(r not in ("org/european-council", "org/security-council") for r in refs)


def test_two_bodies_joined_by_and_are_two(extract_text):
    ex = extract_text("Headline\n\nA deal between the University of Toronto and University of Nairobi was signed.")
    orgs = _refs(ex, "Organization")
    assert {"org/university-of-toronto", "org/university-of-nairobi"} <= orgs
    assert not any(" and " in r or "-and-" in r for r in orgs)


def test_venue_word_after_a_name_makes_it_a_place(extract_text):
    ex = extract_text("Headline\n\nDorin Vasko hosted a luncheon at the Seri Lantana complex on Monday.")
    assert "place/seri-lantana" in _refs(ex, "Place")
    assert "org/seri-lantana" not in _refs(ex, "Organization")


def test_credit_line_with_its_date_and_an_embassy_by_name(extract_text):
    ex = extract_text("Headline\n\nMAP 21 October 2020\nDorin Vasko met Elena Marsh at the Cuban Embassy. "
                      "The Kenyan Lines of Credit were reviewed.")
    assert "org/maghreb-arabe-presse" in _refs(ex, "Organization")
    assert "place/cuban-embassy" in _refs(ex, "Place")
    assert not any("credit" in r for r in _typed(ex))
    labels = {m.text for m in ex.mentions if m.type == "Organization"}
    assert "MAP" in labels  # the credit as written, kept as the entity's other name


def test_multilateral_bodies_from_the_lexicon(extract_text):
    ex = extract_text("Headline\n\nDorin Vasko praised the SCO, CIS and CSTO, and forums such as APEC, ASEAN and "
                      "ASEM. The Asean summit followed. Who said so?")
    orgs = _refs(ex, "Organization")
    assert {"org/collective-security-treaty-organization", "org/asia-europe-meeting",
            "org/association-of-southeast-asian-nations", "org/shanghai-cooperation-organization"} <= orgs
    assert "org/world-health-organization" not in orgs  # "Who" is a word, "WHO" the body
    assert not _refs(ex, "Place") and "person/asem" not in _refs(ex, "Person")


def test_a_body_inside_a_longer_name_is_not_cut_out(extract_text):
    ex = extract_text("Headline\n\nThe European Union Naval Force Somalia said on Monday that it had seized a boat.")
    orgs = _refs(ex, "Organization")
    assert "org/european-union" not in orgs


def test_agency_written_again_in_the_text_is_the_same_entity(extract_text):
    ex = extract_text("Headline\n\nOstrava, May 4 (MTI) -- Dorin Vasko met Elena Marsh. MTI said the talks went well.")
    assert {ex.refs[i] for i, m in enumerate(ex.mentions) if m.text == "MTI"} == {"org/hungarian-news-agency"}


def test_city_before_a_constituency_title_is_a_place(extract_text):
    ex = extract_text("Headline\n\nAmong the nominees were Eldoret Senator Paul Kiprono and Kisumu MP Jane Atieno.")
    assert {"place/eldoret", "place/kisumu"} <= _refs(ex, "Place")
    assert {"person/paul-kiprono", "person/jane-atieno"} <= _refs(ex, "Person")


def test_a_venue_the_tagger_calls_a_person_is_a_place(extract_text):
    ex = extract_text("Headline\n\nThe ministers met in Rashtrapati Bhavan on Monday.")
    assert "place/rashtrapati-bhavan" in _refs(ex, "Place")
    assert "person/rashtrapati-bhavan" not in _refs(ex, "Person")


def test_other_names_of_one_foreign_ministry_are_one_organisation(extract_text):
    ex = extract_text("Headline\n\nThe Ministry of Foreign Affairs (MoFA) rejected the claim. The spokeswoman for "
                      "the Foreign Office, Lina Brask, said the FO had not been told.")
    refs = {ex.refs[i] for i, m in enumerate(ex.mentions) if m.type == "Organization" and i in ex.refs}
    assert refs == {"org/ministry-of-foreign-affairs"}


def test_two_states_foreign_ministries_stay_apart(extract_text):
    ex = extract_text("Headline\n\nEgypt's Foreign Office summoned the envoy after Ethiopia's Ministry of Foreign "
                      "Affairs made a statement.")
    orgs = _refs(ex, "Organization")
    assert {"org/foreign-office", "org/ministry-of-foreign-affairs"} <= orgs


def test_a_website_is_an_organisation(extract_text):
    ex = extract_text("Headline\n\nPresident Ruto spoke to journalists in Nairobi, as reported by MASHUA.co.ke.\n\n"
                      "In an interview with KIBANDA.co.ke, the minister said the deal was signed.")
    assert {"org/mashua-co-ke", "org/kibanda-co-ke"} <= _refs(ex, "Organization")
    assert "place/mashua-co-ke" not in _refs(ex, "Place")


@pytest.mark.parametrize(("text", "iso"), [
    ("Envoys sent by the People's Republic of Bangladesh arrived.", "BD"),
    ("Envoys of the  Kingdom of Bahrain arrived.", "BH"),  # two spaces: a space token after "the"
    ("Envoys of THE REPUBLIC OF BELARUS arrived.", "BY"),
    ("Envoys of the Federal Republic of Nigeria arrived.", "NG"),
])
def test_a_formal_state_name_after_the_is_found_whatever_the_spacing(nlp, text, iso):
    from kg.extract.lexicon import load_lexicon
    from kg.extract.organizations import formal_state_at

    doc, lex = nlp(text), load_lexicon()
    the = next(t.i for t in doc if t.lower_ == "the")
    hit = formal_state_at(doc, the, lex)
    assert hit is not None and hit[1] == iso and doc[hit[0] - 1].text.lower() == text.split()[-2].lower()
    assert formal_state_at(nlp("Envoys of the press arrived."), 2, lex) is None
