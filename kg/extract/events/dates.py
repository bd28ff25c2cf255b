"""The date of one event: a DATE/TIME expression attached to its trigger (or to the light verb
of a noun trigger), else the sentence's only date; read by kg.extract.dates.resolve_date.

The words that widen a date expression ("last Tuesday", "a day earlier") are in
kg/lexicons/date_prefixes.txt and date_suffixes.txt.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ... import lexicons
from ..dates import resolve_date
from ..doc import children, sentence_ents, sentence_of, tokens
from .arguments import carrier_verb
from .context import Context, match_trigger
from .syntax import governor, is_nominal

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

NESTED_CLAUSES = ("xcomp", "ccomp", "relcl", "advcl")  # their dates are their own events'


@dataclass(frozen=True, slots=True)
class EventDate:
    """The day an event is told on; future: the sentence dates it after the article."""

    value: date | None = None
    future: bool = False


def with_context(ent: Span) -> str:
    """The date expression with the word before it ('last Tuesday', 'a day earlier')."""
    doc = ent.doc
    start = ent.start
    if start > 0 and tokens(doc)[start - 1].lower_ in lexicons.words("date_prefixes"):
        start -= 1
    end = ent.end
    if end < len(doc) and tokens(doc)[end].lower_ in lexicons.words("date_suffixes"):
        end += 1
    return doc[start:end].text


def _light_verb_scope(gov: Token) -> set[int]:
    """Tokens under a light verb that can carry the noun trigger's date ("held talks on Monday")."""
    scope = {t.i for c in children(gov) for t in c.subtree if t.dep_ in ("prep", "npadvmod", "advmod")}
    return scope | {c.i for c in children(gov) if c.dep_ == "npadvmod"}


def _conjunct_scope(tok: Token) -> set[int]:
    """'said on Monday that ..., and he accused': a coordinated verb shares its head's date."""
    scope: set[int] = set()
    h = tok
    while h.dep_ == "conj" and h.head.i != h.i:
        h = h.head
        scope |= {t.i for c in children(h) if c.dep_ in ("prep", "npadvmod") for t in c.subtree}
    return scope


def _when_clause_scope(clause: Token) -> set[int]:
    """'December 30, when they met': the date the 'when' clause hangs on."""
    if clause.dep_ == "relcl" and any(c.lower_ == "when" for c in children(clause)):
        return {t.i for t in clause.head.subtree if t.i < clause.i}
    return set()


def detached(tok: Token) -> bool:
    """A noun trigger that hangs on a verb other than a light verb ("the visit peaked with a
    banquet on Thursday": that day is not the visit's)."""
    return is_nominal(tok) and governor(tok) is not None and carrier_verb(tok) is None


def _glosses(tok: Token, nested: set[int]) -> set[int]:
    """'arrived yesterday (Dec 15)': a bracketed date glosses the date before it, so it belongs
    where that date does (the parser often hangs it elsewhere)."""
    doc = tok.doc
    out: set[int] = set()
    for ent in sentence_ents(sentence_of(tok.doc, tok.i)):  # (Span.ents makes every entity of the doc anew)
        if ent.label_ == "DATE" and ent.start >= 2 and doc[ent.start - 1].text == "(" and ent.start - 2 in nested:
            out |= set(range(ent.start, ent.end))
    return out


def date_scope(tok: Token) -> set[int]:
    """The tokens whose dates are the trigger's: its own phrase without nested clauses (nor the
    relative clauses of its arguments), its light verb's modifiers, a coordinated head's, the
    head of a 'when' clause."""
    nested = {t.i for c in children(tok) if c.dep_ in NESTED_CLAUSES for t in c.subtree}
    # "X, who arrived yesterday, was welcomed": a relative clause on an argument dates its own event
    nested |= {t.i for d in tok.subtree if d.dep_ == "relcl" and tok.i not in (d.i, d.head.i) for t in d.subtree}
    nested |= _glosses(tok, nested)
    scope = {t.i for t in tok.subtree} - nested
    gov = carrier_verb(tok) if is_nominal(tok) else None
    if gov is not None:
        scope |= _light_verb_scope(gov)
    scope |= _conjunct_scope(tok)
    return scope | _when_clause_scope(gov if gov is not None else tok)


def _has_other_trigger_between(ctx: Context, tok: Token, ent: Span) -> bool:
    lo, hi = sorted((tok.i, ent.start))
    return any(match_trigger(t, ctx.lex) for t in ctx.doc[lo + 1:hi] if t.pos_ == "VERB")


def date_of(ctx: Context, tok: Token, sent: Span, last: date | None) -> EventDate:
    """The event's date from DATE/TIME expressions attached to the trigger, else in its sentence."""
    ents = [e for e in sentence_ents(sent) if e.label_ in ("DATE", "TIME")]
    if not ents:
        return EventDate()
    scope = date_scope(tok)
    attached = [e for e in ents if e.start in scope]
    chosen = attached or (ents if len(ents) == 1 and not detached(tok)
                          and not _has_other_trigger_between(ctx, tok, ents[0]) else [])
    for e in chosen:
        reading = resolve_date(with_context(e), ctx.article.published, last)
        if reading.future:
            return EventDate(None, True)
        if reading.value:
            return EventDate(reading.value)
    return EventDate()
