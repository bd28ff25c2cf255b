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
    document a signing, only with a signed document as object ("reached a deal with X")
    travel   the subject goes to the place ("arrived in X"), whose state is the target

A new pattern is a function here with its decorator, a row in triggers.tsv naming it, and a
table of sentences in tests/test_extract_handlers.py. check_roles() makes a role name without
a handler an error when the lexicon is loaded.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ... import lexicons
from ...errors import LexiconError
from ...types import EntityRef, EntityType, EventMention, Evidence
from ..doc import children, sentence_of
from ..lexicon import Lexicon, Trigger, fold
from .arguments import (
    PARTY_TYPES,
    InstrumentHit,
    PlaceHit,
    article_pair,
    by_phrase_people,
    instrument,
    light_verb,
    light_verbs,
    nominal_agents,
    parties,
    party_state,
    place_state,
    places,
    refs_of,
)
from .context import Context, evidence, match_trigger
from .syntax import governor, is_nominal, is_passive, objects, passive_agents, preps, subjects, uniq

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PARTNER_PREPS = ("with", "between", "among")
CONVERSE_PREPS = ("with", "between", "among", "to")  # "spoke to X"
CONVERSE_NOUN_PREPS = (*CONVERSE_PREPS, "on", "from", "of")  # "a courtesy call on X", "a call from X"
TALKERS = ("Person", "State")  # who converses: named people and states, not a company or a city
COMPLEMENT_DEPS = ("oprd", "xcomp", "ccomp", "dative", "prt")  # "called X a liar", "called off"
DOER_TYPES = ("visit", "meet")  # noun triggers whose doer may be the clause subject ("on a visit")
PEOPLE_EVENTS = ("meet", "visit")  # event types whose participants are people rather than states
BACKOFF_SHARE = 0.7  # an argument taken from the sentence, not the parse: this share of the confidence


@dataclass(frozen=True, slots=True)
class TriggerUse:
    """One realised trigger in its sentence, with the arguments every role pattern shares."""

    ctx: Context
    tok: Token
    trig: Trigger
    when: date | None
    evidence: Evidence
    nominal: bool  # a noun trigger ("the visit", "held talks")
    confidence: float
    agents: tuple[EntityRef, ...]  # the subject (of a verb), the possessor or light verb's subject (of a noun)
    partners: tuple[EntityRef, ...]  # "with", "between", "among"
    places: tuple[PlaceHit, ...]
    city: EntityRef | None  # the first place that is a known city, else the first place

    def event(self, agents: list[EntityRef], targets: list[EntityRef], place: EntityRef | None, *,
              count: int | None = None, instrument: str | None = None) -> EventMention:
        """An event of the trigger's type told in this sentence."""
        t = self.trig
        return EventMention(t.type, t.cameo, t.plover, self.tok.text, tuple(agents), tuple(targets), place,
                            self.when, self.evidence, mode=t.mode, count=count, instrument=instrument,
                            confidence=self.confidence)

    def refs(self, toks: list[Token], *, group: bool = True, inner: bool = False) -> list[EntityRef]:
        """The entity refs of these tokens, in order (groups of office holders as people for
        meetings and visits)."""
        people = self.trig.type in PEOPLE_EVENTS
        return [r for t in toks for r in refs_of(self.ctx, t, group=group, inner=inner, people=people)]

    def kind(self, ref: EntityRef) -> EntityType | None:
        return self.ctx.kinds.get(ref)

    def parties_only(self, refs: list[EntityRef]) -> list[EntityRef]:
        """The people, states and organisations among refs (no places)."""
        return [r for r in refs if self.kind(r) in PARTY_TYPES or r.startswith("state/")]  # a capital's state


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
def _nominal_partners(ctx: Context, tok: Token, people: bool) -> list[EntityRef]:
    """'talks with X', 'held talks in Ankara with X' (the "with" hangs on the light verb); 'talks
    between the presidents of X and Y' (a group of office holders)."""
    holders = [tok]
    verb = light_verb(tok)
    if verb is not None:
        holders.append(verb)
    out: list[EntityRef] = []
    for p in [p for h in holders for p in preps(h, PARTNER_PREPS)]:
        named = refs_of(ctx, p, group=False)
        group = refs_of(ctx, p, people=True) if people and not named else []
        out += named or [r for r in group if ctx.kinds.get(r) == "Person"]
    if people:  # "a tripartite summit of A, B and C", "a meeting of the leaders of X and Y"
        members = [r for p in preps(tok, {"of"}) for r in refs_of(ctx, p, people=True)
                   if ctx.kinds.get(r) == "Person"]
        out += members if len(members) >= 2 else []
    return out


