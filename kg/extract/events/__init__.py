"""Events from the dependency parse: triggers, their arguments, place, date and modality.

(Doc, mentions, entity refs) -> list[EventMention]. A trigger is a verb or noun in
lexicons/triggers.tsv; arguments come from its subject, object and prepositions (or, for a
noun, its possessor and the light verb that governs it: "held talks", "paid a visit").
Planned, negated and hypothetical events are dropped.

    context    Context (the article as the rules read it), build_context, match_trigger, evidence
    syntax     subjects, objects, prepositions, conjuncts, governing verbs
    modality   realis (planned, negated, hypothetical uses) and background dates
    arguments  entity refs of tokens, noun agents, places, signed documents
    roles      the role patterns of triggers.tsv, one registered handler each
    dates      the date of one event
    scene      who was where and when, for events whose sentence does not say
    page       page furniture (related-article lines, captions, credits, a cut-off last sentence)
    implied    visits implied by meetings and signings abroad (low confidence)
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from ...types import EntityRef, EventMention
from ..doc import sentences, tokens
from .arguments import refs_of
from .context import Context, build_context, evidence, match_trigger
from .dates import date_of
from .implied import implied_visits
from .modality import background_dates, realis
from .page import furniture
from .roles import ROLE_HANDLERS, check_roles, events_for, role_handler
from .scene import Scene, abroad, dateline_city, from_scene, says_here, update_scene
from .syntax import clause_verb, governor, is_nominal, objects, passive_agents, pluperfect, preps, subjects

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ("ROLE_HANDLERS", "Context", "build_context", "check_roles", "evidence", "find_events", "match_trigger",
           "objects", "passive_agents", "preps", "realis", "refs_of", "role_handler", "subjects")


def _repeats(e: EventMention, seen: list[EventMention]) -> bool:
    """The same happening named twice in one sentence ("landed in Moscow on his first trip")."""
    return any(e.type == o.type and set(e.agents) == set(o.agents) and set(e.targets) <= set(o.targets)
               and (e.place is None or e.place == o.place) for o in seen)


def _in_time(ctx: Context, tok: Token, events: list[EventMention], old_times: list[Span], story: _Narrative,
             sent_no: int) -> list[EventMention]:
    """Events told in another time ("in 2019", "last year") are background; the others, unless
    pluperfect, take a missing date and place from the scene."""
    gov = governor(tok) if is_nominal(tok) else None
    clause = clause_verb(gov if gov is not None else tok)
    if any(clause_verb(e.root).i == clause.i for e in old_times):
        return [replace(e, background=True) for e in events]
    if pluperfect(tok):
        return events
    here = says_here(gov if gov is not None else tok)
    home = None if story.away and not here else story.home
    return [from_scene(e, story.scene, ctx.offices, sent_no, ctx.state_of_place, home, here) for e in events]


@dataclass
class _Narrative:
    """What find_events carries from sentence to sentence: the last date told and the scene."""

    last_date: date | None = None
    scene: Scene = field(default_factory=Scene)
    home: EntityRef | None = None  # the dateline's city
    away: bool = False  # the current sentence puts someone in another state than the dateline's


def _sentence_events(ctx: Context, sent: Span, sent_no: int, story: _Narrative) -> list[EventMention]:
    old_times = background_dates(sent)
    story.away = abroad(ctx, sent, story.home)
    found: list[EventMention] = []
    explicit: list[EventMention] = []  # as the sentence states them, before the scene
    pub = ctx.article.published
    for tok in tokens(ctx.doc)[sent.start:sent.end]:
        trig = match_trigger(tok, ctx.lex)
        if trig is None or not realis(tok):
            continue
        when = date_of(ctx, tok, sent, story.last_date)
        if when.future or (when.value and pub and when.value > pub):
            continue
        events = [e for e in events_for(ctx, tok, trig, sent, when.value) if not _repeats(e, explicit)]
        explicit += events
        found += _in_time(ctx, tok, events, old_times, story, sent_no)
        if when.value:
            story.last_date = when.value
    if not any(clause_verb(e.root).i == sent.root.i for e in old_times):  # not a background sentence
        day = update_scene(ctx, sent, explicit, story.scene, story.last_date, sent_no)
        story.last_date = day or story.last_date
    return found


def find_events(ctx: Context) -> list[EventMention]:
    """Every realised event the article reports, in text order.

    An event whose sentence fixes no date or place takes them from the scene of its
    participants: the last day and city the text gave for any of them ("Kask arrived in
    Havana on Wednesday ... She praised ..."). Background sentences (a bare year, "last year",
    a pluperfect "had visited") neither take nor set a scene. A foreign office holder at a
    meeting or signing in a city of another state gets an implied visit (events.implied).
    """
    story = _Narrative(home=dateline_city(ctx))
    skip = furniture(ctx.article, ctx.doc)
    out: list[EventMention] = []
    for sent_no, sent in enumerate(sentences(ctx.doc)):
        if sent.start not in skip:
            out += _sentence_events(ctx, sent, sent_no, story)
    return out + implied_visits(ctx, out)
