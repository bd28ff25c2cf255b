"""An event's arguments: the entity refs a token stands for, a noun trigger's agents, the places
a trigger is anchored in, and the document signed (with how many).

The words come from kg/lexicons: light_verbs.txt, group_nouns.tsv, instruments.tsv, numbers.tsv.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import lexicons
from ...types import EntityRef
from ..doc import children, sentence_of
from ..lexicon import fold
from .context import Context, match_trigger
from .syntax import OBJ, conjuncts, governor, is_nominal, objects, preps, subjects, uniq

if TYPE_CHECKING:
    from spacy.tokens import Token

PARTY_TYPES = ("Person", "State", "Organization")  # entity types that take part in events
PLACE_TYPES = ("Place", "State")
PLACE_PREPS = ("in", "at", "to", "into")  # prepositions (grammar) of a trigger's place
GROUP_DEPS = ("amod", "compound", "poss", "pobj", "conj", "nmod")  # "Iranian officials", "officials of Iran"
INNER_DEPS = ("poss", "amod", "compound", "nmod", "pobj", "conj")
LOCATIVE_PREPS = ("in", "at", "outside", "inside", "near", "within", "across")  # grammar, not words of a domain
ADJUNCT_PREPS = ("on", "during", "at", "for", "upon", "in")  # "met X on a visit to Y"


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """A place or state ref the trigger is anchored in, and the token that names it."""

    ref: EntityRef
    token: Token


@dataclass(frozen=True, slots=True)
class InstrumentHit:
    """The document signed: its noun, its kind ('memorandum of understanding'), how many."""

    token: Token
    name: str
    count: int | None


def number_words() -> dict[str, int]:
    """numbers.tsv: a number word -> its value ("two" -> 2, "pair" -> 2)."""
    return {word: int(value) for word, value in lexicons.mapping("numbers.tsv", "word", "value").items()}


def light_verbs() -> frozenset[str]:
    """light_verbs.txt: verbs that carry a noun trigger as their object ("held talks")."""
    return frozenset(lexicons.words("light_verbs"))


def light_verb(tok: Token) -> Token | None:
    """The light verb a noun trigger is the object of ("held talks"), if it is one."""
    gov = governor(tok)
    return gov if gov is not None and gov.lemma_.lower() in lexicons.words("light_verbs") else None


# ------------------------------------------------------------------ refs
def _phrase(t: Token) -> list[Token]:
    """The noun phrase of t without its clauses and appositions ("the leaders of the two nations,
    who talked ...": not the relative clause)."""
    out, todo = [], list(children(t))
    while todo:
        c = todo.pop()
        if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "appos", "punct"):
            continue
        out.append(c)
        todo += list(children(c))
    return sorted(out, key=lambda c: c.i)


def _group_members(ctx: Context, t: Token) -> list[EntityRef]:
    """'Iranian and Cuban officials': the parties named inside a plural or collective noun
    (also through a group inside it: "officials from the delegations of both states")."""
    out: list[EntityRef] = []
    for c in _phrase(t):
        if c.dep_ not in GROUP_DEPS:
            continue
        if c.i in ctx.groups:
            out += ctx.groups[c.i]
        elif ctx.type_at(c.i) in PARTY_TYPES:
            out += [r for r in [ctx.ref_at(c.i)] if r is not None]
    return uniq(out)


def _holders(ctx: Context, t: Token, members: list[EntityRef]) -> list[EntityRef]:
    """'the presidents of both countries', 'Greek and Turkish leaders' (group_nouns.tsv office):
    the one person the article gives that office for each of the states, when every state has one."""
    office = lexicons.mapping("group_nouns.tsv", "noun", "office").get(t.lemma_.lower())
    if office and any(c.lower_ == "prime" for c in children(t)):  # "prime ministers"
        office = "leader_of"
    if not office or len(members) < 2 or not all(m.startswith("state/") for m in members):
        return members
    people = []
    for state in members:
        held = [p for p, rel in ctx.holders.get(state, {}).items() if rel == office]
        if not held:  # no office read: the one person whose title names the state ("his Argentine counterpart X")
            held = [r for r, kind in ctx.kinds.items() if kind == "Person" and r not in ctx.offices
                    and _titled_state(ctx, r) == state]
        if len(held) != 1:
            return members
        people += held
    return people