def _verbal_agents(ctx: Context, tok: Token, people: bool) -> list[EntityRef]:
    """The subject, or for a passive verb the 'by' phrase ("was signed by X and Y")."""
    if is_passive(tok):
        by = [r for a in passive_agents(tok) for r in refs_of(ctx, a, people=people)]
        return uniq(by + by_phrase_people(ctx, tok))
    found = [r for s in subjects(tok) for r in refs_of(ctx, s, people=people)]
    return found or (_reporter_of_it(ctx, tok) if not people else []) or _speaker_of_participle(ctx, tok)


def _reporter_of_it(ctx: Context, tok: Token) -> list[EntityRef]:
    """'The ministry said it had summoned X': a clause whose subject is "it", reported by a verb
    above it, is the reporter's act (the pronoun of a body or a state is no mention). Not "they"
    ("the ministry said they signed" tells of others), and not for meetings and visits."""
    subj = subjects(tok)
    if tok.dep_ != "ccomp" or not subj or any(s.lower_ != "it" for s in subj):
        return []
    return [r for s in subjects(tok.head) for r in refs_of(ctx, s)]


def _speaker_of_participle(ctx: Context, tok: Token) -> list[EntityRef]:
    """'X said the issues were discussed, praising Y': a trailing participle whose inherited
    subject names no one belongs to the party of a clause above it (climbing a complement clause)."""
    if tok.tag_ != "VBG" or tok.dep_ != "advcl":
        return []
    h = tok.head
    for _ in range(3):
        if h.dep_ not in ("ccomp", "advcl", "conj") or h.head.i == h.i:
            return []
        h = h.head
        found = [r for s in subjects(h) for r in refs_of(ctx, s) if ctx.kinds.get(r) in ("Person", "State")]
        if found:
            return found
    return []


def trigger_use(ctx: Context, tok: Token, trig: Trigger, sent: Span, when: date | None) -> TriggerUse:
    """The trigger with the agents, partners and places every role pattern starts from."""
    nominal = is_nominal(tok)
    people = trig.type in PEOPLE_EVENTS
    if nominal:
        agents = nominal_agents(ctx, tok, doer=trig.type in DOER_TYPES, people=people)
        partners = _nominal_partners(ctx, tok, people)
    else:
        agents = _verbal_agents(ctx, tok, people)
        partners = [r for p in preps(tok, PARTNER_PREPS) for r in refs_of(ctx, p, people=people)]
    hits = places(ctx, tok)
    cities = [h.ref for h in hits if ctx.kinds.get(h.ref) == "Place"]
    city = next((r for r in cities if ctx.state_of_place(r)), cities[0] if cities else None)
    if not people:  # "Beijing protested", "the Kremlin said": the government of the capital or seat
        agents = governments_of(ctx, agents)
        partners = governments_of(ctx, partners)
    return TriggerUse(ctx, tok, trig, when, evidence(ctx.article, sent), nominal, 0.7 if nominal else 0.9,
                      tuple(a for a in agents if ctx.kinds.get(a) != "Place"),
                      tuple(a for a in partners if ctx.kinds.get(a) != "Place"), tuple(hits), city)


def events_for(ctx: Context, tok: Token, trig: Trigger, sent: Span, when: date | None) -> list[EventMention]:
    """The events one realised trigger makes, by its role pattern."""
    return ROLE_HANDLERS[trig.roles](trigger_use(ctx, tok, trig, sent, when))


# ------------------------------------------------------------------ handlers
def _hosts_and_guests(use: TriggerUse) -> tuple[list[EntityRef], list[EntityRef]]:
    """Who hosts and who is hosted: subject and object ("X welcomed Y"), the other way round in
    the passive ("Y was welcomed by X"), possessor and partners of a noun."""
    tok = use.tok
    if use.nominal:
        return list(use.agents), list(use.partners)
    if is_passive(tok):
        return use.refs(passive_agents(tok)), use.refs(subjects(tok))
    guests = [o for o in objects(tok) if not _names_meeting(use.ctx, o)]
    carried = lexicons.words("carried_things")
    messengers = [m for o in guests if o.lemma_.lower() in carried for m in _messengers(o)]
    return list(use.agents), use.refs([o for o in guests if o.lemma_.lower() not in carried] + messengers)


