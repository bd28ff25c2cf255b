"""Resolution: ArticleExtractions -> Resolved (one entity per real-world thing, merged events).

Within an article, extract has already clustered mentions into entity refs. Here the refs of
all articles become Entities (label, aliases, ISO code), person refs that are spelling variants
of one another merge (Nuri / Nouri, Petrenko / Petrenco), offices become Relations, and event
mentions of the same happening (same type, participants, compatible date and place) merge.
"""
from __future__ import annotations

import hashlib
import heapq
import logging
from bisect import insort
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from difflib import SequenceMatcher
from itertools import combinations

from .. import lexicons
from ..event_types import event_types
from ..extract.lexicon import load_lexicon
from ..text import clean_label, fold, given_names, similar_names
from ..types import (
    Article,
    ArticleExtraction,
    Entity,
    EntityRef,
    EntityType,
    Event,
    EventMention,
    Evidence,
    Relation,
    Resolved,
)
from .occasions import fold_occasions
from .occasions import joint as _joint

log = logging.getLogger(__name__)

EVENT_LABELS = {t.name: t.label for t in event_types().values()}  # kg/lexicons/event_types.tsv


@dataclass
class _Acc:
    type: EntityType
    names: Counter[str] = field(default_factory=Counter)  # name as written -> times written
    articles: set[str] = field(default_factory=set)  # Article.id
    styled: set[str] = field(default_factory=set)  # names written with a style: aliases, never the label


def resolve(extractions: Iterable[ArticleExtraction]) -> Resolved:
    """Merge the extractions of one or more articles into entities, relations and events."""
    resolver = Resolver()
    for ex in extractions:
        resolver.add(ex)
    return resolver.finish()


@dataclass(frozen=True, slots=True)
class _Office:
    """What resolution keeps of a RelationMention: the person's ref (not yet merged), the rest as is."""

    person: EntityRef
    relation: str
    state: EntityRef
    role: str
    evidence: Evidence
    confidence: float


class Resolver:
    """Resolution fed one article at a time (in input order), so that a large archive's
    extractions need not all be in memory: add() keeps what finish() needs of an extraction
    (the names and articles of each entity, the offices, the event mentions) and drops the
    rest (mentions, their refs and labels); finish() merges them as resolve() does."""

    def __init__(self) -> None:
        self.acc: dict[EntityRef, _Acc] = {}
        self.articles: list[Article] = []
        self.offices: list[_Office] = []
        self.events: list[EventMention] = []
        self.states: dict[EntityRef, None] = {}  # state refs of events and offices, in order

    def add(self, ex: ArticleExtraction) -> None:
        _accumulate(self.acc, ex)
        self.articles.append(ex.article)
        sentences: dict[Evidence, Evidence] = {}  # one object per sentence: events of a sentence share it
        self.offices += [_Office(ex.refs[r.person], r.relation, r.state, r.role,
                                 sentences.setdefault(r.evidence, r.evidence), r.confidence)
                         for r in ex.relations if r.person in ex.refs]
        self.events += [e if sentences.setdefault(e.evidence, e.evidence) is e.evidence
                        else replace(e, evidence=sentences[e.evidence]) for e in ex.events]
        for e in ex.events:
            for r in (*e.agents, *e.targets, e.place):
                if r and r.startswith("state/"):
                    self.states[r] = None
        for rel in ex.relations:
            self.states.setdefault(rel.state, None)

    def finish(self) -> Resolved:
        acc = self.acc
        for ref in self.states:  # a state only events or offices name
            acc.setdefault(ref, _Acc("State"))
        alias = _merge_people(acc, {o.person for o in self.offices})
        entities = _entities(acc, alias)

        def canon(ref: EntityRef) -> EntityRef:
            return alias.get(ref, ref)

        relations = _relations(self.offices, canon)
        state_of = {r.subject: r.object for r in relations}
        mentions = [replace(e, agents=tuple(dict.fromkeys(canon(a) for a in e.agents)),
                            targets=tuple(dict.fromkeys(canon(t) for t in e.targets)),
                            place=canon(e.place) if e.place else e.place)
                    for e in self.events]
        self.events = []
        events = _merge_events([e for e in mentions if not _home_visit(e, state_of)], state_of)
        del mentions
        events = nest_events(events, state_of)
        log.debug("resolved %d articles: %d entities, %d relations, %d events", len(self.articles),
                  len(entities), len(relations), len(events))
        return Resolved(tuple(self.articles), tuple(entities), relations, events)


