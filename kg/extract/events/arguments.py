"""An event's arguments: the entity refs a token stands for, a noun trigger's agents, the places
a trigger is anchored in, and the document signed (with how many).

The words come from kg/lexicons: light_verbs.txt, group_nouns.tsv, instruments.tsv, numbers.tsv.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import lexicons
from .context import Context
from .syntax import OBJ, conjuncts, governor, is_nominal, objects, preps, subjects, uniq

if TYPE_CHECKING:
    from spacy.tokens import Token

PARTY_TYPES = ("Person", "State", "Organization")  # entity types that take part in events
PLACE_TYPES = ("Place", "State")
PLACE_PREPS = ("in", "at", "to", "into")  # prepositions (grammar) of a trigger's place
GROUP_DEPS = ("amod", "compound", "poss", "pobj", "conj", "nmod")  # "Iranian officials", "officials of Iran"
INNER_DEPS = ("poss", "amod", "compound", "nmod", "pobj", "conj")
ADJUNCT_PREPS = ("on", "during", "at", "for", "upon", "in")  # "met X on a visit to Y"


@dataclass(frozen=True)
class PlaceHit:
    """A place or state ref the trigger is anchored in, and the token that names it."""

    ref: str
    token: Token


@dataclass(frozen=True)
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
def _group_members(ctx: Context, t: Token) -> list[str]:
    """'Iranian and Cuban officials': the parties named inside a plural or collective noun."""
    return [r for c in t.subtree if c.i != t.i and c.dep_ in GROUP_DEPS and ctx.type_at(c.i) in PARTY_TYPES
            for r in [ctx.ref_at(c.i)] if r is not None]


def _is_group(t: Token) -> bool:
    """'officials', 'the delegation': a noun standing for a group of parties."""
    lemma = t.lemma_.lower()
    kinds = lexicons.mapping("group_nouns.tsv", "noun", "collective")
    return lemma in kinds and (t.tag_ in ("NNS", "NNPS") or kinds[lemma] == "yes")


def _named_person(ctx: Context, t: Token) -> str | None:
    """The person a description names in apposition or coordination ("former president ... Raúl Castro")."""
    for c in t.subtree:
        if ctx.type_at(c.i) == "Person" and (c.dep_ == "appos" or (c.dep_ in ("conj", "compound") and c.head.i != t.i)):
            return ctx.ref_at(c.i)
    return None


def _inner_refs(ctx: Context, t: Token) -> list[str]:
    """Parties named inside a noun phrase ("the Iranian president's delegation")."""
    return [r for c in t.subtree if c.i != t.i and c.dep_ in INNER_DEPS and c.i in ctx.at
            and ctx.type_at(c.i) != "Place" for r in [ctx.ref_at(c.i)] if r is not None]


def _refs_of_one(ctx: Context, t: Token, group: bool, inner: bool) -> list[str]:
    if t.i in ctx.groups:
        return list(ctx.groups[t.i])
    ref = ctx.ref_at(t.i)
    if ref is not None:
        return [ref]
    if group and _is_group(t):
        return _group_members(ctx, t)
    named = _named_person(ctx, t)
    if named is not None:
        return [named]
    return _inner_refs(ctx, t) if inner else []


def refs_of(ctx: Context, tok: Token, *, group: bool = True, inner: bool = False) -> list[str]:
    """Entity refs a token stands for, following coordination ('X and Y')."""
    return uniq(r for t in [tok, *conjuncts(tok)] for r in _refs_of_one(ctx, t, group, inner))


# ------------------------------------------------------------------ agents
def by_phrase_people(ctx: Context, tok: Token) -> list[str]:
    """Named people from 'by' to the end of the sentence: a list joined by semicolons parses as
    anything, but what follows 'signed by' is the signatories."""
    out = []
    for c in tok.children:
        if c.dep_ == "agent":
            for t in ctx.doc[c.i:c.sent.end]:
                i = ctx.at.get(t.i)
                if i is not None and ctx.mentions[i].type == "Person" and ctx.mentions[i].kind == "name":
                    out.append(ctx.refs[i])
    return uniq(out)


def _possessor_agents(ctx: Context, tok: Token) -> list[str]:
    """'Raeisi's visit', 'Iran's Raeisi's visit' (the person, not the state that qualifies him)."""
    out: list[str] = []
    for p in tok.children:
        if p.dep_ != "poss":
            continue
        got = refs_of(ctx, p)
        persons = [r for r in got if ctx.kinds.get(r) == "Person"]
        inner = [ctx.refs[ctx.at[g.i]] for g in p.children if g.dep_ == "poss" and g.i in ctx.at]
        out += persons or got or inner
    return out


