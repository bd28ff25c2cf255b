"""Role patterns: how a trigger's arguments become an event's agents and targets.

Each trigger in kg/lexicons/triggers.tsv names its role pattern in the ``roles`` column; the
pattern is a handler registered here under that name with ``@role_handler("name")`` (in the
spirit of spaCy's registries). A handler takes the TriggerUse (the trigger, its sentence and the
arguments every pattern shares) and returns the events it makes, possibly none:

    actor    the subject acts on the object ("praised X"); for a visit, travel
    request  actor, but only with an addressee ("asked X to")
    pledge   only with an object of aid or money ("announced $100 million in aid for X")
    host     the subject hosts the object, the visitor ("welcomed X")
    joint    the subject and its partners ("with", the object) all take part ("met X")
    travel   the subject goes to the place ("arrived in X"), whose state is the target

A new pattern is a function here with its decorator, a row in triggers.tsv naming it, and a
table of sentences in tests/test_extract_handlers.py. check_roles() makes a role name without
a handler an error when the lexicon is loaded.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ... import lexicons
from ...errors import LexiconError
from ...types import EventMention, Evidence
from ..lexicon import Lexicon, Trigger
from .arguments import (
    PARTY_TYPES,
    PlaceHit,
    by_phrase_people,
    instrument,
    light_verb,
    nominal_agents,
    parties,
    place_state,
    places,
    refs_of,
)
from .context import Context, evidence
from .syntax import governor, is_nominal, is_passive, objects, passive_agents, preps, subjects, uniq

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PARTNER_PREPS = ("with", "between", "among")


@dataclass(frozen=True)
class TriggerUse:
    """One realised trigger in its sentence, with the arguments every role pattern shares."""

    ctx: Context
    tok: Token
    trig: Trigger
    when: date | None
    evidence: Evidence
    nominal: bool  # a noun trigger ("the visit", "held talks")
    confidence: float
    agents: tuple[str, ...]  # the subject (of a verb), the possessor or light verb's subject (of a noun)
    partners: tuple[str, ...]  # "with", "between", "among"
    places: tuple[PlaceHit, ...]
    city: str | None  # the first place that is a known city, else the first place

    def event(self, agents: list[str], targets: list[str], place: str | None, *, count: int | None = None,
              instrument: str | None = None) -> EventMention:
        """An event of the trigger's type told in this sentence."""
        t = self.trig
        return EventMention(t.type, t.cameo, t.plover, self.tok.text, tuple(agents), tuple(targets), place,
                            self.when, self.evidence, mode=t.mode, count=count, instrument=instrument,
                            confidence=self.confidence)

    def refs(self, toks: list[Token], *, group: bool = True, inner: bool = False) -> list[str]:
        """The entity refs of these tokens, in order."""
        return [r for t in toks for r in refs_of(self.ctx, t, group=group, inner=inner)]

    def kind(self, ref: str) -> str | None:
        return self.ctx.kinds.get(ref)

    def parties_only(self, refs: list[str]) -> list[str]:
        """The people, states and organisations among refs (no places)."""
        return [r for r in refs if self.kind(r) in PARTY_TYPES]


RoleHandler = Callable[[TriggerUse], list[EventMention]]
ROLE_HANDLERS: dict[str, RoleHandler] = {}


def role_handler(name: str) -> Callable[[RoleHandler], RoleHandler]:
    """Register the decorated function as the handler of role pattern ``name``."""
    def register(fn: RoleHandler) -> RoleHandler:
        if name in ROLE_HANDLERS:
            raise ValueError(f"role pattern {name!r} has two handlers")
        ROLE_HANDLERS[name] = fn
        return fn
    return register


def check_roles(lex: Lexicon) -> None:
    """LexiconError, naming the file and line, for a trigger whose role pattern has no handler."""
    for trig in lex.triggers:
        if trig.roles not in ROLE_HANDLERS:
            path = lexicons.lexicon_path("triggers.tsv")
            raise LexiconError(f"{path}:{_line_of(path, trig)}: unknown role pattern {trig.roles!r} "
                               f"for trigger {' '.join(trig.words)!r} (known: {', '.join(sorted(ROLE_HANDLERS))})")


