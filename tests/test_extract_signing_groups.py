"""Signings with state parties (issue 12, M3), participants given as groups (M1) and one meeting
per partner (M9), on sentences written for these tests (invented people). Articles are dated
Friday 2023-06-16."""
from __future__ import annotations

import pytest

HEAD = "Test headline\n\n"


def _signings(extract_text, text: str) -> list[tuple]:
    """(parties, count, instrument, place) of each signing, parties sorted."""
    return [(tuple(sorted(e.agents)), e.count, e.instrument, e.place)
            for e in extract_text(HEAD + text).events if e.type == "sign_agreement"]


# ------------------------------------------------------------------ M3 signings with state parties
SIGNINGS = [  # (text, [(parties, count, instrument, place)])
    # witnesses of a signing "between the two countries": the states sign, not the witnesses
    ("President Lena Varga of Chile and President Otto Brink of Peru witnessed the signing of three "
     "treaties between the two countries in Lima on Tuesday.",
     [(("state/CL", "state/PE"), 3, "treaty", "place/lima")]),
    # an instrument noun kg did not know, with a count
    ("Chile and Peru today signed seven instruments on energy and trade.",
     [(("state/CL", "state/PE"), 7, "instrument", None)]),
    # a minister whose state is only in the apposed description; the city hung on the document
    ("Foreign Minister Ana Belko of Austria and her Slovenian counterpart, Marko Zelen, inked four "
     "cooperation agreements in Vienna.",
     [(("state/AT", "state/SI"), 4, "agreement", "place/vienna")]),
    # members of the delegations of the two countries sign for their states
    ("After the talks between Kenya and Uganda, members of the delegations of the two countries signed "
     "several documents on trade.",
     [(("state/KE", "state/UG"), None, "document", None)]),
    # government bodies named in the "between" of the document sign for their states
    ("The leaders attended the signing of a memorandum between the Chilean Ministry of Fisheries and the "
     "Peruvian Department of Ports.",
     [(("state/CL", "state/PE"), None, "memorandum of understanding", None)]),
    # a deal reached with an organisation (the "with" hangs on the deal)
    ("Zambia reached a deal with the World Bank on Monday to extend its credit.",
     [(("org/world-bank", "state/ZM"), None, "deal", None)]),
]


@pytest.mark.parametrize(("text", "expected"), SIGNINGS)
def test_signing_parties_are_states(extract_text, text, expected):
    assert _signings(extract_text, text) == expected


PRESENCE = [  # signed in the presence of the leaders: their states sign
    ("Chilean President Lena Varga met Peruvian President Otto Brink in Lima. Four agreements were signed "
     "in the presence of the two presidents.", [(("state/CL", "state/PE"), 4, "agreement", "place/lima")]),
    ("Chilean President Lena Varga met Peruvian President Otto Brink in Lima. The ministers signed four "
     "agreements in the presence of Varga and Brink.", [(("state/CL", "state/PE"), 4, "agreement", "place/lima")]),
    # "with their [demonym] counterparts": a group noun
    ("Kenyan ministers signed two MoUs with their Ugandan counterparts.",
     [(("state/KE", "state/UG"), 2, "memorandum of understanding", None)]),
]


@pytest.mark.parametrize(("text", "expected"), PRESENCE)
def test_signed_in_the_presence_of_leaders_or_with_counterparts(extract_text, text, expected):
    assert _signings(extract_text, text) == expected


def test_headline_comma_coordination_signs_for_both(extract_text):
    """'Chile, Peru sign three energy deals' as a headline: the parse hangs Chile on the verb."""
    (sig,) = [e for e in extract_text("Chile, Peru sign three energy deals\n\nThe talks were held in Lima.").events
              if e.type == "sign_agreement"]
    assert (set(sig.agents), sig.count) == ({"state/CL", "state/PE"}, 3)


def test_the_two_sides_exchanged_agreements(extract_text):
    text = ("Chilean President Lena Varga held talks with Peruvian President Otto Brink in Lima. "
            "After the talks, the two sides exchanged agreements on fisheries.")
    assert _signings(extract_text, text) == [(("state/CL", "state/PE"), None, "agreement", "place/lima")]