def _is_pair(t: Token) -> bool:
    """'both parties', 'the two sides': a plural of a state-pair noun (state_pairs.txt) counted as two."""
    return (t.tag_ in ("NNS", "NNPS") and t.lemma_.lower() in lexicons.words("state_pairs")
            and any(c.lower_ in ("two", "both") and c.dep_ in ("nummod", "det", "predet") for c in children(t)))


def article_pair(ctx: Context, before: int) -> tuple[EntityRef, EntityRef] | None:
    """The two states the article has named most before token ``before``, when two lead clearly
    (the scene of "the two parties", "both sides" when coreference found no pair)."""
    counts = Counter(r for i, m in enumerate(ctx.mentions) if m.start < before and m.type == "State"
                     for r in [ctx.refs.get(i)] if r is not None)
    top = counts.most_common(3)
    if len(top) >= 2 and (len(top) == 2 or top[1][1] > top[2][1]):
        return top[0][0], top[1][0]
    return None


def _is_group(t: Token) -> bool:
    """'officials', 'the delegation': a noun standing for a group of parties."""
    lemma = t.lemma_.lower()
    kinds = lexicons.mapping("group_nouns.tsv", "noun", "collective")
    return lemma in kinds and (t.tag_ in ("NNS", "NNPS") or kinds[lemma] == "yes")


def _named_person(ctx: Context, t: Token) -> EntityRef | None:
    """The person a description names in apposition or coordination ("former president ... Tomás Vidal")."""
    for c in t.subtree:
        if ctx.type_at(c.i) == "Person" and (c.dep_ == "appos" or (c.dep_ in ("conj", "compound") and c.head.i != t.i)):
            return ctx.ref_at(c.i)
    return None


def _appositive_conjuncts(ctx: Context, t: Token) -> list[EntityRef]:
    """'Peruvian President Ana Rojas and Bolivian President Luis Arce', parsed with the first title as
    head and the second name coordinated with the first, which is its apposition: the people
    coordinated with the apposition."""
    return [r for c in children(t) if c.dep_ == "appos" and ctx.type_at(c.i) == "Person"
            for k in conjuncts(c) if ctx.type_at(k.i) == "Person" for r in [ctx.ref_at(k.i)] if r is not None]


def _inner_refs(ctx: Context, t: Token) -> list[EntityRef]:
    """Parties named inside a noun phrase ("the Iranian president's delegation"), not where it
    happened ("an attack in Pakistan", "a blast outside the Afghan ministry")."""
    return [r for c in t.subtree if c.i != t.i and c.dep_ in INNER_DEPS and c.i in ctx.at
            and ctx.type_at(c.i) != "Place" and not _under_locative(c, t) for r in [ctx.ref_at(c.i)] if r is not None]


def _under_locative(c: Token, top: Token) -> bool:
    """Whether c hangs, below top, on a preposition of place ("in", "at", "outside", ...)."""
    t = c
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ == "prep" and t.lower_ in LOCATIVE_PREPS:
            return True
        t = t.head
    return False


def _refs_of_one(ctx: Context, t: Token, group: bool, inner: bool, people: bool) -> list[EntityRef]:
    if t.i in ctx.groups:
        return list(ctx.groups[t.i])
    ref = ctx.ref_at(t.i)
    if ref is not None:
        return [ref]
    if group and _is_group(t):
        members = _group_members(ctx, t)
        if people:
            members = _holders(ctx, t, members)
        pair = article_pair(ctx, t.i) if not members and _is_pair(t) else None
        return members or list(pair or ())
    named = _named_person(ctx, t)
    if named is not None:
        return [named, *_appositive_conjuncts(ctx, t)]
    body = None if people else _body_noun_state(ctx, t)
    if body is not None:
        return [body]
    return _inner_refs(ctx, t) if inner else []


def _body_noun_state(ctx: Context, t: Token) -> EntityRef | None:
    """'Egypt's foreign ministry', 'the Kenyan government': a state's body written as a common
    noun (signing_bodies.txt) with the state as its only qualifier acts for that state."""
    if t.pos_ not in ("NOUN", "PROPN") or t.lemma_.lower() not in lexicons.words("signing_bodies"):
        return None
    states = uniq(r for c in children(t) if c.dep_ in ("poss", "amod", "compound") and ctx.type_at(c.i) == "State"
                  for r in [ctx.ref_at(c.i)] if r is not None)
    return states[0] if len(states) == 1 else None