def _home_visit(e: EventMention, state_of: dict[EntityRef, EntityRef]) -> bool:
    """A visit whose visitors all hold office for the visited state: no one visits their own
    state (extraction knows each article's offices; a person named two ways there, "Ebrahim"
    and "Ibrahim", is one person with one office only here)."""
    return e.type == "visit" and bool(e.agents) and all(state_of.get(a) in e.targets for a in e.agents)


def _accumulate(acc: dict[EntityRef, _Acc], ex: ArticleExtraction) -> None:
    """Add an extraction's entity refs to `acc`, with the names written for them and the article."""
    refs, labels = ex.refs, ex.labels
    for i, m in enumerate(ex.mentions):
        ref = refs.get(i)
        if ref is None:
            continue
        a = acc.setdefault(ref, _Acc(m.type))
        a.articles.add(ex.article.id)
        if m.kind == "name":
            a.names[clean_label(m.text)] += 1
    for ref, label in labels.items():
        if ref in acc:
            acc[ref].names[clean_label(label)] += 0
    for ref, forms in ex.styled.items():
        if ref in acc:
            acc[ref].styled.update(" ".join(f.split()) for f in forms)


def _entities(acc: dict[EntityRef, _Acc], alias: dict[EntityRef, EntityRef]) -> list[Entity]:
    """One Entity per ref that is no spelling variant of another, with the variants' names."""
    lex = load_lexicon()
    entities = []
    for ref in sorted(acc):
        if ref in alias:
            continue
        a = acc[ref]
        names = Counter(a.names)
        styled = set(a.styled)
        for other, target in alias.items():
            if target == ref:
                names.update(acc[other].names)
                styled |= acc[other].styled
                a.articles |= acc[other].articles
        if ref.startswith("state/"):
            iso = ref.split("/", 1)[1]
            label, iso_code = lex.states[iso].name, iso
        else:
            label = max(names, key=lambda n: (len(n.split()) if a.type == "Person" else 0, names[n], len(n)))
            iso_code = None
        aliases = tuple(sorted({n for n in (*names, *styled) if n != label and fold(n) != fold(label)
                                or (n != label and n.isupper())}))
        entities.append(Entity(ref, a.type, label, aliases, iso_code, tuple(sorted(a.articles))))
    return entities


class _Visits:
    """The visits of a result, indexed by sentence and by party (visitor, or visitor's state) and
    city: what an event is compared with costs what its own sentences and city hold, not what a
    hub visitor or a capital holds."""

    def __init__(self, events: tuple[Event, ...], state_of: dict[EntityRef, EntityRef]) -> None:
        self.visits = [v for v in events if v.type == "visit" and not v.background]
        self.parties: list[set[EntityRef]] = []  # visitors and their states, per visit
        self.by_party_place: dict[tuple[EntityRef, EntityRef], list[int]] = defaultdict(list)
        self.by_sentence: dict[Evidence, set[int]] = defaultdict(set)
        for i, v in enumerate(self.visits):
            parties = set(v.agents) | {state_of[a] for a in v.agents if a in state_of}
            self.parties.append(parties)
            if v.place:
                for p in parties:
                    self.by_party_place[p, v.place].append(i)
            for x in v.evidence:
                self.by_sentence[x].add(i)

    def candidates(self, e: Event) -> list[tuple[Event, bool]]:
        """The visits told in e's sentence or city that one of e's participants takes part in, in
        order, each with whether it is told in one of e's sentences."""
        parts = set(e.agents) | set(e.targets)
        same = {i for i in set().union(*(self.by_sentence.get(x, ()) for x in e.evidence)) if self.parties[i] & parts}
        near = set(same)
        if e.place:
            for p in parts:
                near.update(self.by_party_place.get((p, e.place), ()))
        return [(self.visits[i], i in same) for i in sorted(near)]


def nest_events(events: tuple[Event, ...], state_of: dict[EntityRef, EntityRef]) -> tuple[Event, ...]:
    """Point meetings, signings and statements to the visit they took place during
    (sem:subEventOf): a visitor (or, for a signing, the visitor's state with the host state) takes
    part, in the visit's city, within a week after the arrival; or the same sentence tells both."""
    visits = _Visits(events, state_of)
    out = []
    for e in events:
        best = None
        if e.type != "visit" and not e.background:
            for v, same_sentence in visits.candidates(e):
                if _during(e, v, state_of, same_sentence) and (
                        best is None or (v.date or date.min) > (best.date or date.min)):
                    best = v
        out.append(replace(e, parent=best.key) if best else e)
    return tuple(out)