def test_both_parties_exchanged_agreements_names_the_articles_two_states(extract_text):
    text = ("Chile and Peru held talks on fisheries in Lima. Chile sent its fisheries minister. "
            "At the close of the meeting, the agreements were exchanged by both parties.")
    assert _signings(extract_text, text) == [(("state/CL", "state/PE"), None, "agreement", "place/lima")]


NO_SIGNING = [
    "Chile and Peru exchanged views on fisheries.",  # an exchange without a document
    "Chile and Peru failed to reach a deal on fisheries.",  # failed: it did not happen
    "The delegation reached Lima on Tuesday.",  # reach without a document
    "After the signing of the agreements, President Otto Brink left for Cusco.",  # dates the clause only
]


@pytest.mark.parametrize("text", NO_SIGNING)
def test_no_signing_without_a_signed_document_or_signatory(extract_text, text):
    assert _signings(extract_text, text) == []


def test_two_ministers_of_unknown_state_sign_for_the_articles_two_states(extract_text):
    """Backoff: signatories without a known state, in an article about two states, sign for those two,
    at a lower confidence."""
    text = ("Chile and Peru opened talks on fisheries. Chile hopes for a quota deal with Peru. "
            "Minister Ana Belko and Minister Otto Brink inked four agreements.")
    (sig,) = [e for e in extract_text(HEAD + text).events if e.type == "sign_agreement"]
    assert set(sig.agents) == {"state/CL", "state/PE"}
    assert sig.confidence < 0.9


# ------------------------------------------------------------------ M1 groups of office holders
def _meetings(extract_text, text: str) -> set[tuple[str, ...]]:
    return {tuple(sorted(e.agents)) for e in extract_text(HEAD + text).events if e.type == "meet"}


VARGA_BRINK = ("person/lena-varga", "person/otto-brink")
GROUP_MEETINGS = [  # (text, the participants of the last sentence's meeting)
    # "the presidents of the two countries, who met": the relative clause hangs on "countries"
    ("Chilean President Lena Varga arrived in Lima on Monday. Peruvian President Otto Brink received her. "
     "Fishing quotas will rise, said the presidents of the two countries, who met in Lima.",
     VARGA_BRINK),
    # "[demonym] and [demonym] leaders" as the subject of a light verb
    ("Chilean President Lena Varga flew to Lima. Peruvian President Otto Brink greeted her. "
     "Chilean and Peruvian leaders held talks on Thursday.", VARGA_BRINK),
    # a noun trigger's "between" group
    ("Chilean President Lena Varga visited Peru. Peruvian President Otto Brink hosted her. "
     "Talks between the presidents of the two countries lasted three hours.", VARGA_BRINK),
    # a state with no office read: the one person whose description names it ("his Peruvian counterpart")
    ("Chilean President Lena Varga arrived in Lima. She spoke beside her Peruvian counterpart, Otto Brink. "
     "The presidents of the two nations met on Tuesday.", VARGA_BRINK),
]


@pytest.mark.parametrize(("text", "people"), GROUP_MEETINGS)
def test_group_of_office_holders_meets_as_people(extract_text, text, people):
    assert people in _meetings(extract_text, text)


def test_group_of_office_holders_signs_as_states(extract_text):
    text = ("Chilean President Lena Varga arrived in Lima. Peruvian President Otto Brink received her. "
            "The presidents of the two nations signed three treaties.")
    assert _signings(extract_text, text) == [(("state/CL", "state/PE"), 3, "treaty", "place/lima")]


def test_two_holders_of_one_office_leave_the_group_as_states(extract_text):
    """Two Chilean presidents named (a former one): no guess which one met."""
    text = ("Chilean President Lena Varga and Chilean President Ana Soto arrived in Lima. Peruvian President "
            "Otto Brink received them. Chilean and Peruvian leaders held talks on Thursday.")
    assert VARGA_BRINK not in _meetings(extract_text, text)