def _messengers(thing: Token) -> list[Token]:
    """'a letter from X, delivered by Z': the 'by' phrase of a participle on the thing carried."""
    return [p for c in thing.subtree if c.tag_ == "VBN" and c.dep_ == "acl"
            for a in children(c) if a.dep_ == "agent" for p in children(a) if p.dep_ == "pobj"]


def _names_meeting(ctx: Context, tok: Token) -> bool:
    """'received a phone call from X', 'received the credentials of X': the object is itself a
    meeting trigger, which tells the event (a call is no visit)."""
    trig = match_trigger(tok, ctx.lex)
    return trig is not None and trig.type == "meet"


def _host_states(use: TriggerUse, hosts: list[EntityRef]) -> list[EntityRef]:
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
    # a visit's place is a city: "received her at the presidential palace" leaves the city to the scene
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


def _backoff_travel(use: TriggerUse) -> list[EventMention]:
    """A travel verb whose parse gave no traveller (its subject lost to a mis-parse): the sentence's
    one named person, when it names exactly one. Confidence BACKOFF_SHARE of the trigger's."""
    people = sentence_people(use)
    if len(people) != 1:
        return []
    return [replace(e, confidence=round(use.confidence * BACKOFF_SHARE, 2))
            for e in travel(replace(use, agents=(people[0],)))]


def _going_back(tok: Token) -> bool:
    """'arrived back in', 'came home': a return, not a visit."""
    return any(c.dep_ in ("advmod", "prt", "npadvmod") and c.lower_ in ("back", "home") for c in children(tok))


@role_handler("travel")
def travel(use: TriggerUse) -> list[EventMention]:
    """'Okello arrived in Paris': a visit of each agent to the state of each place ('arrived back
    in' is a return, no visit)."""
    if _going_back(use.tok):
        return []
    if not use.agents:
        return [] if use.nominal else _backoff_travel(use)
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


def _between_parties(use: TriggerUse, hit: InstrumentHit | None) -> list[EntityRef]:
    """The parties of an 'X between A and B' phrase on the signing or its document ("looked on as
    three accords between the two states were signed")."""
    roots = [use.tok] if use.nominal else []
    if hit is not None:
        roots.append(hit.token)
    ctx = use.ctx
    found = [p for r in roots for t in r.subtree if t.dep_ == "prep" and t.lower_ == "between"
             for p in children(t) if p.dep_ == "pobj"]
    named = [r for p in found for t in p.subtree  # "between A of B, C and D": the list may parse as anything
             for r in (ctx.groups.get(t.i) or [ctx.ref_at(t.i)]) if r is not None]
    return parties(ctx, use.parties_only(uniq([*use.refs(found), *named])))


def _presence_parties(use: TriggerUse, hit: InstrumentHit | None) -> list[EntityRef]:
    """'in the presence of X and Y' on a signing: the states of the leaders who witnessed it."""
    holders = [use.tok] + ([hit.token] if hit is not None else [])
    witnesses = [o for h in holders for p in preps(h, {"in"}) if p.lemma_.lower() == "presence"
                 for o in preps(p, {"of"})]
    return parties(use.ctx, use.parties_only(use.refs(witnesses)))


def _document_city(use: TriggerUse, hit: InstrumentHit | None) -> EntityRef | None:
    """The trigger's city, else that of an 'in/at' phrase the parse hung on the document ("signed
    four agreements in Vienna"); the document's own name is no place ("the exchange of Memorandums")."""
    if hit is None:
        return use.city
    if use.city is not None and all(h.token.i != hit.token.i for h in use.places if h.ref == use.city):
        return use.city
    holders = [hit.token, *preps(hit.token, {"between"})]  # "agreements between the two countries in Lima"
    for t in [p for h in holders for p in preps(h, {"in", "at"})]:
        ref = use.ctx.ref_at(t.i)
        if ref is not None and use.kind(ref) == "Place" and use.ctx.state_of_place(ref):
            return ref
    return None