def refs_of(ctx: Context, tok: Token, *, group: bool = True, inner: bool = False,
            people: bool = False) -> list[EntityRef]:
    """Entity refs a token stands for, following coordination ('X and Y'). With people (meetings,
    visits), a group of office holders of named states stands for those people."""
    return uniq(r for t in [tok, *conjuncts(tok)] for r in _refs_of_one(ctx, t, group, inner, people))


# ------------------------------------------------------------------ agents
def by_phrase_people(ctx: Context, tok: Token) -> list[EntityRef]:
    """Named people from 'by' to the end of the sentence: a list joined by semicolons parses as
    anything, but what follows 'signed by' is the signatories."""
    out = []
    for c in children(tok):
        if c.dep_ == "agent":
            for t in ctx.doc[c.i:sentence_of(ctx.doc, c.i).end]:
                i = ctx.at.get(t.i)
                if i is not None and ctx.mentions[i].type == "Person" and ctx.mentions[i].kind == "name":
                    out.append(ctx.refs[i])
    return uniq(out)


def _possessor_agents(ctx: Context, tok: Token) -> list[EntityRef]:
    """'Kask's visit', 'Estonia's Kask's visit' (the person, not the state that qualifies her)."""
    out: list[EntityRef] = []
    for p in children(tok):
        if p.dep_ != "poss":
            continue
        got = refs_of(ctx, p)
        persons = [r for r in got if ctx.kinds.get(r) == "Person"]
        inner = [ctx.refs[ctx.at[g.i]] for g in children(p) if g.dep_ == "poss" and g.i in ctx.at]
        out += persons or got or inner
    return out


