"""kg.resolve.occasions.fold_group looks tellings up by key; it must fold exactly as comparing every
pair of the article's events does (the rule of _same_occasion, applied last event first)."""
import random
from datetime import date

import pytest

from kg.resolve.occasions import _fold, _same_occasion, fold_group
from kg.types import EntityRef, Event, Evidence

PEOPLE = [EntityRef(f"person/p{i}") for i in range(4)]
STATES = [EntityRef(f"state/S{i}") for i in range(3)]
STATE_OF = {PEOPLE[0]: STATES[0], PEOPLE[1]: STATES[1], PEOPLE[2]: STATES[0]}
PLACES = [None, EntityRef("place/ostrava"), EntityRef("place/brno")]
DAYS = [None, date(2024, 5, 7), date(2024, 5, 8)]


def _every_pair(group: list[Event]) -> list[Event]:
    """The fold as a scan over every pair (the reference the indexed fold must equal)."""
    out = list(group)
    i = len(out) - 1
    while i >= 0:
        keep = [j for j, k in enumerate(out) if j != i and _same_occasion(out[i], k, STATE_OF)]
        if len(keep) != 1:
            i -= 1
            continue
        out[keep[0]] = _fold(out[keep[0]], out[i])
        del out[i]
        i = len(out) - 1
    return out


def _random_events(rnd: random.Random, n: int) -> list[Event]:
    out = []
    for k in range(n):
        type_ = rnd.choice(["meet", "sign_agreement", "visit", "criticize"])
        agents = tuple(dict.fromkeys(rnd.choice(PEOPLE + STATES) for _ in range(rnd.randint(0, 2))))
        targets = tuple(dict.fromkeys(rnd.choice(PEOPLE + STATES) for _ in range(rnd.randint(0, 1))))
        out.append(Event("", type_, "040", "CONSULT", "", agents, targets, rnd.choice(PLACES), rnd.choice(DAYS),
                         (Evidence("a1", 100 * k, 100 * k + 10, f"sentence {k}"),),
                         mode=rnd.choice(["", "", "remote"]), count=rnd.choice([None, None, 2, 3]),
                         background=rnd.random() < 0.1))
    return out


@pytest.mark.parametrize("seed", range(300))
def test_the_indexed_fold_folds_as_every_pair_does(seed: int) -> None:
    rnd = random.Random(seed)
    group = _random_events(rnd, rnd.randint(2, 14))
    assert fold_group(group, STATE_OF) == _every_pair(group)


def test_some_random_groups_fold() -> None:  # the comparison above is not between unfolded lists only
    folded = 0
    for seed in range(300):
        rnd = random.Random(seed)
        group = _random_events(rnd, rnd.randint(2, 14))
        folded += len(fold_group(group, STATE_OF)) < len(group)
    assert folded > 30


def _random_mentions(rnd: random.Random, n: int):
    from kg.types import EventMention

    actors = [*PEOPLE[:3], STATES[0]]  # few actors, so that many mentions can merge
    out = []
    for k in range(n):
        type_ = rnd.choice(["meet", "sign_agreement", "visit", "praise", "criticize", "propose"])
        # (a meeting or signing with no agent is left out: _compatible would merge it into any
        # meeting of its day, which the agents' keys do not find, before this index as after)
        least = 1 if type_ in ("meet", "sign_agreement") else 0
        agents = tuple(dict.fromkeys(rnd.choice(actors) for _ in range(rnd.randint(least, 3))))
        targets = tuple(dict.fromkeys(rnd.choice(actors) for _ in range(rnd.randint(0, 1))))
        article = f"a{rnd.randint(1, 4)}"
        out.append(EventMention(type_, "040", "CONSULT", "met", agents, targets, rnd.choice(PLACES), rnd.choice(DAYS),
                                Evidence(article, 100 * k, 100 * k + 10, f"sentence {k}"),
                                mode=rnd.choice(["", "", "planned"]), background=rnd.random() < 0.1))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_merging_event_mentions_by_key_equals_trying_every_earlier_event(seed, monkeypatch):
    """_merge_events tries only the events its keys give (a hub's other statements and meetings
    with others are never tried); it must merge as trying every earlier event in order does."""
    from kg.resolve import _Ascending, _merge_events

    mentions = _random_mentions(random.Random(seed), 150)
    by_key = _merge_events(mentions, STATE_OF)

    def every(self, keys):  # every event indexed so far, in order
        return iter(sorted(set().union(*self.sets.values())))

    monkeypatch.setattr(_Ascending, "ascending", every)
    assert _merge_events(mentions, STATE_OF) == by_key
    merged = [e for e in by_key if e.type in ("praise", "criticize", "propose") and len(e.evidence) > 1]
    assert merged and len(by_key) < len(mentions)  # one-sided events merged too
    # and joint ones of three agents, into one of two or one of them
    assert any(e.type in ("meet", "sign_agreement") and len(e.agents) == 3 and len(e.evidence) > 1 for e in by_key)


def _every_visit(events, state_of):
    """nest_events as a scan over every visit (the reference the indexed candidates must equal)."""
    from dataclasses import replace

    from kg.resolve import _during

    visits = [v for v in events if v.type == "visit" and not v.background]
    out = []
    for e in events:
        best = None
        if e.type != "visit" and not e.background:
            for v in visits:
                if _during(e, v, state_of, bool(set(e.evidence) & set(v.evidence))) and (
                        best is None or (v.date or date.min) > (best.date or date.min)):
                    best = v
        out.append(replace(e, parent=best.key) if best else e)
    return tuple(out)


@pytest.mark.parametrize("seed", range(40))
def test_nesting_by_sentence_and_city_equals_trying_every_visit(seed):
    """nest_events compares an event with the visits of its sentences and of its city that one of
    its parties takes part in (not every visit of a hub visitor); it must nest as trying all does."""
    from kg.resolve import nest_events

    rnd = random.Random(seed)
    sentences = [Evidence("a1", 100 * k, 100 * k + 10, f"sentence {k}") for k in range(12)]
    events = []
    for k in range(80):
        type_ = rnd.choice(["visit", "visit", "meet", "sign_agreement", "praise"])
        agents = tuple(dict.fromkeys(rnd.choice(PEOPLE + STATES) for _ in range(rnd.randint(1, 2))))
        targets = tuple(dict.fromkeys(rnd.choice(PEOPLE + STATES) for _ in range(rnd.randint(0, 2))))
        evidence = tuple(dict.fromkeys(rnd.choice(sentences) for _ in range(rnd.randint(1, 2))))
        events.append(Event(f"event/{k}", type_, "040", "CONSULT", "", agents, targets, rnd.choice(PLACES),
                            rnd.choice(DAYS), evidence, background=rnd.random() < 0.1))
    nested = nest_events(tuple(events), STATE_OF)
    assert nested == _every_visit(tuple(events), STATE_OF)
    assert any(e.parent for e in nested)