def _adjunct_clause(tok: Token) -> Token | None:
    """The verb of the clause a noun trigger is an adjunct of ("met X *on a visit to* Y", "is on a
    visit", "*At a meeting with* X, Y assured him")."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ADJUNCT_PREPS:
        return None
    verb = prep.head
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)  # not one a participle inherits
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


def _doer_agents(ctx: Context, tok: Token) -> list[str]:
    """A visit's or meeting's doer when the noun has no possessor or light verb: the person it is
    "of" ("the visit of President X"), else the subject of the clause it is an adjunct of."""
    out = [r for r in (r for p in preps(tok, {"of"}) for r in refs_of(ctx, p, group=False))
           if ctx.kinds.get(r) == "Person"]
    verb = _adjunct_clause(tok)
    if not out and verb is not None:
        out = [r for s in subjects(verb) for r in refs_of(ctx, s)]
    return out


def nominal_agents(ctx: Context, tok: Token, *, doer: bool = False) -> list[str]:
    """Who does what a noun trigger names: its possessor, else the subject of its light verb
    ("Raeisi held talks") or of a copula ("X is a critic of Y"), else (doer: visits and meetings)
    the person it is "of" or the subject of the clause it is an adjunct of, else a party modifying
    it ("the Iranian visit")."""
    out = _possessor_agents(ctx, tok)
    verb = light_verb(tok)
    if not out and verb is not None and tok.dep_ in OBJ | {"pobj"}:
        for s in subjects(verb):
            out += refs_of(ctx, s)
    gov = governor(tok)
    if not out and tok.dep_ == "attr" and gov is not None and gov.lemma_.lower() == "be":
        out = [r for s in subjects(gov) for r in refs_of(ctx, s)]  # "X has been a fierce critic of Y"
    if not out and doer:
        out = _doer_agents(ctx, tok)
    if not out:
        out += [r for c in tok.children if c.dep_ in ("compound", "amod") and c.i in ctx.at
                for r in [ctx.refs[ctx.at[c.i]]] if ctx.kinds.get(r) in ("Person", "State")]
    return uniq(out)


def parties(ctx: Context, parts: list[str]) -> list[str]:
    """Signing parties: the states that office holders sign for; companies stay themselves."""
    return uniq(ctx.offices.get(p, p) if ctx.kinds.get(p) == "Person" else p for p in parts)


# ------------------------------------------------------------------ places
def _where_clause(ctx: Context, h: Token) -> list[PlaceHit]:
    """'New York, where he arrived'."""
    if h.dep_ == "relcl" and any(c.lower_ == "where" for c in h.children) and ctx.type_at(h.head.i) in PLACE_TYPES:
        ref = ctx.ref_at(h.head.i)
        return [PlaceHit(ref, h.head)] if ref is not None else []
    return []


def _named_place(ctx: Context, t: Token, ref: str) -> list[PlaceHit]:
    """A place named by the token itself; a venue in a city ("the palace in Havana") also gives the city."""
    inner = [r for g in preps(t, {"in", "near", "outside"}) if ctx.type_at(g.i) == "Place"
             for r in [ctx.ref_at(g.i)] if r is not None]
    out = []
    if inner and ctx.kinds.get(ref) == "Place" and ctx.state_of_place(ref) is None:
        out.append(PlaceHit(inner[0], t))  # a venue in a city: the city
    out.append(PlaceHit(ref, t))
    return out


def _qualified_place(ctx: Context, t: Token) -> list[PlaceHit]:
    """'the southern city of Guangzhou', 'the Amur region'."""
    out = []
    for g in preps(t, {"of"}) + [c for c in t.children if c.dep_ == "compound"]:
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
    for h in heads:
        out += _where_clause(ctx, h)
        for p in preps(h, PLACE_PREPS) + objects(h):
            for t in [p, *conjuncts(p)]:
                ref = ctx.ref_at(t.i)
                if ref is None:
                    out += _qualified_place(ctx, t)
                elif ctx.type_at(t.i) in PLACE_TYPES:
                    out += _named_place(ctx, t, ref)
    return out


def place_state(ctx: Context, ref: str) -> str | None:
    """The state ref of a place or state ref (None for a venue or an unknown city)."""
    if ref.startswith("state/"):
        return ref
    if ctx.kinds.get(ref) == "Place":
        iso = ctx.state_of_place(ref)
        return f"state/{iso}" if iso else None
    return None


# ------------------------------------------------------------------ instruments
def instrument(tok: Token) -> InstrumentHit | None:
    """The signed document: ('six cooperation MoUs' -> memorandum of understanding, 6)."""
    names = lexicons.mapping("instruments.tsv", "word", "instrument")
    cands = objects(tok) + [c for c in tok.children if c.dep_ == "nsubjpass"]
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
    word = lexicons.mapping("numbers.tsv", "word", "value").get(c.lower_)
    return int(word) if word else (int(c.text) if c.text.isdigit() else None)


def instrument_count(noun: Token, outer: Token) -> int | None:
    """How many documents: a number on the noun or its phrase ("four agreements", "a pair of")."""
    for t in (noun, outer):
        for c in t.children:
            if c.dep_ in ("nummod", "quantmod") or c.like_num:
                val = _number(c)
                if val:
                    return val
        if t.lower_ == "pair" and "pair" in number_words():  # "a pair of agreements"
            return number_words()["pair"]
    return None