def _during(e: Event, v: Event, state_of: dict[EntityRef, EntityRef], same_sentence: bool) -> bool:
    """Whether event e took place during visit v (same_sentence: one sentence tells both)."""
    parts = set(e.agents) | set(e.targets)
    shared = set(v.agents) & parts or (
        e.type == "sign_agreement" and set(v.targets) <= parts
        and any(state_of.get(a) in parts for a in v.agents))
    if not shared:
        return False
    in_city = e.place is not None and e.place == v.place
    in_time = e.date is not None and v.date is not None and 0 <= (e.date - v.date).days <= 7
    return same_sentence or (in_city and (in_time or e.date is None or v.date is None))


def _merge_people(acc: dict[EntityRef, _Acc],
                  office_holders: set[EntityRef] | frozenset[EntityRef] = frozenset()) -> dict[EntityRef, EntityRef]:
    """Person refs that are spelling variants of a better-attested one -> that one."""
    people = sorted((r for r, a in acc.items() if a.type == "Person"),
                    key=lambda r: (-sum(acc[r].names.values()), r))
    tokens = [fold(max(acc[r].names, key=len, default=r.split("/")[-1])).replace("-", " ").split() for r in people]
    # only names that could pass _same_person are compared (an archive names thousands of people):
    # the same letters; two names with one first name; a one-word name and a longer name that has
    # that word after its first, or whose last word starts with the same letter
    block: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, t in enumerate(tokens):
        if not t:
            continue
        block[("joined", "".join(t))].append(i)
        if len(t) == 2:
            block[("pair", " ".join(sorted(t)))].append(i)
        if len(t) > 1:
            block[("first", t[0])].append(i)
            block[("last", t[-1])].append(i)
            block[("initial of last", t[-1][0])].append(i)
            for w in set(t[1:]):
                block[("later word", w)].append(i)
        else:
            block[("single", t[0])].append(i)
            block[("single initial", t[0][0])].append(i)
    alias: dict[EntityRef, EntityRef] = {}
    given = {i for i, r in enumerate(people) if len(tokens[i]) == 1 and _given_styled(acc[r].styled)}
    weight = [sum(acc[r].names.values()) for r in people]
    offices = [r in office_holders for r in people]
    shared, owner = _shared_short_forms(tokens, block, weight, offices)  # "Kagame" of Paul and Jeannette Kagame
    given |= shared | set(owner)
    for i, (r, a) in enumerate(zip(people, tokens, strict=True)):
        if r in alias or not a or i in given:
            continue
        if len(a) > 1:
            keys = [("first", a[0]), ("last", a[-1]), ("single initial", a[-1][0]), *(("single", w) for w in a[1:])]
            if len(a) == 2:
                keys.append(("pair", " ".join(sorted(a))))
        else:
            keys = [("later word", a[0]), ("initial of last", a[0][0])]
        for j in sorted({j for k in (("joined", "".join(a)), *keys) for j in block.get(k, ()) if j > i}):
            other = people[j]
            if other not in alias and j not in given and _same_person(a, tokens[j]):
                alias[other] = r
    for i, j in owner.items():  # "Lind" of President Tomas Lind, not of his wife Ana Lind
        alias[people[i]] = alias.get(people[j], people[j])
    return alias