def _signing(use: TriggerUse, parts: list[EntityRef], *, need_document: bool = False) -> list[EventMention]:
    """Signing: the parties are the states office holders and government bodies sign for (the
    'between' of the document before the witnesses of a nominal signing); one party with a named
    document is enough ("Airbus signed an agreement")."""
    hit = instrument(use.tok)
    if hit is None and (need_document or (not use.partners and not use.nominal)):
        return []
    between = _between_parties(use, hit)
    if hit is not None:  # "signed an agreement with X" (the "with" hung on the document)
        parts = uniq([*parts, *use.parties_only(use.refs(preps(hit.token, {"with"}), group=False))])
    if use.nominal and not parts and not _told_as_time(use.tok):
        gov = governor(use.tok)
        parts = use.refs(subjects(gov)) if gov is not None else []
    parts = parties(use.ctx, parts)
    if len(between) >= 2 and (use.nominal or len(parts) < 2):
        parts = between
    presence = _presence_parties(use, hit) if len(parts) < 2 else []
    if len(presence) >= 2:
        parts = presence
    count, name = (hit.count, hit.name) if hit is not None else (None, None)
    pair = _pair_backoff(use, parts)
    if pair:
        e = use.event(pair, [], _document_city(use, hit), count=count, instrument=name)
        return [replace(e, confidence=round(use.confidence - 0.2, 2))]
    if len(parts) >= 2 or (hit is not None and len(parts) == 1 and use.kind(parts[0]) != "Person"):
        return [use.event(parts, [], _document_city(use, hit), count=count, instrument=name)]
    return []


def _told_as_time(tok: Token) -> bool:
    """'After the accords were signed, X left': a signing that only dates the clause does
    not make the clause's subject a signatory."""
    return tok.dep_ == "pobj" and tok.head.lower_ in ("after", "before", "following", "since", "until")


def _pair_backoff(use: TriggerUse, parts: list[EntityRef]) -> list[EntityRef]:
    """Backoff (confidence - 0.2): two signatories of whom one or both have no known state ("the
    two envoys signed three accords") sign for the two states the article is about, when
    those lead clearly and include the known one."""
    people = [p for p in parts if use.kind(p) == "Person"]
    if not people or len(parts) != 2:
        return []
    pair = article_pair(use.ctx, use.tok.i)
    known = {p for p in parts if p not in people}
    return list(pair) if pair and known <= set(pair) else []


def _comma_subjects(use: TriggerUse) -> list[EntityRef]:
    """'Chile, Peru sign three deals' (a headline's comma coordination): the parties the parse hung
    on the verb before its subject, each followed by a comma."""
    if use.nominal:
        return []
    subs = [s.i for s in subjects(use.tok) if s.head.i == use.tok.i]
    first = min(subs, default=use.tok.i)
    doc = use.ctx.doc
    return use.parties_only([r for c in children(use.tok) if c.dep_ in ("npadvmod", "dep", "nsubj") and c.i < first
                             and c.i + 1 < len(doc) and doc[c.i + 1].text == ","
                             for r in refs_of(use.ctx, c, group=False)])


def _object_parties(use: TriggerUse) -> list[EntityRef]:
    """The parties a verb trigger's objects name ("met X"); a signed document is not a party
    ("signed seven instruments including the use of X Ports")."""
    if use.nominal:
        return []
    names = lexicons.mapping("instruments.tsv", "word", "instrument")
    objs = [o for o in objects(use.tok) if use.trig.type != "sign_agreement"
            or not (names.get(o.lower_) or names.get(o.lemma_.lower()))]
    return use.parties_only(use.refs(objs))


def _separate(use: TriggerUse) -> bool:
    """'held meetings with A, B and C', 'met separately with', 'held separate talks with': one
    meeting with each partner."""
    tok = use.tok
    heads = [tok] + [g for g in [governor(tok)] if g is not None and use.nominal]
    return (tok.tag_ == "NNS" and tok.lemma_.lower() == "meeting") \
        or any(c.lower_ in ("separately", "separate", "individually") for h in heads for c in children(h))


_LIST_WORDS = (",", "and", "&", "'", "‘", "’", "\"", "“", "”", "-", "(", ")")


