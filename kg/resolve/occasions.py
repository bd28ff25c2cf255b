"""Within one article, one occasion told twice becomes one event (resolve's second pass over
the merged events): Event -> Event, per article.

The rule (_same_occasion) compares two events; the pass (fold_group) folds the last event
that exactly one other event would take into that one, until none is left. Events are looked
up by keys that every pair _same_occasion accepts shares (_taker_keys of the telling, _told_keys of
the event it folds into), so an article of N events costs about N lookups, not N * N
comparisons; the outcome is the same as comparing every pair.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import replace

from ..event_types import event_types
from ..types import EntityRef, Event


def joint(type_name: str) -> bool:
    """Whether the participants of this event type act together (a meeting, a signing)."""
    kind = event_types().get(type_name)
    return kind is not None and kind.joint


def _article_of(e: Event) -> str | None:
    ids = {ev.article_id for ev in e.evidence}
    return ids.pop() if len(ids) == 1 else None


def fold_occasions(events: list[Event], state_of: dict[EntityRef, EntityRef]) -> list[Event]:
    """One occasion an article tells twice becomes one event (the within-article second pass).

    An event folds into another event of the same article (never across articles: an event with
    evidence from two articles takes no part) when _same_occasion says so and no other event there
    would take it too (an undated meeting of two leaders whose article gives two dated meetings of
    them stays apart: which one is unknown).
    """
    by_article: dict[str, list[Event]] = defaultdict(list)
    rest: list[Event] = []
    for e in events:
        art = _article_of(e)
        if art is None:
            rest.append(e)
        else:
            by_article[art].append(e)
    return rest + [e for group in by_article.values() for e in fold_group(group, state_of)]


def fold_group(group: list[Event], state_of: dict[EntityRef, EntityRef]) -> list[Event]:
    """The events of one article with each occasion told twice folded into one. Later tellings fold
    into earlier ones first (the first telling keeps its place): at each step the last event that
    exactly one other event would take (_same_occasion) folds into it, until there is none."""
    events = dict(enumerate(group))  # id -> event; ids keep text order as events leave
    takers: dict[Hashable, set[int]] = defaultdict(set)  # key -> events that may fold into an event told so
    told: dict[Hashable, set[int]] = defaultdict(set)  # key -> events that may take a telling of that key
    keep: dict[int, set[int]] = {}  # event -> the events it is one more telling of
    kept_by: dict[int, set[int]] = defaultdict(set)  # event -> the events that are tellings of it
    ready: list[int] = []  # -id of events with exactly one taker (checked when popped)

    def index(i: int, add: bool) -> None:
        for key in _taker_keys(events[i]):
            (takers[key].add if add else takers[key].discard)(i)
        for key in _told_keys(events[i], state_of):
            (told[key].add if add else told[key].discard)(i)

    def settle(i: int, j: int, same: bool) -> None:
        if same:
            keep[i].add(j)
            kept_by[j].add(i)
        else:
            keep[i].discard(j)
            kept_by[j].discard(i)
        if len(keep[i]) == 1:
            heapq.heappush(ready, -i)

    def check(i: int) -> None:
        cands = set().union(*(told.get(key, ()) for key in _taker_keys(events[i]))) - {i}
        new = {j for j in cands if _same_occasion(events[i], events[j], state_of)}
        for j in keep.get(i, set()) - new:
            kept_by[j].discard(i)
        for j in new:
            kept_by[j].add(i)
        keep[i] = new
        if len(keep[i]) == 1:
            heapq.heappush(ready, -i)

    for i in events:
        index(i, True)
    for i in events:
        check(i)
    while ready:
        i = -heapq.heappop(ready)
        if i not in events or len(keep[i]) != 1:
            continue  # gone, or no longer one taker since it was pushed
        (k,) = keep[i]
        index(i, False)
        for x in kept_by.pop(i, set()):
            settle(x, i, False)
        for j in keep.pop(i):
            kept_by[j].discard(i)
        index(k, False)
        events[k] = _fold(events[k], events.pop(i))
        index(k, True)
        check(k)
        # the grown event may take tellings it did not, or no longer take one it did
        others = set(kept_by[k]).union(*(takers.get(key, ()) for key in _told_keys(events[k], state_of))) - {k}
        for x in others:
            settle(x, k, _same_occasion(events[x], events[k], state_of))
    return [events[i] for i in sorted(events)]


def _taker_keys(a: Event) -> set[Hashable]:
    """Keys that every event `a` may be one more telling of carries in _told_keys (a superset of
    what _same_occasion accepts: the same type and background, and per rule what it needs)."""
    kind = (a.type, a.background)
    keys: set[Hashable] = set()
    if a.agents and all(x.startswith("state/") for x in a.agents):  # _states_for_people: a state of b's side
        keys |= {("people", kind, a.mode, s) for s in a.agents}
    if a.type != "visit" and not joint(a.type) and a.date is None and a.targets:  # _retold_statement
        keys.add(("statement", kind, a.mode, frozenset(a.agents), frozenset(a.targets)))
    if joint(a.type):
        if a.type == "sign_agreement":  # _one_of_the_list
            keys.add(("list", kind))
        if not a.mode and a.date is None:  # an undated meeting after a call
            keys.add(("remote", kind, frozenset(a.agents)))
    return keys


def _told_keys(b: Event, state_of: dict[EntityRef, EntityRef]) -> set[Hashable]:
    """The keys under which `b` may take another telling (see _taker_keys)."""
    kind = (b.type, b.background)
    keys: set[Hashable] = set()
    people = [x for x in b.agents if x.startswith("person/")]
    if people:
        sides = {state_of.get(p) for p in people} | {x for x in b.agents if x.startswith("state/")}
        keys |= {("people", kind, b.mode, s) for s in sides if s is not None}
    if b.type != "visit" and not joint(b.type) and b.targets:
        keys.add(("statement", kind, b.mode, frozenset(b.agents), frozenset(b.targets)))
    if joint(b.type):
        if b.type == "sign_agreement" and b.count and b.count >= 2 and all(x.startswith("state/") for x in b.agents):
            keys.add(("list", kind))
        if b.mode == "remote":
            keys.add(("remote", kind, frozenset(b.agents)))
    return keys


def _same_occasion(a: Event, b: Event, state_of: dict[EntityRef, EntityRef]) -> bool:
    """Whether event `a` is one more telling of `b`, within one article.

    - A signing of N instruments (N >= 2) between states is the list: the same count between the same
      states told again ("two deals" in the lead, "two MoUs" in the body) whatever day each gives,
      and a signing with no count whose parties are its states or not known to hold office for any
      other state ("the MoU on trade was signed by the two secretaries"), on its day or undated.
    - An undated meeting told after a phone call between the same people is the call ("had a telephone
      conversation ... the two leaders exchanged views"); one told before it is not (a handshake in
      the headline, then "in a phone call on Wednesday" the week before).
    - A meeting, visit or statement told of states only is the one of the people who hold office
      for them (_states_for_people).
    - An undated statement is the one dated statement of the same parties (_retold_statement).
    """
    if _states_for_people(a, b, state_of) or _retold_statement(a, b):
        return True
    if a.type != b.type or a.background != b.background or not joint(a.type) or a.count and b.count is None:
        return False
    sa, sb = set(a.agents), set(b.agents)
    if b.count and b.count >= 2 and a.type == "sign_agreement" and all(x.startswith("state/") for x in sb):
        return _one_of_the_list(a, b, state_of)
    if a.mode or b.mode != "remote" or a.date or sa != sb or a.place and b.place and a.place != b.place:
        return False
    return min(ev.start for ev in a.evidence) > min(ev.start for ev in b.evidence)


def _retold_statement(a: Event, b: Event) -> bool:
    """Whether undated statement `a` is `b` told again: the same actor on the same targets in one
    article ("X has summoned Y's ambassador" in the lead, "where she condemned Y" on Thursday)."""
    return (a.type == b.type and a.type != "visit" and not joint(a.type) and a.date is None
            and a.mode == b.mode and a.background == b.background and bool(a.targets)
            and set(a.agents) == set(b.agents) and set(a.targets) == set(b.targets)
            and not (a.place and b.place and a.place != b.place))


def _states_for_people(a: Event, b: Event, state_of: dict[EntityRef, EntityRef]) -> bool:
    """Whether `a`, told of states only, is `b` told of the people who hold office for them: "the
    two states held talks" on the day their ministers met, "Oman's visit to Saudi Arabia" when
    its sultan's visit there is told. A meeting needs the same day (states also meet in rounds of
    their own), a visit the same visited state (one visit per visitor and state); a statement
    ("Pakistan summoned India's envoy", "Janjua summoned the Indian envoy") the same targets, on
    its day or undated."""
    if a.type != b.type or a.mode != b.mode or a.background != b.background:
        return False
    sa = set(a.agents)
    people = [x for x in b.agents if x.startswith("person/")]
    if not sa or not people or not all(x.startswith("state/") for x in sa):
        return False
    exact = a.type == "meet" and sa == {state_of.get(p) for p in people} and len(sa) >= 2 \
        and (a.date == b.date or (a.date is None and b.date is None))
    if exact:  # the two states of the two people, on their day: the same talks, wherever the copy puts them
        return True
    if a.place and b.place and a.place != b.place:
        return False
    if not joint(a.type):  # a visit; a statement on its day or undated ("Pakistan summoned the envoy")
        same_day = a.type == "visit" or a.date is None or b.date is None or a.date == b.date
        return same_day and set(a.targets) == set(b.targets) and sa == {state_of.get(p) for p in people}
    if a.type != "meet":
        return False
    sides = {state_of.get(p) for p in people} | {x for x in b.agents if x.startswith("state/")}
    # the same day, or both undated in one place; the two states, or one of them in the same place
    # (a host named as the other of "the two nations" when the people came from elsewhere)
    same_place = b.place is not None and a.place == b.place
    same_day = a.date == b.date and (a.date is not None or same_place)
    return len(sa) >= 2 and same_day and (sa <= sides or (same_place and len(sa & sides) == 1))


def _one_of_the_list(a: Event, b: Event, state_of: dict[EntityRef, EntityRef]) -> bool:
    """Whether signing `a` is the counted state-level signing `b` again or one of its instruments."""
    sa, sb = set(a.agents), set(b.agents)
    if a.count == b.count and sa == sb:
        return True
    if a.count is not None or a.date and a.date != b.date or a.place and b.place and a.place != b.place:
        return False
    return {state_of[x] for x in sa if x in state_of} | {x for x in sa if x.startswith("state/")} <= sb


def _fold(keep: Event, other: Event) -> Event:
    """`keep` with the evidence of `other`, told of the same occasion; a counted list keeps its parties."""
    restated = all(x.startswith("state/") for x in other.agents) and any(x.startswith("person/") for x in keep.agents)
    agents = keep.agents if keep.count and not other.count or restated \
        else tuple(dict.fromkeys(keep.agents + other.agents))
    remote = "remote" in (keep.mode, other.mode)
    return replace(keep, agents=agents, targets=tuple(dict.fromkeys(keep.targets + other.targets)),
                   mode="remote" if remote else keep.mode,
                   place=(keep.place if keep.mode == "remote" or not remote else other.place) or other.place,
                   date=min((d for d in (keep.date, other.date) if d), default=None),
                   evidence=keep.evidence + tuple(ev for ev in other.evidence if ev not in keep.evidence),
                   cameo=keep.cameo if keep.type == "visit" else min(keep.cameo, other.cameo),
                   instrument=keep.instrument or other.instrument,
                   confidence=round(min(1.0, max(keep.confidence, other.confidence) + 0.05), 2))