def _line_of(path: Path, trig: Trigger) -> int:
    """The line of triggers.tsv that defines trig (0 when it cannot be found)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        cells = [c.strip() for c in line.split("\t")]
        if not line.lstrip().startswith("#") and len(cells) > 5 and tuple(cells[0].lower().split()) == trig.words \
                and cells[1] == trig.pos and cells[5] == trig.roles:
            return n
    return 0


# ------------------------------------------------------------------ shared arguments
def _nominal_partners(ctx: Context, tok: Token) -> list[str]:
    """'talks with X', 'held talks in Ankara with X' (the "with" hangs on the light verb)."""
    holders = [tok]
    verb = light_verb(tok)
    if verb is not None:
        holders.append(verb)
    return [r for h in holders for p in preps(h, PARTNER_PREPS) for r in refs_of(ctx, p, group=False)]


def _verbal_agents(ctx: Context, tok: Token) -> list[str]:
    """The subject, or for a passive verb the 'by' phrase ("was signed by X and Y")."""
    if is_passive(tok):
        by = [r for a in passive_agents(tok) for r in refs_of(ctx, a)]
        return uniq(by + by_phrase_people(ctx, tok))
    return [r for s in subjects(tok) for r in refs_of(ctx, s)]


def trigger_use(ctx: Context, tok: Token, trig: Trigger, sent: Span, when: date | None) -> TriggerUse:
    """The trigger with the agents, partners and places every role pattern starts from."""
    nominal = is_nominal(tok)
    if nominal:
        agents = nominal_agents(ctx, tok)
        partners = _nominal_partners(ctx, tok)
    else:
        agents = _verbal_agents(ctx, tok)
        partners = [r for p in preps(tok, PARTNER_PREPS) for r in refs_of(ctx, p)]
    hits = places(ctx, tok)
    cities = [h.ref for h in hits if ctx.kinds.get(h.ref) == "Place"]
    city = next((r for r in cities if ctx.state_of_place(r)), cities[0] if cities else None)
    return TriggerUse(ctx, tok, trig, when, evidence(ctx.article, sent), nominal, 0.7 if nominal else 0.9,
                      tuple(a for a in agents if ctx.kinds.get(a) != "Place"),
                      tuple(a for a in partners if ctx.kinds.get(a) != "Place"), tuple(hits), city)


def events_for(ctx: Context, tok: Token, trig: Trigger, sent: Span, when: date | None) -> list[EventMention]:
    """The events one realised trigger makes, by its role pattern."""
    return ROLE_HANDLERS[trig.roles](trigger_use(ctx, tok, trig, sent, when))


# ------------------------------------------------------------------ handlers
def _hosts_and_guests(use: TriggerUse) -> tuple[list[str], list[str]]:
    """Who hosts and who is hosted: subject and object ("X welcomed Y"), the other way round in
    the passive ("Y was welcomed by X"), possessor and partners of a noun."""
    tok = use.tok
    if use.nominal:
        return list(use.agents), list(use.partners)
    if is_passive(tok):
        return use.refs(passive_agents(tok)), use.refs(subjects(tok))
    return list(use.agents), use.refs(objects(tok))


def _host_states(use: TriggerUse, hosts: list[str]) -> list[str]:
    """The states hosted in: the hosts' own (a state, or the state its host holds office for),
    else the state of the city it happens in."""
    states = uniq(s for h in hosts for s in [h if h.startswith("state/") else use.ctx.offices.get(h)] if s)
    if not states and use.city:
        states = [s for s in [place_state(use.ctx, use.city)] if s]
    return states


@role_handler("host")
def host(use: TriggerUse) -> list[EventMention]:
    """'Kenya's president welcomed the Ghanaian leader': a visit of the guest to the host's state;
    a host verb of meeting (host_meets.txt: "received", "welcomed") also makes the two people meet."""
    hosts, visitors = _hosts_and_guests(use)
    states = _host_states(use, hosts)
    visitors = use.parties_only(visitors)
    # a visit's place is a city: "welcomed him to the White House" leaves the city to the scene
    city = use.city if use.city is None or use.ctx.state_of_place(use.city) else None
    out = [use.event([v], states, city) for v in visitors if states and v not in states]
    people = uniq([p for p in hosts + visitors if use.kind(p) == "Person"])
    if use.trig.words[0] in lexicons.words("host_meets") and len(people) >= 2 and set(hosts) != set(visitors):
        # being received by a person is also meeting them
        out.append(EventMention("meet", "040", "CONSULT", use.tok.text, tuple(people), (), use.city, use.when,
                                use.evidence, confidence=round(use.confidence * 0.9, 2)))
    return out


def _drop_same_target_places(events: list[EventMention]) -> list[EventMention]:
    """'arrived in Havana, Cuba': keep the event with the city, drop the bare-state duplicate."""
    with_city = {(e.agents, e.targets) for e in events if e.place is not None}
    seen, out = set(), []
    for e in events:
        k = (e.agents, e.targets, e.place)
        if (e.place is None and (e.agents, e.targets) in with_city) or k in seen:
            continue
        seen.add(k)
        out.append(e)
    return out


@role_handler("travel")
def travel(use: TriggerUse) -> list[EventMention]:
    """'Ruto arrived in Paris': a visit of each agent to the state of each place."""
    if use.nominal and not use.agents:
        return []
    ctx = use.ctx
    out = []
    for hit in use.places:
        state = place_state(ctx, hit.ref)
        if state is None:
            continue
        place = hit.ref if use.kind(hit.ref) == "Place" else None
        for a in use.agents:
            if a == state or ctx.offices.get(a) == state:
                continue  # a state does not visit itself; coming home is no visit
            out.append(use.event([a], [state], place))
    return _drop_same_target_places(out)


def _signing(use: TriggerUse, parts: list[str]) -> list[EventMention]:
    """Signing: the parties are the states office holders sign for; one party with a named
    document is enough ("Airbus signed an agreement")."""
    hit = instrument(use.tok)
    if hit is None and not use.partners and not use.nominal:
        return []
    if use.nominal and not parts:
        gov = governor(use.tok)
        parts = use.refs(subjects(gov)) if gov is not None else []
    parts = parties(use.ctx, parts)
    count, name = (hit.count, hit.name) if hit is not None else (None, None)
    if len(parts) >= 2 or (hit is not None and len(parts) == 1):
        return [use.event(parts, [], use.city, count=count, instrument=name)]
    return []


@role_handler("joint")
def joint(use: TriggerUse) -> list[EventMention]:
    """'X met Y', 'X held talks with Y', 'X and Y signed a treaty': everyone takes part (two at least)."""
    objs = [] if use.nominal else use.refs(objects(use.tok))
    parts = uniq([*use.agents, *use.partners, *use.parties_only(objs)])
    if use.trig.type == "sign_agreement":
        return _signing(use, parts)
    return [use.event(parts, [], use.city)] if len(parts) >= 2 else []


def _own_side(use: TriggerUse, agents: list[str]) -> set[str | None]:
    """The agents and the states they hold office for: no one acts on their own side."""
    return {use.ctx.offices.get(a) for a in agents} | set(agents)


def _aid_objects(tok: Token) -> list[Token]:
    """The objects of a pledge verb that name aid or money (aid_words.txt)."""
    aid = lexicons.words("aid_words")
    return [o for o in objects(tok) if any(t.lower_ in aid or t.lemma_.lower() in aid for t in o.subtree)]


@role_handler("pledge")
def pledge(use: TriggerUse) -> list[EventMention]:
    """'announced $500 million in aid for Ukraine': only with an object of aid or money; the
    target is the 'for' or 'to' of the aid or of the verb."""
    obj = _aid_objects(use.tok)
    if not obj or not use.agents:
        return []
    recipients = use.refs([p for o in obj for t in o.subtree if t.dep_ == "prep" and t.lower_ in ("for", "to")
                           for p in t.children if p.dep_ == "pobj"], group=False, inner=True)
    recipients += use.refs(preps(use.tok, {"for", "to"}), group=False, inner=True)
    own = _own_side(use, list(use.agents))
    targets = [t for t in use.parties_only(uniq(recipients)) if t not in own]
    return [use.event(use.parties_only(list(use.agents)), targets, use.city)]


def _acted_on(use: TriggerUse) -> list[str]:
    """What the trigger acts on: a noun's 'to', 'for', 'of', 'on' phrase; a passive verb's
    subject; an active verb's object (or a party inside it) and one 'on', 'to', 'upon' phrase."""
    tok = use.tok
    if use.nominal:
        return use.refs(preps(tok, {"to", "for", "of", "on"}), inner=True)
    if is_passive(tok):
        return use.refs(subjects(tok), inner=True)
    targets = use.refs(objects(tok), group=False) or use.refs(objects(tok), group=False, inner=True)[:1]
    return targets + use.refs(preps(tok, {"on", "to", "upon"}), inner=True)[:1]


def _act_on(use: TriggerUse, *, need_target: bool) -> list[EventMention]:
    agents = use.parties_only(list(use.agents))
    own = _own_side(use, agents)
    targets = [t for t in use.parties_only(uniq(_acted_on(use))) if t not in own]
    if not agents or (need_target and not targets):
        return []
    return [use.event(agents, targets, use.city)]


@role_handler("actor")
def actor(use: TriggerUse) -> list[EventMention]:
    """'Lula praised Xi', 'criticized the United States': an actor acting on a target (for a
    visit trigger, the actor travels: see travel)."""
    if use.trig.type == "visit":
        return travel(use)
    return _act_on(use, need_target=False)


@role_handler("request")
def request(use: TriggerUse) -> list[EventMention]:
    """'asked X to': an actor acting on a target, only with the target."""
    return _act_on(use, need_target=True)
