"""Page text, headlines, article dates and event places on real-news layouts (issue 12: M8, M10,
dates). Sentences written for these tests."""
from __future__ import annotations

from datetime import date

import pytest
from conftest import events_of

from kg.extract.dates import resolve_date
from kg.ingest import parse_article


# ------------------------------------------------------------------ article dates
@pytest.mark.parametrize("text, hint, published", [
    # a background full date far from the dateline's day gives no year: the file name does
    ("T\n\nLISBON, March 6 — Costa met Sanchez. They recalled the treaty signed on June 2, 2011.",
     "costa-2019.txt", date(2019, 3, 6)),
    # "Wednesday, March 6" fixes the year: 2019 is the year nearest 2017 (the file name) in
    # which March 6 is a Wednesday
    ("T\n\nLISBON, March 6 — Costa met Sanchez on Wednesday, March 6, at the palace.", "costa-2017.txt",
     date(2019, 3, 6)),
    # a full date within a week of the dateline's day is that week's news
    ("T\n\nLISBON, March 6 — Costa met Sanchez on March 5, 2018.", "", date(2018, 3, 6)),
    # the day first, as many outlets write it
    ("T\n\nLisbon, 6 March 2018 – Costa met Sanchez at the palace.", "", date(2018, 3, 6)),
])
def test_year_of_a_dateline_without_one(text, hint, published):
    assert parse_article(text, article_id="x", path_hint=hint).published == published


def test_weekday_year_without_other_evidence_is_the_latest_fitting_year():
    a = parse_article("T\n\nLISBON, March 6 — On Monday, March 6, Costa met Sanchez.", article_id="x")
    assert a.published is not None and a.published.weekday() == 0 and (a.published.month, a.published.day) == (3, 6)
    assert a.published.year <= date.today().year


def test_undated_article_takes_a_header_date_not_a_background_one():
    text = ("Costa and Sanchez meet in Lisbon\n\nTuesday, May 7, 2024\n\n"
            "Portuguese Prime Minister Antonio Costa received Spanish Prime Minister Pedro Sanchez in Lisbon, "
            "and they recalled the agreement signed on June 2, 2011.\n")
    assert parse_article(text, article_id="x").published == date(2024, 5, 7)
    body_only = text.replace("Tuesday, May 7, 2024\n\n", "").replace("signed on", "signed by Guterres on")
    assert parse_article("T\n\nSome words here.\n\nMore words.\n\n" + body_only, article_id="x",
                         path_hint="2024-05-07-costa.txt").published == date(2024, 5, 7)


def test_published_wins_over_the_dateline_year():
    a = parse_article("T\n\nLISBON, March 6, 2019 — Costa met Sanchez.", article_id="x",
                      published=date(2019, 3, 7))
    assert a.published == date(2019, 3, 7)


@pytest.mark.parametrize("expr, day", [
    ("May 14-16", date(2023, 5, 14)), ("14-16 May", date(2023, 5, 14)), ("14–16 May 2022", date(2022, 5, 14)),
    ("Friday evening", date(2023, 6, 16)), ("on Wednesday evening", date(2023, 6, 14)),
    ("earlier this week", None),
])
def test_ranges_and_day_parts(expr, day):
    assert resolve_date(expr, date(2023, 6, 16)).value == day


# ------------------------------------------------------------------ datelines without a date
LEAD = "spoke on Thursday about energy prices and the Baltic power grid."

@pytest.mark.parametrize("line, place", [
    ("TALLINN, Estonia (AFP) - Kallas spoke.", "TALLINN"),
    ("TALLINN: Kallas spoke.", "TALLINN"),
    ("Tallinn (ERR) – Kallas spoke.", "Tallinn"),
    ("Tallinn - Kallas spoke.", "Tallinn"),
    ("SAN JOSE—Chaves spoke.", "SAN JOSE"),
])
def test_dateline_without_a_date_is_read_and_blanked(line, place):
    a = parse_article("Headline\n\n" + line.replace("spoke.", LEAD), article_id="x")
    assert a.dateline_place == place
    assert a.parse_text().split("\n")[2].strip().startswith(("Kallas", "Chaves"))


def test_dash_dateline_wins_over_a_colon_headline():
    a = parse_article("RIGA: leaders meet on energy prices and on the Baltic grid in a long day\n\n"
                      "TALLINN — Kallas " + LEAD, article_id="x")
    assert a.dateline_place == "TALLINN"


@pytest.mark.parametrize("label", ["READ ALSO", "BREAKING", "WATCH"])
def test_a_furniture_label_is_no_dateline(label):
    a = parse_article(f"Headline\n\n{label}: Kallas and Levits open the new session of the Baltic "
                      f"assembly in Riga\nThe two leaders " + LEAD, article_id="x")
    assert a.dateline_place is None


def test_a_headline_is_no_dateline():
    a = parse_article("Kallas - Levits talks end\n\nThe two leaders " + LEAD, article_id="x")
    assert a.dateline_place is None and a.parse_text() == a.text


