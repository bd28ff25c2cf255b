"""Implied visits: a foreign office holder who takes part in a meeting or a
signing placed in a city of another state went there, even when the text never says "visited"
("Kask and Sharma signed the pact in New Delhi": Kask visited India). And a visit told only
as the time of another act ("During her visit to Latvia, Kask met Berzins"): the subject of the
clause made it.

For every realis, non-background, in-person meeting or signing placed in a city of state B,
each participant who holds office for a state A other than B gets a visit to B (place: the city;
date: the earliest date of those events), unless the text already has a visit of theirs to B, or they are
posted there (an ambassador, envoy, chargé: kg/lexicons/resident_titles.txt). The visit is a
guess, with confidence IMPLIED_CONFIDENCE, so --min-confidence can drop it.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ... import lexicons
from ...types import EntityRef, EventMention
from ..doc import children, sentences, tokens
from .arguments import place_state, refs_of
from .context import evidence, match_trigger
from .modality import realis
from .syntax import clause_verb, preps, subjects

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import Context

IMPLIED_CONFIDENCE = 0.5
DURING = ("during", "on", "throughout")  # "during his visit to X", "on her trip to X"
OWN = ("his", "her")
IN_PERSON = ("meet", "sign_agreement")
VISIT = ("visit", "042", "CONSULT")  # type, CAMEO code (make a visit), PLOVER category


def _title_words(tok: Token) -> set[str]:
    """The words that describe a name: its compounds and modifiers, and its apposition
    ("Ambassador Oleg Ivanov", "Ivanov, the Russian envoy")."""
    near = [c for c in children(tok) if c.dep_ in ("compound", "amod", "appos")]
    if tok.dep_ == "appos":
        near.append(tok.head)
    return {t.lemma_.lower() for c in near for t in c.subtree if abs(t.i - tok.i) <= 6}


def residents(ctx: Context) -> set[EntityRef]:
    """People the text gives a resident title (ambassador, envoy, ...)."""
    titles = lexicons.words("resident_titles")
    out: set[EntityRef] = set()
    for i, m in enumerate(ctx.mentions):
        if m.type != "Person" or i not in ctx.refs or m.end <= m.start:
            continue
        span = ctx.doc[m.start:m.end]
        words = {t.lower_ for t in span} | _title_words(span.root)
        if words & titles:
            out.add(ctx.refs[i])
    return out


def _remote_sentences(ctx: Context) -> list[tuple[int, int]]:
    """Character spans of the sentences that tell of a call or a video link."""
    words = lexicons.words("remote_words")
    toks = tokens(ctx.doc)
    return [(s.start_char, s.end_char) for s in sentences(ctx.doc)
            if any(t.lemma_.lower() in words for t in toks[s.start:s.end])]


def _visits(events: list[EventMention]) -> set[tuple[EntityRef, EntityRef]]:
    return {(a, t) for e in events if e.type == "visit" for a in e.agents for t in e.targets}


def _during_visit(ctx: Context, tok: Token) -> list[tuple[EntityRef, EntityRef, EntityRef | None]]:
    """'During her visit to Latvia, Kask met ...': (visitor, state, city) for a visit noun in a
    'during/on his ... to X' phrase whose clause has a named person as subject."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in DURING:
        return []
    trig = match_trigger(tok, ctx.lex)
    if trig is None or trig.type != "visit" \
            or not any(c.dep_ == "poss" and c.lower_ in OWN for c in children(tok)) or not realis(tok):
        return []
    where = [r for t in preps(tok, ("to",)) for r in refs_of(ctx, t, group=False)]
    who = [r for s in subjects(clause_verb(tok.head)) for r in refs_of(ctx, s, group=False)
           if ctx.kinds.get(r) == "Person"]
    out = []
    for ref in where[:1]:
        state = place_state(ctx, ref)
        if state is not None and len(who) == 1:
            out.append((who[0], state, ref if ref.startswith("place/") else None))
    return out


def during_visits(ctx: Context, events: list[EventMention]) -> list[EventMention]:
    """Visits told only as the time of another act (module docstring)."""
    known = _visits(events)
    out = []
    for sent in sentences(ctx.doc):
        for tok in tokens(ctx.doc)[sent.start:sent.end]:
            for who, state, city in _during_visit(ctx, tok):
                if (who, state) in known or ctx.offices.get(who) == state:
                    continue
                known.add((who, state))
                day = min((e.date for e in events if e.date and e.evidence.start == evidence(ctx.article, sent).start
                           and who in (*e.agents, *e.targets)), default=None)
                out.append(EventMention(VISIT[0], VISIT[1], VISIT[2], tok.text, (who,), (state,), city, day,
                                        evidence(ctx.article, sent), confidence=IMPLIED_CONFIDENCE))
    return out


def implied_visits(ctx: Context, events: list[EventMention]) -> list[EventMention]:
    """Visits implied by meetings and signings abroad and by 'during his visit to' (module
    docstring), in text order."""
    during = during_visits(ctx, events)
    events = events + during
    known = _visits(events)
    posted = residents(ctx)
    remote = _remote_sentences(ctx)
    found: dict[tuple[EntityRef, EntityRef], list[EventMention]] = {}
    for e in events:
        if e.type not in IN_PERSON or e.background or e.mode == "remote" or e.place is None \
                or not e.place.startswith("place/") or any(a <= e.evidence.start < b for a, b in remote):
            continue
        host = place_state(ctx, e.place)
        for p in dict.fromkeys((*e.agents, *e.targets)):
            home = ctx.offices.get(p)
            if host is None or ctx.kinds.get(p) != "Person" or home is None or home == host or p in posted \
                    or (p, host) in known:
                continue
            found.setdefault((p, host), []).append(e)
    out = []
    for (p, host), seen in found.items():
        first = seen[0]
        day = min((e.date for e in seen if e.date), default=None)
        out.append(replace(first, type=VISIT[0], cameo=VISIT[1], plover=VISIT[2], agents=(p,), targets=(host,),
                           date=day, count=None, instrument=None, mode="",
                           confidence=min(first.confidence, IMPLIED_CONFIDENCE)))
    return during + out