def _adjunct_clause(tok: Token) -> Token | None:
    """The verb of the clause a noun trigger is an adjunct of ("met X *on a visit to* Y", "is on a
    visit", "*At a meeting with* X, Y assured him")."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ADJUNCT_PREPS:
        return None
    verb = prep.head
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in children(verb))  # not one a participle inherits
    return verb if verb.i != prep.i and verb.pos_ in ("VERB", "AUX") and own_subject else None


def carrier_verb(tok: Token) -> Token | None:
    """The verb whose modifiers (dates) a noun trigger shares: its light verb ("held talks on
    Monday"), a verb of converse_verbs.txt ("received a call on Monday"), or the clause it is an
    adjunct of ("met X on Monday on a visit to Y")."""
    verb = light_verb(tok)
    if verb is not None:
        return verb
    gov = governor(tok)
    if gov is not None and gov.lemma_.lower() in lexicons.words("converse_verbs"):
        return gov
    return _adjunct_clause(tok)


def _doer_agents(ctx: Context, tok: Token) -> list[EntityRef]:
    """A visit's or meeting's doer when the noun has no possessor or light verb: the person it is
    "of" ("the visit of President X"), else the subject of the clause it is an adjunct of."""
    out = [r for r in (r for p in preps(tok, {"of"}) for r in refs_of(ctx, p, group=False))
           if ctx.kinds.get(r) == "Person"]
    verb = _adjunct_clause(tok)
    if not out and verb is not None:
        out = [r for s in subjects(verb) for r in refs_of(ctx, s)]
    return out


def nominal_agents(ctx: Context, tok: Token, *, doer: bool = False,
                   people: bool = False) -> list[EntityRef]:
    """Who does what a noun trigger names: its possessor, else the subject of its light verb
    ("Kask held talks") or of a copula ("X is a critic of Y"), else (doer: visits and meetings)
    the person it is "of" or the subject of the clause it is an adjunct of, else a party modifying
    it ("the Iranian visit")."""
    out = _possessor_agents(ctx, tok)
    verb = light_verb(tok)
    if not out and verb is not None and tok.dep_ in OBJ | {"pobj"}:
        for s in subjects(verb):
            out += refs_of(ctx, s, people=people)
    gov = governor(tok)
    if not out and tok.dep_ == "attr" and gov is not None and gov.lemma_.lower() == "be":
        out = [r for s in subjects(gov) for r in refs_of(ctx, s)]  # "X has been an outspoken critic of Y"
    if not out and doer:
        out = _doer_agents(ctx, tok)
    if not out:
        out += [r for c in children(tok) if c.dep_ in ("compound", "amod") and c.i in ctx.at
                for r in [ctx.refs[ctx.at[c.i]]] if ctx.kinds.get(r) in ("Person", "State")]
    return uniq(out)


def _states_in(ctx: Context, start: int, end: int) -> list[EntityRef]:
    """The states named inside tokens start..end ("Saudi" of "the Saudi King"), as mentions or
    as words of the states lexicon."""
    found = [r for i, m in enumerate(ctx.mentions) if m.type == "State" and start <= m.start and m.end <= end
             for r in [ctx.refs.get(i)] if r is not None]
    for k in range(start, end):
        for size in (3, 2, 1):
            words = ctx.doc[k:min(k + size, end)]
            key = fold(words.text)
            iso = ctx.lex.demonyms.get(key) or ctx.lex.state_names.get(key)
            if iso and words.text[:1].isupper():
                found.append(EntityRef(f"state/{iso}"))
                break
    return uniq(found)


def _description_states(ctx: Context, head: Token) -> list[EntityRef]:
    """The states qualifying a description the name stands in apposition to ("her Slovenian
    counterpart, Marko Zelen"; "Marko Zelen, the Slovenian minister")."""
    descs = [head.head] if head.dep_ == "appos" else []
    descs += [c for c in children(head) if c.dep_ == "appos" and c.i not in ctx.at]
    return [r for d in descs for c in children(d) if c.dep_ in ("amod", "compound") and ctx.type_at(c.i) == "State"
            for r in [ctx.ref_at(c.i)] if r is not None]


def _titled_state(ctx: Context, ref: EntityRef) -> EntityRef | None:
    """The one state a person's own words name: a demonym in the name's span ("the Saudi King")
    or its 'of' phrase ("President Otto Brink of Peru")."""
    found: list[EntityRef] = []
    for i, m in enumerate(ctx.mentions):
        if ctx.refs.get(i) != ref or m.kind not in ("name", "title"):
            continue
        found += _states_in(ctx, m.start, m.end) + _description_states(ctx, ctx.doc[m.end - 1])
        found += [r for k in range(m.start, m.end) for g in preps(ctx.doc[k], {"of"})
                  if ctx.type_at(g.i) == "State" for r in [ctx.ref_at(g.i)] if r is not None]
    states = uniq(found)
    return states[0] if len(states) == 1 else None


def _body_state(ctx: Context, ref: EntityRef) -> EntityRef | None:
    """The state a government body belongs to ("the Brazilian Ministry of Trade", signing_bodies.txt)."""
    bodies = lexicons.words("signing_bodies")
    for i, m in enumerate(ctx.mentions):
        if ctx.refs.get(i) == ref and any(t.lemma_.lower() in bodies for t in ctx.doc[m.start:m.end]):
            states = _states_in(ctx, m.start, m.end) or _state_before(ctx, m.start)
            if len(states) == 1:
                return states[0]
    return None


def _state_before(ctx: Context, start: int) -> list[EntityRef]:
    """The state named just before a body's name, when the name does not hold it: "the Chilean
    [Ministry of Mining]", "Peru's [Department of Energy]"."""
    end = start - 1 if start > 0 and ctx.doc[start - 1].tag_ == "POS" else start
    return [r for i, m in enumerate(ctx.mentions) if m.type == "State" and m.end == end and m.end > m.start
            for r in [ctx.refs.get(i)] if r is not None]


def party_state(ctx: Context, ref: EntityRef) -> EntityRef | None:
    """The state a signing party stands for: an office holder's state (from the offices, else
    from the title's demonym or 'of' phrase); a government body's state."""
    kind = ctx.kinds.get(ref)
    if kind == "Person":
        return ctx.offices.get(ref) or _titled_state(ctx, ref)
    return _body_state(ctx, ref) if kind == "Organization" else None


def parties(ctx: Context, parts: list[EntityRef]) -> list[EntityRef]:
    """Signing parties: the states that office holders and government bodies sign for; companies
    stay themselves."""
    return uniq(party_state(ctx, p) or p for p in parts)


# ------------------------------------------------------------------ places
def _where_clause(ctx: Context, h: Token) -> list[PlaceHit]:
    """'New York, where he arrived'."""
    if h.dep_ == "relcl" and any(c.lower_ == "where" for c in children(h)) and ctx.type_at(h.head.i) in PLACE_TYPES:
        ref = ctx.ref_at(h.head.i)
        return [PlaceHit(ref, h.head)] if ref is not None else []
    return []


def _named_place(ctx: Context, t: Token, ref: EntityRef) -> list[PlaceHit]:
    """A place named by the token itself; a venue in a city ("the palace in Havana") also gives the city."""
    inner = [r for g in preps(t, {"in", "near", "outside"}) if ctx.type_at(g.i) == "Place"
             for r in [ctx.ref_at(g.i)] if r is not None]
    out = []
    if inner and ctx.kinds.get(ref) == "Place" and ctx.state_of_place(ref) is None:
        out.append(PlaceHit(inner[0], t))  # a venue in a city: the city
    out.append(PlaceHit(ref, t))
    return out


def _qualified_place(ctx: Context, t: Token) -> list[PlaceHit]:
    """'the northern city of Arica', 'the Amur region' (not 'the Forum of the Andes': an
    event's 'of' names it, not its place)."""
    out = []
    named = [] if match_trigger(t, ctx.lex) is not None else preps(t, {"of"})
    for g in named + [c for c in children(t) if c.dep_ == "compound"]:
        ref = ctx.ref_at(g.i)
        if ref is not None and ctx.type_at(g.i) in PLACE_TYPES:
            out.append(PlaceHit(ref, g))
    return out


def places(ctx: Context, tok: Token) -> list[PlaceHit]:
    """Place or state refs in 'in X', 'to X', 'at X' phrases of the trigger (and its light verb)."""
    heads = [tok]
    gov = governor(tok) if is_nominal(tok) else None
    if gov is not None:
        heads.append(gov)
    out = []
    names = lexicons.mapping("instruments.tsv", "word", "instrument")
    for h in heads:
        out += _where_clause(ctx, h)
        # a signed document and what is listed with it are no place ("signed seven instruments, use of X Port")
        objs = [o for o in objects(h) if not (names.get(o.lower_) or names.get(o.lemma_.lower()))]
        for p in preps(h, PLACE_PREPS) + objs:
            for t in [p, *conjuncts(p)]:
                ref = ctx.ref_at(t.i)
                if ref is None:
                    out += _qualified_place(ctx, t)
                elif ctx.type_at(t.i) in PLACE_TYPES:
                    out += _named_place(ctx, t, ref)
    return out or [hit for h in heads for hit in _partner_place(ctx, h)]


def _partner_place(ctx: Context, h: Token) -> list[PlaceHit]:
    """'met with Kask in Tallinn': the parser hangs the city on the partner, not on the verb. A
    city (a Place the gazetteer places in a state) in an in/at phrase of a named partner."""
    out = []
    for partner in preps(h, ("with",)) + objects(h):
        # "with his counterpart Omamo in Goa": the name is an apposition of the noun, and the
        # city hangs on either of them
        names = [partner, *(c for c in children(partner) if c.dep_ == "appos")]
        if not any(ctx.type_at(n.i) in PARTY_TYPES for n in names):
            continue
        for t in [g for n in names for g in preps(n, ("in", "at"))]:
            ref = ctx.ref_at(t.i)
            if ref is not None and ctx.type_at(t.i) == "Place" and ctx.state_of_place(ref):
                out.append(PlaceHit(ref, t))
    return out


def place_state(ctx: Context, ref: EntityRef) -> EntityRef | None:
    """The state ref of a place or state ref (None for a venue or an unknown city)."""
    if ref.startswith("state/"):
        return ref
    if ctx.kinds.get(ref) == "Place":
        iso = ctx.state_of_place(ref)
        return EntityRef(f"state/{iso}") if iso else None
    return None


# ------------------------------------------------------------------ instruments
def instrument(tok: Token) -> InstrumentHit | None:
    """The signed document: ('six cooperation MoUs' -> memorandum of understanding, 6)."""
    names = lexicons.mapping("instruments.tsv", "word", "instrument")
    cands = objects(tok) + [c for c in children(tok) if c.dep_ == "nsubjpass"]
    if is_nominal(tok):
        cands = preps(tok, {"of"})
    if tok.dep_ in ("acl", "relcl"):
        cands.append(tok.head)
    for c in cands:
        for t in [c, *preps(c, {"of"})]:
            name = names.get(t.lower_) or names.get(t.lemma_.lower())
            if name:
                return InstrumentHit(t, name, instrument_count(t, c))
    return None


def _number(c: Token) -> int | None:
    value = number_words().get(c.lower_)
    return value if value is not None else (int(c.text) if c.text.isdigit() else None)


def instrument_count(noun: Token, outer: Token) -> int | None:
    """How many documents: a number on the noun or its phrase ("four agreements", "a pair of")."""
    for t in (noun, outer):
        for c in children(t):
            if c.dep_ in ("nummod", "quantmod") or c.like_num:
                val = _number(c)
                if val:
                    return val
        if t.lower_ == "pair" and "pair" in number_words():  # "a pair of agreements"
            return number_words()["pair"]
    return None
