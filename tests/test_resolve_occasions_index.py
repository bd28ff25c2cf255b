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
