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
    ("President Lena Varga of Chile and President Otto Brink of Peru witnessed the signing of two "
     "agreements between the two countries in Lima on Tuesday.",
     [(("state/CL", "state/PE"), 2, "agreement", "place/lima")]),
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
    ("The presidents witnessed the signing of a memorandum between the Chilean Ministry of Mining and the "
     "Peruvian Department of Energy.",
     [(("state/CL", "state/PE"), None, "memorandum of understanding", None)]),
    # a deal reached with an organisation (the "with" hangs on the deal)
    ("Ghana reached a deal with the International Monetary Fund on Wednesday to expand its loan.",
     [(("org/international-monetary-fund", "state/GH"), None, "deal", None)]),
    # a headline's comma coordination
    ("Chile, Peru sign three energy deals", [(("state/CL", "state/PE"), 3, "deal", None)]),
]


@pytest.mark.parametrize(("text", "expected"), SIGNINGS)
def test_signing_parties_are_states(extract_text, text, expected):
    assert _signings(extract_text, text) == expected


def test_the_two_sides_exchanged_agreements(extract_text):
    text = ("Chilean President Lena Varga held talks with Peruvian President Otto Brink in Lima. "
            "After the talks, the two sides exchanged agreements on fisheries.")
    assert _signings(extract_text, text) == [(("state/CL", "state/PE"), None, "agreement", "place/lima")]


def test_both_parties_exchanged_agreements_names_the_articles_two_states(extract_text):
    text = ("Chile and Peru held talks on fisheries in Lima. Chile sent its fisheries minister. "
            "After the discussions, agreements were exchanged between both parties.")
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