def _listed_people(use: TriggerUse) -> list[EntityRef]:
    """The people named in the list after the trigger's 'with' ("with Algerian Foreign Minister A,
    Tunisian counterpart B, ... and C"), read along the words (appositions and titles break the
    parse of such lists): the list runs until a verb, a preposition other than 'of', or the end."""
    ctx = use.ctx
    holders = [use.tok] + [g for g in [governor(use.tok)] if g is not None and use.nominal]
    starts = [c.i for h in holders for c in children(h) if c.dep_ == "prep" and c.lower_ == "with"]
    if not starts:
        return []
    out = []
    for t in ctx.doc[starts[0] + 1:sentence_of(ctx.doc, use.tok.i).end]:
        if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADP" and t.lower_ != "of") \
                or (t.is_punct and t.text not in _LIST_WORDS):
            break
        ref = ctx.ref_at(t.i)
        if ref is not None and use.kind(ref) == "Person":
            out.append(ref)
    return uniq(out)


def _one_per_partner(use: TriggerUse) -> list[EventMention]:
    """One meeting of the agents with each partner ("met separately with A and B")."""
    agents = list(use.agents)
    partners = [p for p in (_listed_people(use) or list(use.partners)) if p not in agents]
    if not agents:
        return []
    return [use.event([*agents, p], [], use.city) for p in partners]


def sentence_people(use: TriggerUse) -> list[EntityRef]:
    """The people the trigger's sentence names by name (not by description or pronoun)."""
    sent = use.tok.sent
    ctx = use.ctx
    return uniq(ctx.refs[i] for i, m in enumerate(ctx.mentions) if i in ctx.refs and m.type == "Person"
                and m.kind == "name" and sent.start <= m.start < sent.end)


def _backoff_meeting(use: TriggerUse, parts: list[EntityRef]) -> list[EventMention]:
    """A meeting whose parse gave one participant: when the sentence names exactly one other
    person, that person is the other side ("At a meeting with X, Y assured him", parsed with Y
    under X). Confidence BACKOFF_SHARE of the trigger's."""
    people = sentence_people(use)
    if len(parts) != 1 or len(people) != 2 or parts[0] not in people:
        return []
    return [replace(use.event(people, [], use.city), confidence=round(use.confidence * BACKOFF_SHARE, 2))]


@role_handler("joint")
def joint(use: TriggerUse) -> list[EventMention]:
    """'X met Y', 'X held talks with Y', 'X and Y signed a treaty': everyone takes part (two at least);
    'X held meetings with A, B and C', 'met separately with A and B': one meeting with each; a
    meeting the parse gave one side of takes the sentence's other named person (backoff)."""
    parts = uniq([*_comma_subjects(use), *use.agents, *use.partners, *_object_parties(use)])
    if use.trig.type == "sign_agreement":
        return _signing(use, parts)
    if use.trig.type == "meet" and _separate(use):
        split = _one_per_partner(use)
        if split:
            return split
    return [use.event(parts, [], use.city)] if len(parts) >= 2 else _backoff_meeting(use, parts)


@role_handler("document")
def document(use: TriggerUse) -> list[EventMention]:
    """'reached a deal with X', 'exchanged agreements', 'the exchange of two MoUs': a signing, only
    with a signed document (instruments.tsv) as the object."""
    return _signing(use, uniq([*use.agents, *use.partners, *_object_parties(use)]), need_document=True)


def _own_side(use: TriggerUse, agents: list[EntityRef]) -> set[EntityRef | None]:
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
                           for p in children(t) if p.dep_ == "pobj"], group=False, inner=True)
    recipients += use.refs(preps(use.tok, {"for", "to"}), group=False, inner=True)
    own = _own_side(use, list(use.agents))
    targets = [t for t in use.parties_only(uniq(recipients)) if t not in own]
    return [use.event(use.parties_only(list(use.agents)), targets, use.city)]


def _acted_on(use: TriggerUse) -> list[EntityRef]:
    """What the trigger acts on: a noun's 'to', 'for', 'of', 'on' phrase; a passive verb's
    subject; an active verb's object (or a party inside it) and one 'on', 'to', 'upon' phrase."""
    tok = use.tok
    if use.nominal:
        verb = light_verb(tok)  # "expressed gratitude *to* X", "levelled accusations *against* X"
        said_to = use.refs(preps(verb, {"to", "against"}), inner=True) if verb is not None else []
        return use.refs(preps(tok, {"to", "for", "of", "on", "against"}), inner=True) + said_to
    if is_passive(tok):
        return use.refs(subjects(tok), inner=True)
    targets = use.refs(objects(tok), group=False) or use.refs(objects(tok), group=False, inner=True)[:1]
    acted = preps(tok, {"on", "to", "upon", "against"})  # "lashed out against X and Y": both
    return targets + (use.refs(acted, group=False) or use.refs(acted, inner=True)[:1])


