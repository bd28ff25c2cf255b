"""The scene: where and when the text last put each participant. An event whose sentence fixes
no date or place takes them from the scene of its participants ("Kask arrived in Havana on
Wednesday ... She praised ...")."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from ...types import EntityRef, EventMention
from ..dates import resolve_date
from ..doc import children, sentence_ents, tokens
from .arguments import PLACE_PREPS
from .context import Context, StateOfPlace
from .dates import with_context
from .modality import realis
from .syntax import clause_verb, pluperfect, preps

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

NARRATIVE = ""  # the scene's key for the narrative's own day


@dataclass(frozen=True, slots=True)
class SceneEntry:
    """One sentence's word on a participant: its day, its city, whether told as a flashback."""

    sentence: int
    day: date | None
    city: EntityRef | None
    flashback: bool
    state: str | None = None  # the state the sentence put it in (its city's, or a visit's target)


@dataclass(frozen=True, slots=True)
class Scene:
    """Entity ref (or NARRATIVE) -> what the sentences so far said of it, in text order."""

    entries: dict[str, list[SceneEntry]] = field(default_factory=dict)

    def of(self, ref: str) -> list[SceneEntry]:
        return self.entries.get(ref, [])

    def add(self, ref: str, entry: SceneEntry) -> None:
        self.entries.setdefault(ref, []).append(entry)

    def since(self, ref: str, sentence: int) -> list[SceneEntry]:
        """What the sentences from `sentence` on said of ref (entries come in sentence order)."""
        entries = self.of(ref)
        return entries[bisect_left(entries, sentence, key=lambda x: x.sentence):]


def _scene_date(entries: list[SceneEntry], narrative: list[SceneEntry]) -> date | None:
    """The day of the latest sentence that dated a participant or the narrative (not a flashback)."""
    dated = [x for x in entries + narrative if x.day and not x.flashback]
    return max(dated, key=lambda x: x.sentence).day if dated else None


def _scene_city(e: EventMention, entries: list[SceneEntry], day: date | None,
                state_of_place: StateOfPlace) -> EntityRef | None:
    """The city where a participant was on (or last before) the event's day, else last of all."""
    cities = [x for x in entries if x.city]
    if e.type == "visit":  # a visit's city lies in the visited state
        cities = [x for x in cities if f"state/{state_of_place(x.city or '')}" in e.targets]
    on_or_before = [x for x in cities if x.day and day and x.day <= day]
    if on_or_before:
        return max(on_or_before, key=lambda x: (x.day, x.sentence)).city
    return max(cities, key=lambda x: x.sentence).city if cities else None


def _arrival_day(e: EventMention, scene: Scene, place: EntityRef) -> date | None:
    """A visit's day: the first day the text places the visitor in its city."""
    there = [x.day for a in e.agents for x in scene.of(a) if x.city == place and x.day]
    return min(there) if there else None


def _settled(e: EventMention, state_of_place: StateOfPlace) -> bool:
    """A dated event that is remote or placed in a city needs nothing from the scene."""
    return bool(e.date and (e.mode == "remote" or (e.place and state_of_place(e.place))))


def _scene_place(e: EventMention, city: EntityRef | None, state_of_place: StateOfPlace) -> EntityRef | None:
    """A missing or venue-only place from the scene's city: events are placed at the city, not
    the venue (a visit's venue stays)."""
    if e.mode == "remote" or (e.place is not None and state_of_place(e.place) is not None):
        return e.place
    return city if city and (e.place is None or e.type != "visit") else e.place


def _narrative_city(e: EventMention, narrative: list[SceneEntry], state_of_place: StateOfPlace) -> EntityRef | None:
    """The city the last sentences placed the story in ("the summit in the port town of X"),
    for an event whose participants the scene has not placed."""
    cities = [x for x in narrative if x.city and not x.flashback]
    if e.type == "visit":
        cities = [x for x in cities if f"state/{state_of_place(x.city or '')}" in e.targets]
    return max(cities, key=lambda x: x.sentence).city if cities else None


