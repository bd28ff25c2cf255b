"""Within one article, one occasion told twice is one event (kg.resolve._fold_occasions)."""
from datetime import date

from kg.resolve import _merge_events
from kg.types import EntityRef, EventMention, Evidence

ALBA, BRUNO, CARLA = EntityRef("person/alba-ferrante"), EntityRef("person/bruno-okafor"), EntityRef("person/carla-vint")
NORTH, SOUTH, EAST = EntityRef("state/NO"), EntityRef("state/SE"), EntityRef("state/EE")
CITY, PALACE = EntityRef("place/ostrava"), EntityRef("place/green-palace")
DAY = date(2024, 5, 7)


def _m(type_: str, agents: tuple[EntityRef, ...], start: int, *, article: str = "a1", place: EntityRef | None = None,
       when: date | None = None, mode: str = "", count: int | None = None) -> EventMention:
    cameo = "040" if type_ == "meet" else "057"
    return EventMention(type_, cameo, "CONSULT", "t", agents, (), place, when,
                        Evidence(article, start, start + 10, f"sentence at {start}"), mode=mode, count=count)


def test_a_call_and_the_views_exchanged_in_it_are_one_call() -> None:
    (e,) = _merge_events([_m("meet", (ALBA, BRUNO), 0, mode="remote"), _m("meet", (ALBA, BRUNO), 100)])
    assert e.mode == "remote" and len(e.evidence) == 2


def test_a_handshake_told_before_a_call_is_another_occasion() -> None:
    events = _merge_events([_m("meet", (ALBA, BRUNO), 0), _m("meet", (ALBA, BRUNO), 100, mode="remote", when=DAY)])
    assert sorted(e.mode for e in events) == ["", "remote"]


def test_the_officials_signing_one_of_the_listed_agreements_fold_into_the_list() -> None:
    state_of = {ALBA: NORTH, BRUNO: SOUTH}
    (e,) = _merge_events([_m("sign_agreement", (NORTH, SOUTH), 0, when=DAY, count=3),
                          _m("sign_agreement", (ALBA, BRUNO), 100, when=DAY)], state_of)
    assert set(e.agents) == {NORTH, SOUTH} and e.count == 3 and len(e.evidence) == 2


def test_the_same_count_told_in_the_lead_and_the_body_is_one_signing() -> None:
    (e,) = _merge_events([_m("sign_agreement", (NORTH, SOUTH), 0, when=DAY, count=2),
                          _m("sign_agreement", (SOUTH, NORTH), 100, when=date(2024, 5, 8), count=2)])
    assert e.date == DAY and len(e.evidence) == 2


def test_a_signing_by_an_official_of_another_state_stays_apart() -> None:
    events = _merge_events([_m("sign_agreement", (NORTH, SOUTH), 0, when=DAY, count=3),
                            _m("sign_agreement", (ALBA, CARLA), 100, when=DAY)], {ALBA: NORTH, CARLA: EAST})
    assert len(events) == 2


def test_meetings_on_two_days_stay_apart_and_an_undated_third_joins_neither() -> None:
    events = _merge_events([_m("meet", (ALBA, BRUNO), 0, place=CITY, when=DAY),
                            _m("meet", (ALBA, BRUNO), 100, place=CITY, when=date(2024, 5, 9)),
                            _m("meet", (ALBA, BRUNO), 200, place=PALACE)])
    assert len(events) == 3


def test_the_call_and_the_meeting_in_two_articles_stay_apart() -> None:
    events = _merge_events([_m("meet", (ALBA, BRUNO), 0, mode="remote"), _m("meet", (ALBA, BRUNO), 100, article="a2")])
    assert len(events) == 2


def test_a_meeting_after_a_call_with_someone_else_stays_apart() -> None:
    events = _merge_events([_m("meet", (ALBA, BRUNO), 0, mode="remote"), _m("meet", (ALBA, CARLA), 100)])
    assert len(events) == 2


def test_a_meeting_in_the_city_and_one_at_the_palace_stay_apart_when_one_is_undated() -> None:
    events = _merge_events([_m("meet", (ALBA, BRUNO), 0, place=CITY, when=DAY),
                            _m("meet", (ALBA, BRUNO), 100, place=PALACE)])
    assert len(events) == 2


def _said(agents: tuple[EntityRef, ...], targets: tuple[EntityRef, ...], start: int, *, article: str = "a1",
          when: date | None = None) -> EventMention:
    return EventMention("criticize", "111", "ACCUSE", "t", agents, targets, None, when,
                        Evidence(article, start, start + 10, f"sentence at {start}"))


def test_an_undated_statement_of_the_headline_is_the_one_the_article_tells() -> None:
    events = _merge_events([_said((NORTH,), (SOUTH,), 0), _said((NORTH,), (SOUTH,), 120, when=DAY)])
    assert [(e.date, len(e.evidence)) for e in events] == [(DAY, 2)]


def test_undated_statements_of_the_body_or_of_other_articles_stay_apart() -> None:
    body = _merge_events([_said((NORTH,), (SOUTH,), 80), _said((NORTH,), (SOUTH,), 200)])
    other = _merge_events([_said((NORTH,), (SOUTH,), 0), _said((NORTH,), (SOUTH,), 90, article="a2")])
    assert len(body) == 2 and len(other) == 2