def _shared_short_forms(tokens: list[list[str]], block: dict[tuple[str, str], list[int]],
                        weight: list[int], offices: list[bool]) -> tuple[set[int], dict[int, int]]:
    """One-word names that two different people's longer names could stand for ("Kagame" when
    the text has Paul Kagame and Jeannette Kagame; not "Raisi" of Ebrahim and Ibrahim Raisi, one
    man spelled two ways): merged into neither (the first set), unless only one of the people
    holds an office (President Paul Kagame, not his wife), or one is named at least twice as often
    as all the others together (index -> that one's index)."""
    shared: set[int] = set()
    owner: dict[int, int] = {}
    for i, t in enumerate(tokens):
        if len(t) != 1:
            continue
        longs = sorted({j for k in (("later word", t[0]), ("initial of last", t[0][0])) for j in block.get(k, ())
                        if _same_person(t, tokens[j])}, key=lambda j: -weight[j])
        people: list[list[int]] = []  # the longer names, grouped by person
        for j in longs:
            group = next((g for g in people if any(_one_person(tokens[j], tokens[x]) for x in g)), None)
            if group is None:
                people.append([j])
            else:
                group.append(j)
        if len(people) < 2:
            continue
        holders = [g for g in people if any(offices[x] for x in g)]
        sizes = sorted((sum(weight[x] for x in g), g[0]) for g in people)
        if len(holders) == 1:
            owner[i] = holders[0][0]
        elif sizes[-1][0] >= 2 * sum(n for n, _ in sizes[:-1]):
            owner[i] = sizes[-1][1]
        else:
            shared.add(i)
    return shared, owner


def _one_person(a: list[str], b: list[str]) -> bool:
    """Two longer names of one person: the same by _same_person, or the same last word and given
    names spelled alike ("Ebrahim Raisi", "Ibrahim Raisi")."""
    return _same_person(a, b) or (a[-1] == b[-1] and min(len(a[0]), len(b[0])) >= 5
                                  and SequenceMatcher(None, a[0], b[0]).ratio() >= 0.8)


NAME_PARTICLES = lexicons.words("name_particles")  # "da", "von": no name word of their own
GIVEN_NAME_STYLES = lexicons.words("given_name_styles")  # "Sheikh", "King": a given name follows


def _given_styled(forms: set[str]) -> bool:
    """Whether a name was written after a style that precedes given names ("Sheikh Yusuf")."""
    return any(fold(f).startswith(f"{s} ") for f in forms for s in GIVEN_NAME_STYLES)


def _same_person(a: list[str], b: list[str]) -> bool:
    """'kim jong un' ~ 'kim jong-un'; 'ebrahim raisi' ~ 'ebrahim raeisi'; 'zelensky' ~ 'volodymyr zelenskyy';
    'hayashi yoshimasa' ~ 'yoshimasa hayashi'. A patronymic name ('mohammed bin salman') is its given
    name and its father's: 'salman' alone, or another son of the same family, is someone else."""
    if "".join(a) == "".join(b):
        return True
    if len(a) > 1 and len(b) > 1:
        return _same_long(a, b)
    short, long_ = (a, b) if len(a) == 1 else (b, a)
    given = given_names(long_)
    if given is not None:  # 'salman' is not 'mohammed bin salman'
        return len(short[0]) >= 4 and short[0] in given[1:]
    return len(short) == 1 and len(long_) > 1 and len(short[0]) >= 4 and (
        short[0] in long_[1:] or similar_names(short[0], long_[-1]))


def _same_long(a: list[str], b: list[str]) -> bool:
    """Two names of two or more words: one person's?"""
    if len(a) == len(b) == 2 and a == b[::-1]:
        return True  # family name first, as Japanese, Chinese and Korean outlets write it
    lineage_a, lineage_b = given_names(a), given_names(b)
    if lineage_a is not None or lineage_b is not None:
        short, long_ = sorted((a, b), key=len)
        # the same given name and father ('mohammed bin salman' of 'mohammed bin salman bin abdulaziz')
        return lineage_a is not None and lineage_b is not None and len(short) >= 3 and long_[:len(short)] == short
    short, long_ = sorted((a, b), key=len)
    if len([w for w in short if w not in NAME_PARTICLES]) >= 2 and long_[len(long_) - len(short):] == short:
        return True  # 'lula da silva' of 'luiz inacio lula da silva', 'perez molina' of 'otto perez molina'
    return a[0] == b[0] and similar_names(a[-1], b[-1])