# ------------------------------------------------------------------ places from the dateline
def test_dateline_city_places_events_told_without_a_place(extract_text):
    ex = extract_text("Costa hosts Sanchez\n\nLISBON, June 15 — Portuguese Prime Minister Antonio Costa "
                      "held talks with Spanish Prime Minister Pedro Sanchez on Thursday.\n")
    assert ("meet", ("person/antonio-costa", "person/pedro-sanchez"), (), "place/lisbon", "2023-06-15") \
        in events_of(ex, "meet")
    assert ("place/lisbon", "Place") in {(ex.refs[i], m.type) for i, m in enumerate(ex.mentions) if i in ex.refs}


def test_dateline_city_is_not_used_for_talks_abroad(extract_text):
    ex = extract_text("Headline\n\nLISBON, June 15 — Japanese Prime Minister Fumio Kishida held talks "
                      "with Indian Prime Minister Narendra Modi on Thursday.\n")
    assert [e[3] for e in events_of(ex, "meet")] == [None]


def test_dateline_city_is_not_used_when_the_sentence_is_abroad(extract_text):
    ex = extract_text("Headline\n\nLISBON, June 15 — Prime Minister Rui Tavares Lobo returned on Thursday from "
                      "a visit to Brazil, where he held talks with Brazilian President Rafael Moura.\n")
    assert all(e[3] != "place/lisbon" for e in events_of(ex, "meet"))


def test_here_is_the_dateline_city(extract_text):
    ex = extract_text("Headline\n\nLISBON, June 15 — Japanese Prime Minister Fumio Kishida held talks "
                      "with Indian Prime Minister Narendra Modi here on Thursday.\n")
    assert [e[3] for e in events_of(ex, "meet")] == ["place/lisbon"]


def test_here_deep_in_a_coordinated_verbs_place_phrase_is_the_dateline_city(extract_text):
    """'exchanged greetings and shook hands during the Forum of the Andes here': the city, not the
    'of' of the forum's name, for both verbs."""
    ex = extract_text("LIMA: Biden, Diaz-Canel shake hands at forum\n\nBy Ana Lopez\n\nLIMA—U.S. President Joe "
                      "Biden and Cuban President Miguel Diaz-Canel exchanged greetings on Friday night and shook "
                      "hands during the Forum of the Andes here.")
    places = {e[3] for e in events_of(ex, "meet") if e[1] == ("person/joe-biden", "person/miguel-diaz-canel")}
    assert places == {"place/lima"}
    assert "place/andes" not in {e[3] for e in events_of(ex)}


# ------------------------------------------------------------------ page furniture and headlines
def test_headline_infinitive_is_not_an_event(extract_text):
    ex = extract_text("Portugal and Spain to sign energy deal\n\nThe two ministers spoke on Thursday "
                      "about prices and about the long dry summer ahead of them.\n")
    assert events_of(ex) == []


def test_present_tense_headline_is_an_event(extract_text):
    ex = extract_text("Portugal and Spain sign energy deal\n\nThe two ministers spoke on Thursday "
                      "about prices and about the long dry summer ahead of them.\n")
    assert [e[:3] for e in events_of(ex, "sign_agreement")] == [("sign_agreement", ("state/ES", "state/PT"), ())]


def test_related_article_line_and_cut_off_sentence_give_no_events(extract_text):
    ex = extract_text("Prices rise in Lisbon\n\nPortuguese Prime Minister Antonio Costa spoke on Thursday "
                      "about prices and about the long dry summer ahead of the country.\n\n"
                      "Costa meets Sanchez in Madrid\n\n"
                      "Costa also said that he met Spanish Prime Minister Pedro Sanchez in")
    assert events_of(ex, "meet") == []


@pytest.mark.parametrize(("text", "place"), [
    ("Estonian Prime Minister Kaja Kallas met with Latvian President Egils Levits in Riga on Thursday.", "place/riga"),
    # the city hangs on the partner's apposition
    ("Greek Foreign Minister Nikos Dendias held talks with his Kenyan counterpart Raychelle Omamo in Lisbon on "
     "Tuesday.", "place/lisbon"),
])
def test_city_on_the_partner_noun_places_the_meeting(extract_text, text, place):
    ex = extract_text("Headline\n\n" + text + "\n")
    assert [e[3] for e in events_of(ex, "meet")] == [place]


# ------------------------------------------------------------------ implied visits (M7)
def test_meeting_abroad_implies_a_low_confidence_visit(extract_text):
    ex = extract_text("Headline\n\nEstonian Prime Minister Kaja Kallas held talks with Latvian President "
                      "Egils Levits in Riga on Thursday.\n")
    visits = [e for e in ex.events if e.type == "visit"]
    assert [(e.agents, e.targets, e.place, e.date) for e in visits] == \
        [(("person/kaja-kallas",), ("state/LV",), "place/riga", date(2023, 6, 15))]
    assert visits[0].confidence <= 0.5


