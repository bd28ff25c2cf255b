"""The role-pattern handlers of kg.extract.events.roles, each on a table of short sentences of our
own, and unit tests of the modality and date helpers. Articles are dated Friday 2023-06-16."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, events_of

from kg import lexicons
from kg.errors import LexiconError
from kg.extract import load_lexicon
from kg.extract.events import ROLE_HANDLERS, build_context, realis, role_handler
from kg.extract.events.dates import EventDate, date_of, with_context
from kg.extract.events.modality import background_dates
from kg.ingest import parse_article

HEAD = "Test headline\n\n"


def _events(extract_text, text: str, etype: str) -> set[tuple]:
    return set(events_of(extract_text(HEAD + text), etype))


# ------------------------------------------------------------------ host
HOST = [
    ("Kenyan President William Ruto welcomed Ghanaian President Nana Akufo-Addo in Nairobi.",  # "in" on the guest
     {("visit", ("person/nana-akufo-addo",), ("state/KE",), "place/nairobi", None)}),
    ("Spanish Prime Minister Pedro Sanchez hosted Portuguese Prime Minister Antonio Costa in Madrid.",
     {("visit", ("person/antonio-costa",), ("state/ES",), "place/madrid", None)}),
    ("Kenya welcomed the visiting Ghanaian President Nana Akufo-Addo in Nairobi.",  # a state hosts
     {("visit", ("person/nana-akufo-addo",), ("state/KE",), "place/nairobi", None)}),
    ("Ghanaian President Nana Akufo-Addo was welcomed by Kenyan President William Ruto at State House.",  # passive
     {("visit", ("person/nana-akufo-addo",), ("state/KE",), None, None)}),
    ("Brazilian President Lula was received by Argentine President Alberto Fernandez in Buenos Aires.",
     {("visit", ("person/lula",), ("state/AR",), None, None)}),
    ("Kenyan President William Ruto received a letter from Ghanaian President Nana Akufo-Addo, delivered by "
     "Ghanaian Foreign Minister Shirley Botchwey.",  # the messenger travels (carried_things.txt)
     {("visit", ("person/shirley-botchwey",), ("state/KE",), None, None)}),
]


@pytest.mark.parametrize(("text", "visits"), HOST)
def test_host_makes_the_guest_visit_the_hosts_state(extract_text, text, visits):
    assert _events(extract_text, text, "visit") == visits


HOST_MEETS = [  # host_meets.txt: receiving or welcoming someone is also meeting them; hosting is not
    ("Kenyan President William Ruto welcomed Ghanaian President Nana Akufo-Addo in Nairobi.",
     {("person/nana-akufo-addo", "person/william-ruto")}),
    ("Brazilian President Lula was received by Argentine President Alberto Fernandez in Buenos Aires.",
     {("person/alberto-fernandez", "person/lula")}),
    ("Spanish Prime Minister Pedro Sanchez hosted Portuguese Prime Minister Antonio Costa in Madrid.", set()),
    ("Kenya welcomed the visiting Ghanaian President Nana Akufo-Addo in Nairobi.", set()),  # one person only
    # carried_things.txt: the messenger of a letter meets the host, the sender does not
    ("Kenyan President William Ruto received a letter from Ghanaian President Nana Akufo-Addo, delivered by "
     "Ghanaian Foreign Minister Shirley Botchwey.", {("person/shirley-botchwey", "person/william-ruto")}),
    ("Kenyan President William Ruto received a message from Ghanaian President Nana Akufo-Addo.", set()),
    ("Kenyan President William Ruto received a cable from Ghanaian President Nana Akufo-Addo.", set()),
]


@pytest.mark.parametrize(("text", "meetings"), HOST_MEETS)
def test_host_verbs_of_meeting_also_make_a_meeting(extract_text, text, meetings):
    assert {m[1] for m in _events(extract_text, text, "meet")} == meetings


# ------------------------------------------------------------------ travel (actor on a visit trigger)
TRAVEL = [
    ("Japanese Prime Minister Fumio Kishida arrived in Canberra on Monday.",
     {("visit", ("person/fumio-kishida",), ("state/AU",), "place/canberra", "2023-06-12")}),
    ("Kenyan President William Ruto travelled to Ghana.",
     {("visit", ("person/william-ruto",), ("state/GH",), None, None)}),
    ("Japanese Prime Minister Fumio Kishida visited Vietnam and Cambodia.",
     {("visit", ("person/fumio-kishida",), ("state/VN",), None, None),
      ("visit", ("person/fumio-kishida",), ("state/KH",), None, None)}),
    ("Kenyan President William Ruto landed in Accra, Ghana.",  # the city's event, not the bare state's
     {("visit", ("person/william-ruto",), ("state/GH",), "place/accra", None)}),
    ("Indian Prime Minister Narendra Modi's visit to Egypt ended on Sunday.",  # a noun trigger
     {("visit", ("person/narendra-modi",), ("state/EG",), None, "2023-06-11")}),
    ("Kenyan President William Ruto arrived in Nairobi.", set()),  # coming home is no visit
]


@pytest.mark.parametrize(("text", "visits"), TRAVEL)
def test_travel_visits_the_state_of_each_place(extract_text, text, visits):
    assert _events(extract_text, text, "visit") == visits


# ------------------------------------------------------------------ joint
JOINT_MEET = [
    ("Finnish President Sauli Niinisto met Estonian Prime Minister Kaja Kallas in Tallinn.",
     {("meet", ("person/kaja-kallas", "person/sauli-niinisto"), (), "place/tallinn", None)}),
    ("Malaysian Prime Minister Anwar Ibrahim held talks with Thai Prime Minister Srettha Thavisin.",
     {("meet", ("person/anwar-ibrahim", "person/srettha-thavisin"), (), None, None)}),
    # "mutual" is no sign of a planned meeting (it was in the irrealis modifiers)
    ("Nigerian President Bola Tinubu and Senegalese President Macky Sall held mutual talks in Abuja.",
     {("meet", ("person/bola-tinubu", "person/macky-sall"), (), "place/abuja", None)}),
    ("Nigerian President Bola Tinubu held mutual talks with Senegalese President Macky Sall.",
     {("meet", ("person/bola-tinubu", "person/macky-sall"), (), None, None)}),
    ("Nigerian President Bola Tinubu held upcoming talks with Senegalese President Macky Sall.", set()),
    ("Portuguese President Marcelo Rebelo de Sousa met.", set()),  # one party is no meeting
]


@pytest.mark.parametrize(("text", "meetings"), JOINT_MEET)
def test_joint_meetings_take_everyone_named(extract_text, text, meetings):
    assert _events(extract_text, text, "meet") == meetings


JOINT_SIGN = [  # (text, parties, count, instrument)
    ("Ghana and Togo signed a border treaty.", {"state/GH", "state/TG"}, None, "treaty"),
    ("Iraq and Iran signed a pair of security agreements.", {"state/IQ", "state/IR"}, 2, "agreement"),
    ("Kuwaiti and Omani officials signed six MoUs in Muscat on Monday.", {"state/KW", "state/OM"}, 6,
     "memorandum of understanding"),
    # one party is enough with a named document; an office holder signs for the state
    ("Indonesian President Joko Widodo signed three trade agreements.", {"state/ID"}, 3, "agreement"),
]


@pytest.mark.parametrize(("text", "parties", "count", "instrument"), JOINT_SIGN)
def test_joint_signing_gives_parties_count_and_instrument(extract_text, text, parties, count, instrument):
    (sig,) = [e for e in extract_text(HEAD + text).events if e.type == "sign_agreement"]
    assert (set(sig.agents), sig.count, sig.instrument) == (parties, count, instrument)


def test_a_port_listed_with_the_signed_instruments_is_no_place(extract_text):
    (sig,) = [e for e in extract_text(HEAD + "Peru and Chile signed five deals on Monday, among them fisheries, "
                                      "access to Arica Port for Peruvian trucks and a credit line for Peru.").events
              if e.type == "sign_agreement"]
    assert set(sig.agents) == {"state/PE", "state/CL"} and sig.place is None


# ------------------------------------------------------------------ actor, request, pledge
ACTOR = [  # (text, type, agents, targets)
    ("Irish Prime Minister Leo Varadkar praised Dutch Prime Minister Mark Rutte.", "praise",
     ("person/leo-varadkar",), ("person/mark-rutte",)),
    ("French President Emmanuel Macron was criticized by Italian Prime Minister Giorgia Meloni.", "criticize",
     ("person/giorgia-meloni",), ("person/emmanuel-macron",)),
    ("Canadian Prime Minister Justin Trudeau praised Canada.", "praise",  # no one acts on their own side
     ("person/justin-trudeau",), ()),
]


@pytest.mark.parametrize(("text", "etype", "agents", "targets"), ACTOR)
def test_actor_acts_on_its_object(extract_text, text, etype, agents, targets):
    assert _events(extract_text, text, etype) == {(etype, agents, targets, None, None)}


REQUEST = [
    ("Chilean President Gabriel Boric asked Peruvian President Dina Boluarte to release the prisoners.",
     {("propose", ("person/gabriel-boric",), ("person/dina-boluarte",), None, None)}),
    ("Chilean President Gabriel Boric asked for calm.", set()),  # no addressee, no request
    # passing on greetings is a courtesy (courtesy_words.tsv); respecting wishes is asked for
    ("Chilean President Gabriel Boric asked Peruvian Foreign Minister Ana Gervasi to pass on his best wishes "
     "and warm regards to President Dina Boluarte.", set()),
    ("Chilean President Gabriel Boric asked Peruvian President Dina Boluarte to respect the wishes of voters.",
     {("propose", ("person/gabriel-boric",), ("person/dina-boluarte",), None, None)}),
]


@pytest.mark.parametrize(("text", "requests"), REQUEST)
def test_request_needs_an_addressee(extract_text, text, requests):
    assert _events(extract_text, text, "propose") == requests


PLEDGE = [
    ("German Chancellor Olaf Scholz announced $500 million in aid for Ukraine.",
     {("propose", ("person/olaf-scholz",), ("state/UA",), None, None)}),
    ("Japan pledged military equipment to the Philippines.",
     {("propose", ("state/JP",), ("state/PH",), None, None)}),
    ("German Chancellor Olaf Scholz announced a new energy policy.", set()),  # no aid, no pledge
]


@pytest.mark.parametrize(("text", "pledges"), PLEDGE)
def test_pledge_needs_an_object_of_aid(extract_text, text, pledges):
    assert _events(extract_text, text, "propose") == pledges


# ------------------------------------------------------------------ the registry
def test_every_role_in_triggers_tsv_has_a_handler():
    roles = {row["roles"] for row in lexicons.rows("triggers.tsv")}
    assert roles >= {"actor", "request", "pledge", "host", "joint"}
    assert roles <= set(ROLE_HANDLERS)


def test_a_role_name_registers_once():
    with pytest.raises(ValueError, match="host"):
        role_handler("host")(lambda use: [])


def _clear_lexicon_caches() -> None:
    load_lexicon.cache_clear()
    for f in (lexicons.rows, lexicons.words, lexicons.mapping):
        f.cache_clear()


@pytest.fixture
def bad_roles(tmp_path, monkeypatch):
    """A KG_LEXICONS folder whose triggers.tsv names a role pattern without a handler."""
    lines = (lexicons.SHIPPED / "triggers.tsv").read_text(encoding="utf-8").splitlines()
    lines.append("parley\tVERB\tmeet\t040\tCONSULT\tpowwow\t")
    (tmp_path / "triggers.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("KG_LEXICONS", str(tmp_path))
    _clear_lexicon_caches()
    yield tmp_path, len(lines)
    monkeypatch.delenv("KG_LEXICONS")
    _clear_lexicon_caches()


def test_unknown_role_is_an_error_at_load_time_naming_file_and_line(bad_roles):
    folder, line = bad_roles
    with pytest.raises(LexiconError, match=rf"triggers\.tsv:{line}: unknown role pattern 'powwow'") as err:
        load_lexicon()
    assert str(folder) in str(err.value) and "'parley'" in str(err.value)


def test_unknown_role_is_one_line_from_the_cli(tmp_path):
    lines = (lexicons.SHIPPED / "triggers.tsv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "triggers.tsv").write_text("\n".join([*lines, "parley\tVERB\tmeet\t040\tCONSULT\tpowwow\t"]) + "\n")
    article = tmp_path / "a.txt"
    article.write_text(HEAD + "Ghana and Togo signed a border treaty.\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "KG_LEXICONS": str(tmp_path),
           "KG_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-m", "kg", "build", str(article), "--out", str(tmp_path / "o"),
                          "--no-cache", "--published", "2023-06-16"], env=env, capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.strip().count("\n") == 0, run.stderr
    assert run.stderr.startswith("Error: ") and f"triggers.tsv:{len(lines) + 1}: unknown role pattern" in run.stderr
    assert not (tmp_path / "o" / "graph.nt").exists()


# ------------------------------------------------------------------ modality
REALIS = [  # (sentence, trigger word, realis)
    ("Ruto visited Paris.", "visited", True),
    ("Ruto will visit Paris.", "visit", False),
    ("Ruto did not visit Paris.", "visit", False),
    ("Ruto never visited Paris.", "visited", False),
    ("Ruto plans to visit Paris.", "visit", False),
    ("Ruto is ready to visit Paris.", "visit", False),
    ("Ruto invited Macron to visit Nairobi.", "visit", False),
    ("If Ruto visits Paris, he will meet Macron.", "visits", False),
    ("Ruto held talks with Macron.", "talks", True),
    ("Ruto held mutual talks with Macron.", "talks", True),
    ("Ruto praised the upcoming talks with Macron.", "talks", False),
    ("Ruto could hold talks with Macron.", "talks", False),
    ("No agreement was signed.", "signed", False),
    ("Ruto will visit Ghana on Monday following his trip to Nigeria.", "trip", False),  # a participle as preposition
    ("Ruto met Akufo-Addo in Accra following his trip to Nigeria.", "trip", True),
    # a wish, a chance or a purpose is no deed
    ("Ruto was excited to meet Akufo-Addo.", "meet", False),
    ("Ruto thanked Ghana for the opportunity to meet Akufo-Addo.", "meet", False),
    ("Ruto is in Accra to meet Akufo-Addo.", "meet", False),
    ("Ruto met Akufo-Addo in Accra to discuss trade.", "met", True),
]


@pytest.mark.parametrize(("text", "word", "expected"), REALIS)
def test_realis(nlp, text, word, expected):
    doc = nlp(text)
    (tok,) = [t for t in doc if t.text == word]
    assert realis(tok) is expected


BACKGROUND = [  # (sentence, the dates told as another time)
    ("Ruto visited Paris in 2019.", ["2019"]),
    ("Ruto visited Paris last year.", ["last year"]),
    ("Ruto visited Paris on June 12, 2023.", []),  # a full date is this story's
    ("Ruto visited Paris on Monday.", []),
]


@pytest.mark.parametrize(("text", "dates"), BACKGROUND)
def test_background_dates(nlp, text, dates):
    doc = nlp(text)
    assert [e.text for e in background_dates(next(iter(doc.sents)))] == dates


# ------------------------------------------------------------------ dates
def _date_of(nlp, text: str, word: str, last: date | None = None) -> EventDate:
    article = parse_article(text, article_id="t", published=date(2023, 6, 16))
    doc = nlp(article.parse_text())
    ctx = build_context(doc, [], {}, {}, load_lexicon(), article, lambda ref: None)
    (tok,) = [t for t in doc if t.text == word]
    return date_of(ctx, tok, tok.sent, last)


DATE_OF = [  # (sentence, trigger word, the event's date)
    ("Ruto arrived in Paris on Tuesday.", "arrived", EventDate(date(2023, 6, 13))),
    ("On June 12, 2023, Ruto arrived in Paris.", "arrived", EventDate(date(2023, 6, 12))),
    ("Ruto held talks with Macron on Wednesday.", "talks", EventDate(date(2023, 6, 14))),  # on the light verb
    ("Ruto arrived in Paris.", "arrived", EventDate()),  # no date in the sentence
    ("Ruto arrived in Paris last week.", "arrived", EventDate()),  # vague
    ("Ruto arrived in Paris tomorrow.", "arrived", EventDate(None, future=True)),
]


@pytest.mark.parametrize(("text", "word", "expected"), DATE_OF)
def test_date_of(nlp, text, word, expected):
    assert _date_of(nlp, text, word) == expected


def test_date_of_relative_to_the_last_event(nlp):
    assert _date_of(nlp, "Ruto arrived in Paris a day earlier.", "arrived", date(2023, 6, 14)) == \
        EventDate(date(2023, 6, 13))


def test_a_noun_under_another_verb_keeps_its_date_only_if_attached(nlp):
    # "reached" is no light verb: Thursday is when the visit turned, not the visit's day
    assert _date_of(nlp, "Njoroge's visit reached a turning point on Thursday.", "visit") == EventDate()


WITH_CONTEXT = [  # (sentence, date entity, the expression read)
    ("Ruto arrived last Tuesday.", "Tuesday", "last Tuesday"),
    ("Ruto had arrived a day earlier.", "a day", "a day earlier"),
]


@pytest.mark.parametrize(("text", "ent", "expr"), WITH_CONTEXT)
def test_with_context_takes_the_words_beside_a_date(nlp, text, ent, expr):
    doc = nlp(text)
    (span,) = [e for e in doc.ents if ent in e.text]
    assert with_context(span) == expr


def test_number_words_come_from_numbers_tsv():
    from kg.extract.events.arguments import number_words

    got = number_words()
    assert got["four"] == 4 and got["pair"] == 2 and got["dozen"] == 12
    assert Path(lexicons.lexicon_path("numbers.tsv")).read_text(encoding="utf-8").startswith("#")


@pytest.fixture
def own_lexicons(tmp_path, monkeypatch):
    """A KG_LEXICONS folder the test fills with its own word lists; caches cleared around it."""
    monkeypatch.setenv("KG_LEXICONS", str(tmp_path))
    _clear_lexicon_caches()
    yield tmp_path
    monkeypatch.delenv("KG_LEXICONS")
    _clear_lexicon_caches()


def test_word_lists_are_read_from_the_users_lexicons(own_lexicons, extract_text):
    text = "German Chancellor Olaf Scholz announced new grants for Ukraine. Scholz will visit Poland."
    shipped = extract_text(HEAD + text)
    assert {e.type for e in shipped.events} == {"propose"}
    (own_lexicons / "aid_words.txt").write_text("# no aid words\nmillion\n")
    (own_lexicons / "modals.txt").write_text("# no 'will'\nwould\n")
    _clear_lexicon_caches()
    got = extract_text(HEAD + text)
    assert events_of(got) == [("visit", ("person/olaf-scholz",), ("state/PL",), None, None)]