def _relations(offices: Iterable[_Office], canon: Callable[[EntityRef], EntityRef]) -> tuple[Relation, ...]:
    votes: dict[tuple[EntityRef, EntityRef], Counter[str]] = defaultdict(Counter)  # (person, state) -> relations
    roles: dict[tuple[EntityRef, str, EntityRef], str] = {}
    sure: dict[tuple[EntityRef, str, EntityRef], float] = defaultdict(float)  # the surest mention of each relation
    evid: dict[tuple[EntityRef, EntityRef], dict[Evidence, None]] = defaultdict(dict)  # insertion-ordered set
    for rel in offices:
        person = canon(rel.person)
        key = (person, rel.state)
        votes[key][rel.relation] += 1
        roles.setdefault((person, rel.relation, rel.state), rel.role)
        sure[(person, rel.relation, rel.state)] = max(sure[(person, rel.relation, rel.state)], rel.confidence)
        evid[key][rel.evidence] = None
    # a state guessed from an article gives way to a state another article writes with the title
    written = {(person, pred) for (person, pred, _state), conf in sure.items() if conf >= 1.0}
    out = []
    for (person, state), counts in sorted(votes.items()):
        pred = max(counts, key=lambda p: (counts[p], p == "leader_of"))
        if sure[(person, pred, state)] < 1.0 and (person, pred) in written:
            continue
        conf = round(counts[pred] / sum(counts.values()) * sure[(person, pred, state)], 2)
        out.append(Relation(person, pred, state, roles[(person, pred, state)], tuple(evid[(person, state)]), conf))
    return tuple(out)


def _compatible(a: Event, b: EventMention) -> bool:
    if a.type != b.type or a.mode != b.mode or a.background != b.background:
        return False
    if a.type == "visit":  # one visit per visitor, state and city, whatever day each mention gives
        return (set(a.agents) == set(b.agents) and set(a.targets) == set(b.targets)
                and (a.place is None or b.place is None or a.place == b.place))
    if a.date and b.date and a.date != b.date:
        return False
    if a.place and b.place and a.place != b.place:
        return False
    if _joint(a.type):
        sa, sb = set(a.agents), set(b.agents)
        return len(sa & sb) >= 2 or sa <= sb or sb <= sa
    return set(a.agents) == set(b.agents) and (set(a.targets) == set(b.targets) or not a.targets or not b.targets) \
        and a.date is not None and a.date == b.date


class _Ascending:
    """Key -> event indices, each list kept in ascending order."""

    def __init__(self) -> None:
        self.lists: dict[Hashable, list[int]] = {}
        self.sets: dict[Hashable, set[int]] = {}

    def add(self, key: Hashable, i: int) -> None:
        have = self.sets.setdefault(key, set())
        if i not in have:
            have.add(i)
            insort(self.lists.setdefault(key, []), i)

    def ascending(self, keys: list[Hashable]) -> Iterator[int]:
        """The indices under any of the keys, ascending, each once (read before the next add)."""
        lists = [self.lists[k] for k in keys if k in self.lists]
        if len(lists) == 1:
            yield from lists[0]
            return
        last = None
        for i in heapq.merge(*lists):
            if i != last:
                yield i
                last = i