def test_no_implied_visit_for_a_resident_ambassador_or_a_call(extract_text):
    ex = extract_text("Headline\n\nLatvian President Egils Levits met Estonian Ambassador Mart Laar in Riga "
                      "on Thursday.\n\nLevits also held talks with Lithuanian President Gitanas Nauseda by video "
                      "link from Riga on Friday.\n")
    assert events_of(ex, "visit") == []


def test_no_implied_visit_when_the_visit_is_told(extract_text):
    ex = extract_text("Headline\n\nEstonian Prime Minister Kaja Kallas arrived in Riga on Wednesday and held "
                      "talks with Latvian President Egils Levits in Riga on Thursday.\n")
    visits = events_of(ex, "visit")
    assert len(visits) == 1 and visits[0][4] == "2023-06-14"


def test_city_of_the_story_places_a_later_meeting(extract_text):
    ex = extract_text("Headline\n\nOn Saturday the foreign ministers prepared the summit in the Latvian coastal town "
                      "of Jurmala.\n\nEstonian Prime Minister Kaja Kallas said after her meeting with Latvian "
                      "President Egils Levits that relations were good.\n")
    assert [e[3] for e in events_of(ex, "meet")] == ["place/jurmala"]


def test_a_relative_clause_date_is_the_arrivals_only(extract_text):
    ex = extract_text("Headline\n\nPrime Minister Kaja Kallas hosted a dinner on Friday (June 16) for Latvian "
                      "President Egils Levits.\n\nLevits and his team, who arrived in Estonia yesterday "
                      "(June 15) on a two-day visit, were greeted by Kallas at her office.\n\n"
                      "Earlier, Kallas and Levits held a meeting on energy.\n")
    assert {e[4] for e in events_of(ex, "meet")} == {"2023-06-16"}
    assert {e[4] for e in events_of(ex, "visit")} == {"2023-06-15"}


def test_headline_comma_pair_are_both_subjects(extract_text):
    ex = extract_text("Narendra Modi, Joe Biden hold talks in Washington\n\nThe two leaders spoke on Thursday "
                      "about trade and about the long dry summer ahead of them all.\n")
    heads = [e for e in ex.events if e.type == "meet" and e.evidence.text.startswith("Narendra")]
    assert [sorted(e.agents) for e in heads] == [["person/joe-biden", "person/narendra-modi"]]


def test_headline_pair_component_keeps_body_sentences(nlp):
    doc = nlp("Modi, Biden hold talks\n\nIn Delhi, Modi met Biden.")
    body = list(doc.sents)[-1]
    assert [t.dep_ for t in body if t.text == "Modi"] == ["nsubj"]
    assert [t.dep_ for t in doc if t.text == "Biden"][0] == "conj"


def test_during_his_visit_to_makes_a_low_confidence_visit(extract_text):
    ex = extract_text("Headline\n\nDuring his visit to Latvia, Estonian President Alar Karis met Latvian President "
                      "Egils Levits on Thursday.\n\nKaris thanked Levits during his visit to Riga.\n")
    visits = [e for e in ex.events if e.type == "visit"]
    # one visit (the meeting's adjunct or the during-visit pass, whichever finds it first), a guess
    assert [(e.agents, e.targets) for e in visits] == [(("person/alar-karis",), ("state/LV",))]
    assert visits[0].confidence < 1.0


def test_no_visit_from_a_planned_trip(extract_text):
    ex = extract_text("Headline\n\nEstonian President Alar Karis will meet Latvian President Egils Levits "
                      "during his visit to Latvia next week.\n")
    assert events_of(ex, "visit") == []


# ------------------------------------------------------------------ the state of a city
def test_airport_codes_among_geonames_alternates_name_no_city():
    from kg.extract.lexicon import city_country

    # GeoNames lists "GOA" (Genoa's airport code) beside the names of cities; "Goa" is in India
    assert city_country("goa") == "IN"
    assert city_country("genoa") == "IT"


def test_a_meeting_in_an_indian_state_is_a_visit_to_india(extract_text):
    ex = extract_text("Headline\n\nGreek Foreign Minister Nikos Dendias met Kenyan Foreign Minister "
                      "Raychelle Omamo in Goa on Tuesday.\n")
    visits = events_of(ex, "visit")
    assert visits and all(e[2] == ("state/IN",) for e in visits)


def test_two_names_of_one_city_are_one_place(extract_text):
    ex = extract_text("Headline\n\nKenyan President Amos Kiprono arrived in New Delhi on Monday. In Delhi he met "
                      "Indian Prime Minister Narendra Modi. He will see York and New York in June.")
    refs = {ex.mentions[i].text: r for i, r in ex.refs.items() if ex.mentions[i].type == "Place"}
    assert refs["Delhi"] == refs["New Delhi"]
    assert refs["York"] != refs["New York"]  # another state: another city
