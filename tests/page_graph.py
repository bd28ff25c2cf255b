"""A generated graph for the page's tests: a few hundred nodes of invented people, states, places
and organisations, events of every type over a year, offices, and entities that take part in no
event. Seeded: the same records on every call."""
from __future__ import annotations

import random
from datetime import date, timedelta

from kg.event_types import event_type, event_types
from kg.types import Article, Entity, Event, Evidence, Relation, Resolved

SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "to", "vel", "dur", "an", "bri", "co", "zel", "or", "pha", "tin"]


def _name(rnd: random.Random, parts: int) -> str:
    return " ".join("".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3))).capitalize()
                    for _ in range(parts))


def generated(n_people: int = 80, n_states: int = 30, n_places: int = 30, n_orgs: int = 20, n_events: int = 160,
              n_idle: int = 40, seed: int = 3) -> Resolved:
    rnd = random.Random(seed)
    articles = tuple(Article(f"art{i}", "", title=f"Report number {i}", url=f"https://news.example.org/{i}",
                             published=date(2024, 1, 1) + timedelta(days=2 * i)) for i in range(40))
    ents: list[Entity] = []
    for kind, count, parts in (("Person", n_people, 2), ("State", n_states, 1), ("Place", n_places, 1),
                               ("Organization", n_orgs, 2)):
        for i in range(count):
            label = _name(rnd, parts) + f" {kind[0]}{i}"
            ents.append(Entity(f"{kind.lower()}/{i}", kind, label, (f"{kind[:2]}-alias-{i}",),
                               f"X{i:02d}" if kind == "State" else None))
    people = [e.key for e in ents if e.type == "Person"]
    states = [e.key for e in ents if e.type == "State"]
    places = [e.key for e in ents if e.type == "Place"]
    orgs = [e.key for e in ents if e.type == "Organization"]
    # a few main actors take part in many events (news graphs have hubs)
    weights = [8.0 if i < 5 else 1.0 for i in range(len(people))]
    events = []
    for j in range(n_events):
        t = rnd.choice(list(event_types()))
        kind = event_type(t)
        a = rnd.choices(people, weights)[0]
        other = rnd.choice(people + states + orgs)
        agents, targets = ((a, other), ()) if kind.joint else ((a,), (other,))
        art = articles[rnd.randrange(len(articles))]
        when = None if j % 9 == 0 else art.published
        text = f"Sentence {j}: {t} between invented actors."
        events.append(Event(f"event/{t}-{j:04d}", t, kind.cameo + "0", kind.plover, kind.label, agents, targets,
                            rnd.choice(places) if j % 3 else None, when, (Evidence(art.id, 0, len(text), text),),
                            confidence=0.5 + (j % 5) / 10))
    relations = tuple(Relation(people[i], "leader_of", states[i % len(states)], "president",
                               (Evidence("art0", 0, 10, f"Office {i}."),)) for i in range(10))
    idle = [Entity(f"organization/idle-{i}", "Organization", f"Idle body {i}") for i in range(n_idle)]
    return Resolved(articles, tuple(ents + idle), relations, tuple(events))
