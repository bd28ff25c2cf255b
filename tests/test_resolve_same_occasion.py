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


def test_an_undated_statement_of_the_headline_is_the_one_the_article_tells_again() -> None:
    events = _merge_events([_said("criticize", (NORTH,), (SOUTH,), 0), _said("criticize", (NORTH,), (SOUTH,), 120)])
    assert [(e.date, len(e.evidence)) for e in events] == [(None, 2)]


def test_undated_statements_of_other_articles_stay_apart() -> None:
    other = _merge_events([_said("criticize", (NORTH,), (SOUTH,), 0),
                           _said("criticize", (NORTH,), (SOUTH,), 90, article="a2")])
    assert len(other) == 2


def _visit(agents: tuple[EntityRef, ...], target: EntityRef, start: int, *, when: date | None = None) -> EventMention:
    return EventMention("visit", "042", "CONSULT", "t", agents, (target,), None, when,
                        Evidence("a1", start, start + 10, f"sentence at {start}"))


def test_talks_between_the_two_countries_are_their_ministers_meeting() -> None:
    state_of = {ALBA: NORTH, BRUNO: SOUTH}
    (e,) = _merge_events([_m("meet", (ALBA, BRUNO), 0, place=CITY, when=DAY),
                          _m("meet", (NORTH, SOUTH), 100, when=DAY)], state_of)
    assert set(e.agents) == {ALBA, BRUNO} and len(e.evidence) == 2


def test_the_two_nations_guessed_with_the_host_in_the_same_city_are_the_ministers_meeting() -> None:
    state_of = {ALBA: NORTH}  # Bruno's state is not written; the host state EAST was taken as the other
    for when in (DAY, None):
        (e,) = _merge_events([_m("meet", (ALBA, BRUNO), 0, place=CITY, when=when),
                              _m("meet", (NORTH, EAST), 100, place=CITY, when=when)], state_of)
        assert set(e.agents) == {ALBA, BRUNO}
    elsewhere = _merge_events([_m("meet", (ALBA, BRUNO), 0, place=CITY, when=DAY),
                               _m("meet", (NORTH, EAST), 100, place=PALACE, when=DAY)], state_of)
    assert len(elsewhere) == 2


def test_the_two_countries_talking_on_another_day_is_another_meeting() -> None:
    state_of = {ALBA: NORTH, BRUNO: SOUTH}
    for when in (None, date(2024, 5, 9)):
        events = _merge_events([_m("meet", (ALBA, BRUNO), 0, when=DAY), _m("meet", (NORTH, SOUTH), 100, when=when)],
                               state_of)
        assert len(events) == 2


def test_a_states_visit_is_its_leaders_visit_told_again() -> None:
    state_of = {ALBA: NORTH, BRUNO: SOUTH}
    (e,) = _merge_events([_visit((ALBA,), SOUTH, 0, when=DAY), _visit((NORTH,), SOUTH, 100)], state_of)
    assert e.agents == (ALBA,) and len(e.evidence) == 2
    assert len(_merge_events([_visit((ALBA,), SOUTH, 0), _visit((NORTH,), EAST, 100)], state_of)) == 2


def _said(type_: str, agents: tuple[EntityRef, ...], targets: tuple[EntityRef, ...], start: int, *,
          when: date | None = None, article: str = "a1") -> EventMention:
    return EventMention(type_, "111", "ACCUSE", "t", agents, targets, None, when,
                        Evidence(article, start, start + 10, f"sentence at {start}"))


def test_a_states_summons_is_its_ministers_summons_told_again() -> None:
    state_of = {ALBA: NORTH}
    (e,) = _merge_events([_said("criticize", (NORTH,), (SOUTH,), 0, when=DAY),
                          _said("criticize", (ALBA,), (SOUTH,), 100)], state_of)
    assert e.agents == (ALBA,) and e.date == DAY and len(e.evidence) == 2


def test_an_undated_statement_is_the_dated_one_of_the_same_parties() -> None:
    (e,) = _merge_events([_said("criticize", (ALBA,), (SOUTH,), 0),
                          _said("criticize", (ALBA,), (SOUTH,), 100, when=DAY)])
    assert e.date == DAY and len(e.evidence) == 2
    two_days = [_said("criticize", (ALBA,), (SOUTH,), 0, when=DAY),
                _said("criticize", (ALBA,), (SOUTH,), 100, when=date(2024, 5, 9)),
                _said("criticize", (ALBA,), (SOUTH,), 200)]
    assert len(_merge_events(two_days)) == 3  # which day the undated one is told of is unknown
    assert len(_merge_events([_said("criticize", (ALBA,), (SOUTH,), 0),
                              _said("criticize", (ALBA,), (EAST,), 100, when=DAY)])) == 2


def test_the_two_states_of_the_two_people_on_their_day_are_their_meeting_wherever_placed() -> None:
    state_of = {ALBA: NORTH, BRUNO: SOUTH}
    (e,) = _merge_events([_m("meet", (ALBA, BRUNO), 0, place=CITY), _m("meet", (NORTH, SOUTH), 100, place=PALACE)],
                         state_of)
    assert set(e.agents) == {ALBA, BRUNO}