@functools.cache
def _pairs(table: str, first: str, second: str) -> frozenset[tuple[str, str]]:
    """The (first, second) column pairs of a two-column lexicon table, read once."""
    return frozenset((r[first], r[second]) for r in lexicons.rows(table))


@functools.lru_cache(maxsize=1)
def _seats() -> dict[str, str]:
    return {fold(k): v for k, v in lexicons.mapping("government_seats.tsv", "name", "iso").items()}


def governments_of(ctx: Context, refs: list[EntityRef] | tuple[EntityRef, ...]) -> list[EntityRef]:
    """'accused Addis Ababa of ...', 'the White House summoned ...': a capital or a seat of
    government (government_seats.tsv) that acts or is acted on stands for its state (other
    cities and venues stay places)."""
    seats = _seats()
    out = []
    for r in refs:
        iso = None
        if ctx.kinds.get(r) == "Place":
            names = {fold(m.text) for i, m in enumerate(ctx.mentions) if ctx.refs.get(i) == r}
            iso = next((ctx.lex.capitals.get(n) or seats.get(n) for n in names
                        if n in ctx.lex.capitals or n in seats), None)
        out.append(EntityRef(f"state/{iso}") if iso else r)
    return out


def _act_on(use: TriggerUse, *, need_target: bool) -> list[EventMention]:
    agents = use.parties_only(list(use.agents))
    own = _own_side(use, agents)
    acted = _acted_on(use)
    targets = [t for t in use.parties_only(uniq(governments_of(use.ctx, acted))) if t not in own]
    if not agents or (need_target and not targets):
        return []
    return [use.event(agents, targets, None if use.city in acted else use.city)]  # the capital is no place


@role_handler("actor")
def actor(use: TriggerUse) -> list[EventMention]:
    """'Kask praised Berzins', 'criticized the United States': an actor acting on a target (for a
    visit trigger, the actor travels: see travel)."""
    if use.trig.type == "visit":
        return travel(use)
    if _courtesy(use):
        return []
    return _act_on(use, need_target=False)


def _courtesy(use: TriggerUse) -> bool:
    """'offered a guard of honour to X', 'offered condolences': a ceremony (courtesy_objects.tsv)."""
    blocked = _pairs("courtesy_objects.tsv", "trigger", "object")
    lemma = use.tok.lemma_.lower()
    nouns = list(objects(use.tok)) if not use.nominal else []
    nouns += [g for o in list(nouns) for g in preps(o, {"of"})]
    return any((lemma, n.lemma_.lower()) in blocked for n in nouns)