# ------------------------------------------------------------------ M9 one meeting per partner
ONE_PER_PARTNER = [  # (text, the meetings)
    # plural "meetings" with a list whose members are apposed titles ("her Chilean counterpart X")
    ("Austrian Foreign Minister Ana Belko held meetings with Kenyan Foreign Minister Peter Otieno, her "
     "Chilean counterpart Sara Rojas and Foreign Minister of Nepal Ram Thapa in Geneva on Tuesday.",
     {("person/ana-belko", "person/peter-otieno"), ("person/ana-belko", "person/sara-rojas"),
      ("person/ana-belko", "person/ram-thapa")}),
    # "separate talks"
    ("Austrian Foreign Minister Ana Belko held separate talks with Kenyan Foreign Minister Peter Otieno "
     "and Chilean Foreign Minister Sara Rojas.",
     {("person/ana-belko", "person/peter-otieno"), ("person/ana-belko", "person/sara-rojas")}),
    # "met separately with"
    ("Peruvian President Otto Brink met separately with Chilean President Lena Varga and Bolivian "
     "President Mario Quispe on Monday.",
     {("person/lena-varga", "person/otto-brink"), ("person/mario-quispe", "person/otto-brink")}),
    # without "meetings" or "separately": one meeting of all
    ("Peruvian President Otto Brink met Chilean President Lena Varga and Bolivian President Mario Quispe.",
     {("person/lena-varga", "person/mario-quispe", "person/otto-brink")}),
    # a summit "of" three leaders: one meeting of all three
    ("A tripartite summit of Peruvian President Otto Brink, Chilean President Lena Varga and Bolivian "
     "President Mario Quispe opened in La Paz on Monday.",
     {("person/lena-varga", "person/mario-quispe", "person/otto-brink")}),
]


@pytest.mark.parametrize(("text", "meetings"), ONE_PER_PARTNER)
def test_one_meeting_per_partner(extract_text, text, meetings):
    assert _meetings(extract_text, text) == meetings


# ------------------------------------------------------------------ M1 offices and descriptions (coref)
def _offices(ex) -> set[tuple[str, str, str]]:
    return {(ex.refs[r.person], r.relation, r.state) for r in ex.relations}


def test_office_of_a_state_after_the_name_and_not_across_a_coordination(extract_text):
    """'President X of Chile and President Y of Peru': X leads Chile, Y Peru (the "of Chile" before
    Y's title is not Y's)."""
    ex = extract_text(HEAD + "President Lena Varga of Chile and President Otto Brink of Peru met in Lima.")
    assert _offices(ex) == {("person/lena-varga", "leader_of", "state/CL"),
                            ("person/otto-brink", "leader_of", "state/PE")}


def test_title_of_a_state_before_the_name_beats_an_earlier_counterpart(extract_text):
    ex = extract_text(HEAD + "Austrian Foreign Minister Ana Belko met her Chilean counterpart Sara Rojas and "
                             "Foreign Minister of Nepal Ram Thapa.")
    assert ("person/ram-thapa", "official_of", "state/NP") in _offices(ex)


def test_premier_names_the_prime_minister(extract_text):
    ex = extract_text(HEAD + "Hungarian Prime Minister Gabor Nagy met Romanian President Ion Popa in Budapest. "
                             "Popa invited the Hungarian premier to Bucharest.")
    (prop,) = [e for e in ex.events if e.type == "propose"]
    assert prop.targets == ("person/gabor-nagy",)


GROUP_MENTIONS = [  # (text, type, participants)
    ("Chilean Foreign Minister Lena Varga held talks with Peruvian Foreign Minister Otto Brink. "
     "The two foreign ministers signed a fisheries treaty.", "sign_agreement", ("state/CL", "state/PE")),
    ("Lao Prime Minister Somsak Vong arrived in Hanoi. Vietnamese Prime Minister Minh Tran received him. "
     "Later, the two PMs held talks on trade.", "meet", ("person/minh-tran", "person/somsak-vong")),
]


@pytest.mark.parametrize(("text", "etype", "parts"), GROUP_MENTIONS)
def test_the_two_with_a_modifier_or_an_abbreviation_is_a_group(extract_text, text, etype, parts):
    last = [e for e in extract_text(HEAD + text).events if e.type == etype][-1]
    assert tuple(sorted(last.agents)) == parts