def _entries_of(e: EventMention, scene: Scene, offices: dict[EntityRef, EntityRef]) -> list[SceneEntry]:
    """What the scene holds for the event's participants and the states they hold office for."""
    keys = [*e.agents, *e.targets]
    keys += [offices[k] for k in keys if k in offices]
    return [x for k in keys for x in scene.of(k)]


def dateline_city(ctx: Context) -> EntityRef | None:
    """The ref of the dateline's city (the Place mention kg.extract made of it), if any."""
    span = ctx.article.dateline
    if span is None:
        return None
    for i, m in enumerate(ctx.mentions):
        if m.start == m.end and m.char_start == span[0] and m.type == "Place" and i in ctx.refs:
            return ctx.refs[i]
    return None


def says_here(tok: Token) -> bool:
    """'talks held here', 'embraced at the forum here': the trigger (or its clause's verb, a
    verb coordinated with either, or a place phrase of these) is placed 'here', the dateline's
    city in agency copy."""
    heads = [tok, tok.head] if tok.dep_ in ("dobj", "pobj", "nsubjpass", "nsubj") else [tok]
    heads += [c for h in heads for c in children(h) if c.dep_ == "conj" and c.pos_ == "VERB"]  # "met and ... here"
    near = [c for h in heads for c in children(h)]
    near += [g for c in near if c.dep_ == "prep" for g in c.subtree]  # "at the Forum of the Andes here"
    return any(t.lower_ == "here" and t.dep_ == "advmod" for t in near)


def _at_dateline(e: EventMention, entries: list[SceneEntry], home: EntityRef, offices: dict[EntityRef, EntityRef],
                 state_of_place: StateOfPlace) -> bool:
    """An event told without a place took place in the dateline's city unless it is a call, a
    sentence put a participant in another state, or every participant is known to be of another
    state than the city's (a capital's bureau reporting on talks abroad); a visit, only when the
    city lies in the visited state."""
    iso = state_of_place(home)
    if e.mode == "remote" or iso is None or any(x.state and x.state != f"state/{iso}" for x in entries):
        return False
    if e.type == "visit":
        return f"state/{iso}" in e.targets
    refs = (*e.agents, *e.targets)
    states = {r for r in refs if r.startswith("state/")} | {offices[r] for r in refs if r in offices}
    unknown = [r for r in refs if not r.startswith("state/") and r not in offices]
    return f"state/{iso}" in states or bool(unknown)


def abroad(ctx: Context, sent: Span, home: EntityRef | None) -> bool:
    """The sentence puts someone in a state other than the dateline city's ("her trip to
    Peru, during which she met ...", "talks in Kyiv")."""
    iso = ctx.state_of_place(home) if home else None
    if iso is None:
        return False
    for tok in tokens(ctx.doc)[sent.start:sent.end]:
        ref = ctx.ref_at(tok.i) if tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS else None
        if ref is None or ctx.kinds.get(ref) not in ("State", "Place"):
            continue
        there = ref if ref.startswith("state/") else (f"state/{s}" if (s := ctx.state_of_place(ref)) else None)
        if there and there != f"state/{iso}":
            return True
    return False


def from_scene(e: EventMention, scene: Scene, offices: dict[EntityRef, EntityRef], e_sent: int,
               state_of_place: StateOfPlace, home: EntityRef | None = None, here: bool = False) -> EventMention:
    """Fill a missing date (not for visits: a visit is dated by its arrival) from the latest
    sentence that gave a day for a participant (or for the narrative, if just before), and a
    missing or venue-only place from the city where a participant was on that day; else from
    the dateline's city (`home`), when the clause says "here" or the event fits there."""
    if _settled(e, state_of_place):
        return e
    entries = _entries_of(e, scene, offices)
    narrative = scene.since(NARRATIVE, e_sent - 2)
    new_date = e.date
    if new_date is None and e.type != "visit":
        new_date = _scene_date(entries, narrative)
    city = _scene_city(e, entries, new_date, state_of_place) or _narrative_city(e, narrative, state_of_place)
    venue = e.place is not None and state_of_place(e.place) is None and e.type != "visit"
    if home and (here and (e.place is None or venue)  # "at the summit here": the city, not the venue
                 or e.place is None and city is None and _at_dateline(e, entries, home, offices, state_of_place)):
        new_place: EntityRef | None = home
    else:
        new_place = _scene_place(e, city, state_of_place)
    if e.type == "visit" and new_date is None and new_place is not None:
        new_date = _arrival_day(e, scene, new_place)
    if new_date == e.date and new_place == e.place:
        return e
    return replace(e, date=new_date, place=new_place, confidence=round(e.confidence - 0.1, 2))