@role_handler("request")
def request(use: TriggerUse) -> list[EventMention]:
    """'asked X to', 'called on X to': an actor acting on a target, only with the target and the
    infinitive that says what is asked ("called on the President" alone is a courtesy call; asking
    him to pass on greetings, courtesy_words.tsv, is a courtesy too)."""
    asked = [c for c in children(use.tok) if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")]
    courtesy = _pairs("courtesy_words.tsv", "verb", "object")
    passed_on = [(c.lemma_.lower(), o.lemma_.lower()) for c in asked for o in objects(c)]
    if not asked or passed_on and all(p in courtesy for p in passed_on):
        return []  # "asked him to pass on his greetings": a courtesy
    return _act_on(use, need_target=True)


def _converse_holders(use: TriggerUse) -> list[Token]:
    """The trigger, and the verb of a noun trigger whose subject takes part ("held a conversation",
    "received a call", "presented credentials")."""
    gov = governor(use.tok) if use.nominal else None
    if gov is not None and gov.lemma_.lower() in light_verbs() | lexicons.words("converse_verbs"):
        return [use.tok, gov]
    return [use.tok]


@role_handler("converse")
def converse(use: TriggerUse) -> list[EventMention]:
    """'spoke to X', 'discussed trade with X', 'a phone call from X', 'presented credentials to X':
    a meeting of named people or states only (two at least); the object is the topic."""
    holders = _converse_holders(use)
    agents = list(use.agents) + (use.refs(subjects(holders[1])) if len(holders) > 1 else [])
    words = CONVERSE_NOUN_PREPS if use.nominal else CONVERSE_PREPS
    topics = [] if use.nominal else objects(use.tok)  # "discussed trade with X": "with" on the topic
    partners = [r for h in holders for p in preps(h, words) for r in refs_of(use.ctx, p, group=False)]
    partners += [r for o in topics for p in preps(o, PARTNER_PREPS) for r in refs_of(use.ctx, p, group=False)]
    parts = [p for p in uniq(agents + partners) if use.kind(p) in TALKERS]
    return [use.event(parts, [], use.city)] if len(parts) >= 2 else []


@role_handler("phone")
def phone(use: TriggerUse) -> list[EventMention]:
    """'X called Y': a remote meeting, only with a named person as the object and no complement
    ("called Y a liar", "called for calm", "called off the talks" are not calls)."""
    tok = use.tok
    complements = [c for c in children(tok) if c.dep_ in COMPLEMENT_DEPS]
    if use.nominal or is_passive(tok) or any(c.dep_ == "prep" and c.lower_ in ("for", "upon") for c in children(tok)) \
            or len({c.i for c in complements + objects(tok)}) > 1 or any(c.dep_ != "oprd" for c in complements):
        return []  # "called him a liar" (two complements), "called off", "called for"
    callees = [r for r in use.refs(objects(tok), group=False) if use.kind(r) == "Person"]
    parts = uniq([a for a in use.agents if use.kind(a) in TALKERS] + callees)
    return [use.event(parts, [], use.city)] if callees and len(parts) >= 2 else []


@role_handler("accompany")
def accompany(use: TriggerUse) -> list[EventMention]:
    """'X accompanied Y to Z': both travel to Z."""
    if use.nominal or is_passive(use.tok):
        return []
    company = [r for r in use.refs(objects(use.tok), group=False) if use.kind(r) == "Person"]
    return travel(replace(use, agents=tuple(uniq([*use.agents, *company]))))


def _envoy_state(use: TriggerUse, ref: EntityRef) -> list[EntityRef]:
    """The state a named envoy serves: his office, else the state his title names ("Indian High
    Commissioner X"); a state or organisation stands for itself."""
    if use.kind(ref) != "Person":
        return [ref]
    if ref in use.ctx.offices:
        return [use.ctx.offices[ref]]
    named = [r for o in objects(use.tok) if use.ctx.ref_at(o.i) == ref for c in o.subtree
             if c.i != o.i and use.ctx.type_at(c.i) == "State" for r in [use.ctx.ref_at(c.i)] if r]
    return named[:1] or [ref]


@role_handler("summon")
def summon(use: TriggerUse) -> list[EventMention]:
    """'summoned Peru's ambassador', 'expelled the envoy': criticism of the state the envoy serves."""
    agents = use.parties_only(list(use.agents))
    # "the Egyptian Foreign Ministry summoned ...": the ministry acts for its state
    agents = uniq((party_state(use.ctx, a) or a) if use.kind(a) == "Organization" else a for a in agents)
    own = _own_side(use, agents)
    targets = [s for t in use.parties_only(uniq(governments_of(use.ctx, _acted_on(use)))) for s in _envoy_state(use, t)]
    targets = [t for t in uniq(targets) if t not in own]
    return [use.event(agents, targets, use.city)] if agents and targets else []


@role_handler("backing")
def backing(use: TriggerUse) -> list[EventMention]:
    """'X reaffirmed France's support for Y', 'expressed support for Y': X endorses Y, only under a
    verb of backing_verbs.txt and only with a party it is for."""
    gov = governor(use.tok) if use.nominal else None
    if gov is None or gov.lemma_.lower() not in lexicons.words("backing_verbs"):
        return []
    agents = use.parties_only([r for s in subjects(gov) for r in refs_of(use.ctx, s)])
    own = _own_side(use, agents)
    whom = use.refs(preps(use.tok, {"for", "to"}) + preps(gov, {"for"}), inner=True)  # 'voiced "support" for X'
    targets = [t for t in use.parties_only(uniq(whom)) if t not in own]
    return [use.event(agents, targets, use.city)] if agents and targets else []