def _merge_events(mentions: list[EventMention], state_of: dict[EntityRef, EntityRef] | None = None) \
        -> tuple[Event, ...]:
    merged: list[Event] = []
    evidence: list[set[Evidence]] = []  # merged[i]'s evidence, for membership tests
    # Only events that _compatible could accept are compared (a hub actor has thousands): those of
    # the mention's type, mode and background; a visit has the mention's visitors and visited; a
    # one-sided event (praise, criticism, a proposal) has the mention's agents and date; a joint
    # one (a meeting, a signing) has the mention's date or none (with no date: any date) and, for a
    # mention of one agent, has that agent, else shares two of its agents or has one agent, among
    # them. They come in ascending order, so the first compatible one is found without sorting them.
    by: _Ascending = _Ascending()

    def index(i: int) -> None:
        e = merged[i]
        kind = (e.type, e.mode, e.background)
        by.add(("type", kind), i)
        if e.type == "visit":  # merging keeps a visit's sets of visitors and visited
            by.add(("visit", kind, frozenset(e.agents), frozenset(e.targets)), i)
        if _joint(e.type):
            for a in e.agents:  # what a mention of one agent looks up
                by.add(("agent", kind, a), i)
                by.add(("day", kind, a, e.date), i)
            if len(e.agents) == 1:  # and of two or more (_joint_keys)
                by.add(("one", kind, e.agents[0]), i)
                by.add(("one", kind, e.agents[0], e.date), i)
            for pair in combinations(sorted(e.agents), 2):
                by.add(("pair", kind, pair), i)
                by.add(("pair", kind, pair, e.date), i)
        if e.type != "visit" and not _joint(e.type) and e.agents and e.date is not None:
            # merging keeps such an event's agents and date (_compatible asks them equal)
            by.add(("same", kind, frozenset(e.agents), e.date), i)

    for m in mentions:
        kind = (m.type, m.mode, m.background)
        if m.type == "visit":
            cands: Iterable[int] = by.ascending([("visit", kind, frozenset(m.agents), frozenset(m.targets))])
        elif not m.agents:
            cands = by.ascending([("type", kind)])
        elif not _joint(m.type):  # the same agents on the same day: a hub's other events are not tried
            cands = by.ascending([("same", kind, frozenset(m.agents), m.date)]) if m.date is not None else ()
        elif len(m.agents) >= 2:  # a hub's meetings with others are not tried
            cands = by.ascending(_joint_keys(kind, m.agents, m.date))
        elif m.date is None:
            cands = by.ascending([("agent", kind, m.agents[0])])
        else:
            cands = by.ascending([("day", kind, m.agents[0], d) for d in (m.date, None)])
        hit = next((i for i in cands if _compatible(merged[i], m)), None)
        if hit is None:
            merged.append(Event("", m.type, m.cameo, m.plover, "", m.agents, m.targets, m.place, m.date,
                                (m.evidence,), m.mode, m.count, m.instrument, m.confidence, m.background))
            evidence.append({m.evidence})
            index(len(merged) - 1)
            continue
        e = merged[hit]
        new_evidence = m.evidence not in evidence[hit]
        evidence[hit].add(m.evidence)
        merged[hit] = replace(
            e, agents=tuple(dict.fromkeys(e.agents + m.agents)), targets=tuple(dict.fromkeys(e.targets + m.targets)),
            place=e.place or m.place, date=min((d for d in (e.date, m.date) if d), default=None),
            evidence=e.evidence + ((m.evidence,) if new_evidence else ()),
            cameo=min(e.cameo, m.cameo) if e.type != "visit" else e.cameo,
            count=e.count or m.count, instrument=e.instrument or m.instrument,
            confidence=round(min(1.0, max(e.confidence, m.confidence) + 0.05), 2))
        index(hit)  # new agents, a new date: the old entries stay (a superset is harmless)
    merged = fold_occasions(merged, state_of or {})
    out = []
    used: set[str] = set()
    for e in merged:
        key = _event_key(e, used)
        used.add(key)
        out.append(replace(e, key=key, label=EVENT_LABELS.get(e.type, e.type)))
    return tuple(sorted(out, key=lambda e: (e.date or date.max, e.key)))


def _joint_keys(kind: Hashable, agents: tuple[EntityRef, ...], day: date | None) -> list[Hashable]:
    """The keys under which _merge_events finds every joint event that _compatible may merge a
    mention of these agents (two or more) into: one that shares two of them (or has all of them),
    or whose one agent is among them; of the mention's date or none (with no date: of any date)."""
    pairs = list(combinations(sorted(agents), 2))
    if day is None:
        return [("pair", kind, p) for p in pairs] + [("one", kind, a) for a in agents]
    return [("pair", kind, p, d) for p in pairs for d in (day, None)] + \
        [("one", kind, a, d) for a in agents for d in (day, None)]


def _event_key(e: Event, used: set[str] | frozenset[str] = frozenset()) -> str:
    """A key from the event's type, parties, date and first evidence; one already in `used` (two
    events of one sentence that differ in place, mode or the rest of their evidence) is hashed
    again with all the event tells, then numbered: unique by construction, and the same for the
    same input."""
    first = min(e.evidence, key=lambda ev: (ev.article_id, ev.start))
    basis = "|".join([e.type, ",".join(sorted(e.agents)), ",".join(sorted(e.targets)),
                      e.date.isoformat() if e.date else "", first.article_id, str(first.start)])
    key = f"event/{e.type.replace('_', '-')}-{hashlib.sha1(basis.encode()).hexdigest()[:12]}"
    if key not in used:
        return key
    basis += "|" + "|".join([e.place or "", e.mode or "", str(e.background), e.instrument or "", str(e.count or ""),
                             *sorted(f"{x.article_id}:{x.start}:{x.end}" for x in e.evidence)])
    key = f"event/{e.type.replace('_', '-')}-{hashlib.sha1(basis.encode()).hexdigest()[:12]}"
    stem, n = key, 2
    while key in used:
        key, n = f"{stem}-{n}", n + 1
    return key