def _in_relative_clause(ent: Span) -> bool:
    """'X, who arrived yesterday, was welcomed ...': the date is the relative clause's own."""
    t = ent.root
    for _ in range(12):
        if t.dep_ == "relcl":
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _glosses(ent: Span, skipped: set[int]) -> bool:
    """'yesterday (Dec 15)': the bracketed date glosses a date already set aside."""
    return ent.start >= 2 and ent.doc[ent.start - 1].text == "(" and ent.start - 2 in skipped


def _sentence_day(ctx: Context, sent: Span, last_date: date | None) -> date | None:
    """The first day the sentence tells (the main clause's, as a rule; not a relative clause's)."""
    skipped: set[int] = set()
    for e in sentence_ents(sent):
        if e.label_ in ("DATE", "TIME") and (_in_relative_clause(e) or _glosses(e, skipped)):
            skipped |= set(range(e.start, e.end))
            continue
        if e.label_ in ("DATE", "TIME"):
            reading = resolve_date(with_context(e), ctx.article.published, last_date)
            if reading.value and not reading.future:
                return reading.value
    return None


def _sentence_city(ctx: Context, sent: Span) -> EntityRef | None:
    """The last city the sentence puts someone 'in' or 'at' (not "will host in Hiroshima")."""
    city = None
    for tok in tokens(ctx.doc)[sent.start:sent.end]:
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at") and realis(clause_verb(tok.head)):
            # "in Havana", "in the coastal town of Piran"
            for t in [tok] if tok.i in ctx.at else preps(tok, ("of",)):
                ref = ctx.ref_at(t.i)
                if ref is not None and ctx.kinds.get(ref) == "Place" and ctx.state_of_place(ref):
                    city = ref
    return city


def _named_in(ctx: Context, sent: Span, found: list[EventMention]) -> set[EntityRef]:
    """The people, states and organisations the sentence names or its events involve."""
    refs = {ctx.refs[i] for i in ctx.mentions_in(sent.start, sent.end)
            if i in ctx.refs and ctx.mentions[i].type in ("Person", "State", "Organization")}
    return refs | {r for e in found for r in (*e.agents, *e.targets)}


def update_scene(ctx: Context, sent: Span, found: list[EventMention], scene: Scene, last_date: date | None,
                 sent_no: int) -> date | None:
    """Remember the day and city this sentence gives for everyone it names (and for the
    narrative, under NARRATIVE); return the sentence's day."""
    day = _sentence_day(ctx, sent, last_date)
    city = _sentence_city(ctx, sent)
    for e in found:  # what the events of the sentence settled (a visit's day is its arrival's only)
        day = (e.date if e.type != "visit" else None) or day
        if e.place and ctx.state_of_place(e.place):
            city = e.place
    if day is None and city is None and not any(e.type == "visit" for e in found):
        return None
    flashback = pluperfect(sent.root)  # "She had been in Chile, where two days before ..."
    if day is not None or city is not None:
        scene.add(NARRATIVE, SceneEntry(sent_no, day, city, flashback))
    where = EntityRef(f"state/{iso}") if city and (iso := ctx.state_of_place(city)) else None
    visited = {a: t for e in found if e.type == "visit" for a in e.agents for t in e.targets[:1]}
    for r in _named_in(ctx, sent, found):
        scene.add(r, SceneEntry(sent_no, day, city, flashback, visited.get(r, where)))
    return day
