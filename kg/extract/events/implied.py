"""Implied visits (issue 12, M7): a foreign office holder who takes part in a meeting or a
signing placed in a city of another state went there, even when the text never says "visited"
("Kishida and Modi signed the pact in New Delhi": Kishida visited India).

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
from .arguments import place_state

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import Context

IMPLIED_CONFIDENCE = 0.5
IN_PERSON = ("meet", "sign_agreement")
VISIT = ("visit", "042", "CONSULT")  # type, CAMEO code (make a visit), PLOVER category


def _title_words(tok: Token) -> set[str]:
    """The words that describe a name: its compounds and modifiers, and its apposition
    ("Ambassador Oleg Ivanov", "Ivanov, the Russian envoy")."""
    near = [c for c in tok.children if c.dep_ in ("compound", "amod", "appos")]
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
    return [(s.start_char, s.end_char) for s in ctx.doc.sents if any(t.lemma_.lower() in words for t in s)]


def _visits(events: list[EventMention]) -> set[tuple[EntityRef, EntityRef]]:
    return {(a, t) for e in events if e.type == "visit" for a in e.agents for t in e.targets}


def implied_visits(ctx: Context, events: list[EventMention]) -> list[EventMention]:
    """Visits implied by meetings and signings abroad (module docstring), in text order."""
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
    return out
