"""Events from the dependency parse: triggers, their arguments, place, date and modality.

(Doc, mentions, entity refs) -> list[EventMention]. A trigger is a verb or noun in
lexicons/triggers.tsv; arguments come from its subject, object and prepositions (or, for a
noun, its possessor and the light verb that governs it: "held talks", "paid a visit").
Planned, negated and hypothetical events are dropped.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from ..types import Article, EventMention, Evidence, Mention
from .dates import resolve_date
from .lexicon import Lexicon, Trigger
from .mentions import sentence_ents, tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SUBJ = {"nsubj", "nsubjpass", "csubj"}
OBJ = {"dobj", "obj", "attr", "oprd"}
LIGHT_VERBS = {"hold", "have", "pay", "make", "conduct", "begin", "start", "sit", "attend", "join",
               "wrap", "end", "open", "undertake", "embark", "lead", "host", "chair", "round", "kick"}
MODALS = {"will", "would", "shall", "could", "may", "might", "should", "'ll", "must", "can"}
NOT_REALIS_HEADS = {"plan", "expect", "schedule", "intend", "hope", "want", "seek", "aim", "prepare",
                    "promise", "decide", "set", "due", "invite", "urge", "ask", "propose", "try",
                    "attempt", "wish", "agree", "offer", "consider", "refuse", "postpone", "cancel",
                    "delay", "call", "suggest", "vow", "pledge", "threaten", "like", "need"}
NOT_REALIS_MODS = {"upcoming", "planned", "future", "next", "proposed", "possible", "postponed",
                   "expected", "potential", "prospective", "mutual", "forthcoming"}
INSTRUMENTS = {"agreement": "agreement", "accord": "accord", "treaty": "treaty", "deal": "deal",
               "memorandum": "memorandum of understanding", "mou": "memorandum of understanding",
               "mous": "memorandum of understanding", "pact": "pact", "contract": "contract",
               "statement": "joint statement", "declaration": "declaration", "document": "document",
               "protocol": "protocol", "charter": "charter", "communique": "communique",
               "convention": "convention", "accords": "accord", "deals": "deal"}
GROUP_NOUNS = {"official", "delegation", "side", "country", "nation", "government", "leader",
               "president", "minister", "state", "team", "party", "representative", "diplomat",
               "head", "company", "firm"}  # plural ("officials") or collective ("delegation") only
COLLECTIVE = {"delegation", "government", "team", "side"}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "pair": 2,
                "dozen": 12, "fifteen": 15, "twenty": 20}
PLACE_PREPS = {"in", "at", "to", "into"}
HOST_AND_MEET = {"receive", "welcome", "greet"}
AID_WORDS = {"aid", "assistance", "support", "package", "million", "billion", "funding", "grant", "loan",
             "loans", "equipment", "supplies", "donation", "$", "€", "£"}


Scene = dict[str, list[tuple[int, date | None, str | None, bool]]]  # ref -> [(sentence, day, city, flashback)]


@dataclass
class Context:
    doc: Doc
    mentions: list[Mention]
    refs: dict[int, str]  # mention index -> entity ref ("state/IR", "person/ebrahim-raisi", ...)
    kinds: dict[str, str]  # entity ref -> type
    offices: dict[str, str]  # person ref -> state ref
    at: dict[int, int]  # token index -> mention index (the mention the token heads)
    lex: Lexicon
    article: Article
    state_of_place: Callable[[str], str | None]
    groups: dict[int, tuple[str, ...]]  # token of a group ("the two presidents") -> its members


def build_context(doc, mentions, refs, offices, lex, article, state_of_place, groups=None) -> Context:
    at: dict[int, int] = {}
    for i, m in enumerate(mentions):
        if i not in refs:
            continue
        for k in range(m.start, m.end):
            if k not in at or mentions[at[k]].kind == "demonym":
                at[k] = i
    kinds = {refs[i]: m.type for i, m in enumerate(mentions) if i in refs}
    by_token = {k: members for i, members in (groups or {}).items()
                for k in range(mentions[i].start, mentions[i].end)}
    return Context(doc, mentions, refs, kinds, offices, at, lex, article, state_of_place, by_token)


def match_trigger(tok: Token, lex: Lexicon) -> Trigger | None:
    """The longest trigger whose head lemma is this token and whose other words are nearby."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and lemma not in ("be", "have", "do")):
        pos = "VERB"
    elif tok.pos_ in ("NOUN", "PROPN"):
        pos = "NOUN"
    else:
        return None
    for trig in lex.trigger_heads.get((pos, lemma), ()):
        rest = trig.words[1:]
        near = [t for t in tok.subtree if t.i != tok.i and abs(t.i - tok.i) <= 4]
        if all(any(t.lemma_.lower() == w for t in near) for w in rest):
            return trig
    return None


def find_events(ctx: Context) -> list[EventMention]:
    """Every realised event the article reports, in text order.

    An event whose sentence fixes no date or place takes them from the scene of its
    participants: the last day and city the text gave for any of them ("Raeisi arrived in
    Havana on Wednesday ... He praised ..."). Background sentences (a bare year, "last year",
    a pluperfect "had visited") neither take nor set a scene.
    """
    out: list[EventMention] = []
    last_date: date | None = None
    scene: Scene = {}
    pub = ctx.article.published
    for sent_no, sent in enumerate(ctx.doc.sents):
        old_times = _background_dates(sent)
        background = any(_clause_verb(e.root).i == sent.root.i for e in old_times)
        found: list[EventMention] = []
        explicit: list[EventMention] = []  # as the sentence states them, before the scene
        for tok in tokens(ctx.doc)[sent.start:sent.end]:
            trig = match_trigger(tok, ctx.lex)
            if trig is None or not realis(tok):
                continue
            when, future = _date_of(ctx, tok, sent, last_date)
            if future or (when and pub and when > pub):
                continue
            events = [e for e in _events_for(ctx, tok, trig, sent, when) if not _repeats(e, explicit)]
            explicit += events
            head = _governor(tok) if tok.pos_ in ("NOUN", "PROPN") and _governor(tok) is not None else tok
            clause = _clause_verb(head)
            old = any(_clause_verb(e.root).i == clause.i for e in old_times)
            if not old and not _pluperfect(tok):
                events = [_from_scene(e, scene, ctx.offices, sent_no, ctx.state_of_place) for e in events]
            elif old:
                events = [replace(e, background=True) for e in events]
            found += events
            if when:
                last_date = when
        out += found
        if not background:
            day = _update_scene(ctx, sent, explicit, scene, last_date, sent_no)
            last_date = day or last_date
    return out


def _repeats(e: EventMention, seen: list[EventMention]) -> bool:
    """The same happening named twice in one sentence ("landed in Moscow on his first trip")."""
    return any(e.type == o.type and set(e.agents) == set(o.agents) and set(e.targets) <= set(o.targets)
               and (e.place is None or e.place == o.place) for o in seen)


def _background_dates(sent: Span) -> list[Span]:
    """Dates of another time: a bare year, 'last year', 'years ago', 'in March last year'."""
    out = []
    for e in sentence_ents(sent):
        if e.label_ == "DATE":
            low = e.text.lower()
            if (re.search(r"\b(19|20)\d\d\b", low) and not re.search(r"\d{1,2},? (19|20)\d\d|(19|20)\d\d-\d", low)) \
                    or re.search(r"\b(last|previous) (year|month)|\b(years|months) (ago|earlier)|\bin the past\b", low):
                out.append(e)
    return out


def _clause_verb(tok: Token) -> Token:
    """The verb heading the clause a token belongs to."""
    t = tok
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def _pluperfect(tok: Token) -> bool:
    head = _governor(tok) if tok.pos_ in ("NOUN", "PROPN") else tok
    return head is not None and any(c.dep_ == "aux" and c.lower_ == "had" for c in head.children)


def _from_scene(e: EventMention, scene: Scene, offices: dict[str, str], e_sent: int,
                state_of_place: Callable[[str], str | None]) -> EventMention:
    """Fill a missing date (not for visits: a visit is dated by its arrival) from the latest
    sentence that gave a day for a participant (or for the narrative, if just before), and a
    missing or venue-only place from the city where a participant was on that day."""
    if e.date and (e.mode == "remote" or (e.place and state_of_place(e.place))):
        return e
    keys = [*e.agents, *e.targets]
    keys += [offices[k] for k in keys if k in offices]
    entries = [x for k in keys for x in scene.get(k, ())]
    narrative = [x for x in scene.get("", ()) if x[0] >= e_sent - 2]
    new_date = e.date
    if new_date is None and e.type != "visit":
        dated = [x for x in entries + narrative if x[1] and not x[3]]  # not from a flashback
        if dated:
            new_date = max(dated, key=lambda x: x[0])[1]
    new_place = e.place
    if e.mode != "remote" and (new_place is None or state_of_place(new_place) is None):
        cities = [x for x in entries if x[2]]
        if e.type == "visit":  # a visit's city lies in the visited state
            cities = [x for x in cities if f"state/{state_of_place(x[2])}" in e.targets]
        on_or_before = [x for x in cities if x[1] and new_date and x[1] <= new_date]
        pick = max(on_or_before, key=lambda x: (x[1], x[0])) if on_or_before else \
            (max(cities, key=lambda x: x[0]) if cities else None)
        if pick and (new_place is None or e.type != "visit"):
            new_place = pick[2]  # events are placed at the city, not the venue
    if e.type == "visit" and new_date is None and new_place is not None:
        # a visit's day is the first day the text places the visitor in its city
        there = [x[1] for a in e.agents for x in scene.get(a, ()) if x[2] == new_place and x[1]]
        new_date = min(there) if there else None
    if new_date == e.date and new_place == e.place:
        return e
    return replace(e, date=new_date, place=new_place, confidence=round(e.confidence - 0.1, 2))


def _update_scene(ctx: Context, sent: Span, found: list[EventMention], scene, last_date, sent_no: int) -> date | None:
    """Remember the day and city this sentence gives for everyone it names (and for the
    narrative, under ""); return the sentence's day."""
    day = None
    for e in sentence_ents(sent):
        if e.label_ in ("DATE", "TIME"):
            reading = resolve_date(_with_context(e), ctx.article.published, last_date)
            if reading.value and not reading.future and day is None:
                day = reading.value  # the first day told: the main clause's, as a rule
    city = None
    for tok in tokens(ctx.doc)[sent.start:sent.end]:
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at") and tok.i in ctx.at \
                and realis(_clause_verb(tok.head)):  # not "will host in Hiroshima"
            ref = ctx.refs[ctx.at[tok.i]]
            if ctx.kinds.get(ref) == "Place" and ctx.state_of_place(ref):
                city = ref
    for e in found:  # what the events of the sentence settled
        day = e.date or day
        if e.place and ctx.state_of_place(e.place):
            city = e.place
    if day is None and city is None:
        return None
    if day is not None:
        scene.setdefault("", []).append((sent_no, day, None, _pluperfect(sent.root)))
    refs = {ctx.refs[i] for i, m in enumerate(ctx.mentions)
            if i in ctx.refs and sent.start <= m.start < sent.end and m.type in ("Person", "State", "Organization")}
    refs |= {r for e in found for r in (*e.agents, *e.targets)}
    flashback = _pluperfect(sent.root)  # "He had been in India, where a day earlier ..."
    for r in refs:
        scene.setdefault(r, []).append((sent_no, day, city, flashback))
    return day


# ------------------------------------------------------------------ modality
def _governor(tok: Token) -> Token | None:
    """The verb a noun trigger depends on ("held" for "held talks")."""
    head = tok.head
    while head.i != tok.i and head.pos_ == "ADP":
        head = head.head
    return head if head.i != tok.i and head.pos_ in ("VERB", "AUX") else None


def _clause_chain(tok: Token) -> list[Token] | None:
    """The verbs whose mood governs this trigger, climbing through infinitives, bare coordinated
    verbs and prepositional clauses ("is scheduled to travel ... before heading to Havana");
    None when a planning or inviting verb governs it ("invited him to visit")."""
    chain = [tok]
    h = tok
    for _ in range(6):
        parent = h.head
        if parent.i == h.i:
            break
        if h.dep_ == "xcomp" or (h.dep_ == "ccomp" and parent.lemma_.lower() in NOT_REALIS_HEADS):
            if parent.lemma_.lower() in NOT_REALIS_HEADS or parent.lemma_.lower() in ("able", "due", "ready", "likely", "set"):
                return None
            h = parent
        elif h.dep_ == "conj" and h.tag_ in ("VB", "VBG") and not any(c.dep_ in SUBJ for c in h.children):
            h = parent  # "will visit Paris and meet Macron": meet shares the modal
        elif h.dep_ == "pcomp" and parent.dep_ == "prep":
            h = parent.head  # "before heading to Havana"
        else:
            break
        chain.append(h)
    return chain


def realis(tok: Token) -> bool:
    """False for planned, negated, conditional or hypothetical uses of a trigger."""
    starts = [tok]
    gov = _governor(tok) if tok.pos_ in ("NOUN", "PROPN") else None
    if gov is not None:
        starts.append(gov)
    chain: list[Token] = []
    for t in starts:
        part = _clause_chain(t)
        if part is None:
            return False
        chain += part
    for t in chain:
        for c in t.children:
            low = c.lower_
            if c.dep_ == "neg" or low in ("never",):
                return False
            if c.dep_ == "aux" and low in MODALS:
                return False
            if c.dep_ == "mark" and low in ("if", "unless", "whether"):
                return False
            if c.dep_ in ("amod", "compound") and low in NOT_REALIS_MODS:
                return False
            if c.dep_ in ("nsubjpass", "nsubj", "dobj") and any(g.lower_ in ("no",) and g.dep_ == "det" for g in c.children):
                return False
        if t.dep_ == "advcl" and any(c.lower_ in ("if", "unless") for c in t.children):
            return False
    if tok.pos_ in ("NOUN", "PROPN"):
        if any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children):
            return False
        prep = tok.head if tok.dep_ == "pobj" else None
        if prep is not None and prep.lower_ == "ahead":
            return False
    return True


# ------------------------------------------------------------------ arguments
def refs_of(ctx: Context, tok: Token, *, group: bool = True, inner: bool = False) -> list[str]:
    """Entity refs a token stands for, following coordination ('X and Y')."""
    out: list[str] = []
    for t in [tok, *_conjuncts(tok)]:
        i = ctx.at.get(t.i)
        if t.i in ctx.groups:
            out += ctx.groups[t.i]
        elif i is not None:
            out.append(ctx.refs[i])
        elif group and t.lemma_.lower() in GROUP_NOUNS and (t.tag_ in ("NNS", "NNPS") or t.lemma_.lower() in COLLECTIVE):
            out += [ctx.refs[ctx.at[c.i]] for c in t.subtree if c.i in ctx.at and c.i != t.i
                    and ctx.mentions[ctx.at[c.i]].type in ("State", "Person", "Organization")
                    and c.dep_ in ("amod", "compound", "poss", "pobj", "conj", "nmod")]
        else:
            named = [c for c in t.subtree if c.i in ctx.at and c.dep_ in ("appos", "conj", "compound")
                     and ctx.mentions[ctx.at[c.i]].type == "Person" and c.head.i != t.i or
                     (c.i in ctx.at and c.dep_ == "appos" and ctx.mentions[ctx.at[c.i]].type == "Person")]
            if named:  # "former Cuban president and one of the leaders ... Raúl Castro"
                out.append(ctx.refs[ctx.at[named[0].i]])
            elif inner:
                out += [ctx.refs[ctx.at[c.i]] for c in t.subtree if c.i in ctx.at and c.i != t.i
                        and ctx.mentions[ctx.at[c.i]].type != "Place"
                        and c.dep_ in ("poss", "amod", "compound", "nmod", "pobj", "conj")]
    return _uniq(out)


def _conjuncts(tok: Token) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ == "conj":
            out += [c, *_conjuncts(c)]
    return out


def _uniq(xs):
    return list(dict.fromkeys(xs))


def subjects(tok: Token) -> list[Token]:
    """Grammatical subjects of a verb, inherited through coordination and participles."""
    t = tok
    for _ in range(6):
        subs = [c for c in t.children if c.dep_ in SUBJ]
        if subs and t.dep_ == "relcl" and all(c.lower_ in ("who", "which", "that") for c in subs):
            return [t.head]  # "Ruto, who first visited France": the relative pronoun is Ruto
        if subs:
            return subs
        if t.dep_ in ("conj", "advcl", "xcomp") and t.head.i != t.i:
            t = t.head
            continue
        if t.dep_ == "pcomp" and t.head.dep_ == "prep":  # "..., before holding talks"
            t = t.head.head
            continue
        if t.dep_ in ("acl", "relcl"):
            return [t.head]
        if t.dep_ in ("dep", "appos") and t.head.pos_ in ("PROPN", "NOUN", "PRON") and t.head.i < t.i:
            return [t.head]  # "Raeisi, heading a delegation, arrived ..." parsed with the verb under the name
        break
    return []


def passive_agents(tok: Token) -> list[Token]:
    return [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _by_phrase_people(ctx: Context, tok: Token) -> list[str]:
    """Named people from 'by' to the end of the sentence: a list joined by semicolons parses as
    anything, but what follows 'signed by' is the signatories."""
    out = []
    for c in tok.children:
        if c.dep_ == "agent":
            for t in ctx.doc[c.i:c.sent.end]:
                i = ctx.at.get(t.i)
                if i is not None and ctx.mentions[i].type == "Person" and ctx.mentions[i].kind == "name":
                    out.append(ctx.refs[i])
    return _uniq(out)


def preps(tok: Token, words: set[str]) -> list[Token]:
    return [g for c in tok.children if c.dep_ == "prep" and c.lower_ in words for g in c.children if g.dep_ == "pobj"]


def objects(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in OBJ]


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _nominal_agents(ctx: Context, tok: Token) -> list[str]:
    poss = [c for c in tok.children if c.dep_ == "poss"]
    out: list[str] = []
    for p in poss:
        got = refs_of(ctx, p)
        persons = [r for r in got if ctx.kinds.get(r) == "Person"]
        # "Iran's Raeisi's visit": the person, not the state that qualifies him
        inner = [ctx.refs[ctx.at[g.i]] for g in p.children if g.dep_ == "poss" and g.i in ctx.at]
        out += persons or got or inner
    gov = _governor(tok)
    if not out and gov is not None and gov.lemma_.lower() in LIGHT_VERBS and tok.dep_ in OBJ | {"pobj"}:
        for s in subjects(gov):
            out += refs_of(ctx, s)
    if not out:
        out += [r for c in tok.children if c.dep_ in ("compound", "amod") and c.i in ctx.at
                for r in [ctx.refs[ctx.at[c.i]]] if ctx.kinds.get(r) in ("Person", "State")]
    return _uniq(out)


def _places(ctx: Context, tok: Token) -> list[tuple[str, Token]]:
    """Place or state refs in 'in X', 'to X', 'at X' phrases of the trigger (and its light verb)."""
    heads = [tok]
    gov = _governor(tok) if tok.pos_ in ("NOUN", "PROPN") else None
    if gov is not None:
        heads.append(gov)
    out = []
    for h in heads:
        if h.dep_ == "relcl" and any(c.lower_ == "where" for c in h.children):
            i = ctx.at.get(h.head.i)  # "New York, where he arrived"
            if i is not None and ctx.mentions[i].type in ("Place", "State"):
                out.append((ctx.refs[i], h.head))
        for p in preps(h, PLACE_PREPS) + [o for o in objects(h)]:
            for t in [p, *_conjuncts(p)]:
                i = ctx.at.get(t.i)
                if i is not None and ctx.mentions[i].type in ("Place", "State"):
                    inner = [ctx.refs[ctx.at[g.i]] for g in preps(t, {"in", "near", "outside"})
                             if g.i in ctx.at and ctx.mentions[ctx.at[g.i]].type == "Place"]
                    if inner and ctx.kinds.get(ctx.refs[i]) == "Place" and ctx.state_of_place(ctx.refs[i]) is None:
                        out.append((inner[0], t))  # a venue in a city: the city
                    out.append((ctx.refs[i], t))
                elif i is None:  # "the southern city of Guangzhou", "the Amur region"
                    for g in preps(t, {"of"}) + [c for c in t.children if c.dep_ == "compound"]:
                        j = ctx.at.get(g.i)
                        if j is not None and ctx.mentions[j].type in ("Place", "State"):
                            out.append((ctx.refs[j], g))
    return out


def _place_state(ctx: Context, ref: str) -> str | None:
    if ref.startswith("state/"):
        return ref
    if ctx.kinds.get(ref) == "Place":
        iso = ctx.state_of_place(ref)
        return f"state/{iso}" if iso else None
    return None


def _date_of(ctx: Context, tok: Token, sent: Span, last: date | None) -> tuple[date | None, bool]:
    """The event's date from DATE/TIME expressions attached to the trigger, else in its sentence."""
    ents = [e for e in sentence_ents(sent) if e.label_ in ("DATE", "TIME")]
    if not ents:
        return None, False
    nested = {t.i for c in tok.children if c.dep_ in ("xcomp", "ccomp", "relcl", "advcl") for t in c.subtree}
    scope = {t.i for t in tok.subtree} - nested
    gov = _governor(tok) if tok.pos_ in ("NOUN", "PROPN") else None
    detached = gov is not None and gov.lemma_.lower() not in LIGHT_VERBS
    if detached:
        gov = None  # "the visit reached its high point on Thursday": that day is not the visit's
    if gov is not None:
        scope |= {t.i for t in gov.children for t in t.subtree if t.dep_ in ("prep", "npadvmod", "advmod")}
        scope |= {c.i for c in gov.children if c.dep_ in ("npadvmod",)}
    h = tok
    while h.dep_ == "conj" and h.head.i != h.i:  # "said on Monday that ..., and he accused"
        h = h.head
        scope |= {t.i for c in h.children if c.dep_ in ("prep", "npadvmod") for t in c.subtree}
    clause = gov if gov is not None else tok
    if clause.dep_ == "relcl" and any(c.lower_ == "when" for c in clause.children):
        scope |= {t.i for t in clause.head.subtree if t.i < clause.i}  # "December 30, when they met"
    attached = [e for e in ents if e.start in scope]
    chosen = attached or (ents if len(ents) == 1 and not detached
                          and not _has_other_trigger_between(ctx, tok, ents[0]) else [])
    for e in chosen:
        reading = resolve_date(_with_context(e), ctx.article.published, last)
        if reading.future:
            return None, True
        if reading.value:
            return reading.value, False
    return None, False


def _has_other_trigger_between(ctx: Context, tok: Token, ent: Span) -> bool:
    lo, hi = sorted((tok.i, ent.start))
    return any(match_trigger(t, ctx.lex) for t in ctx.doc[lo + 1:hi] if t.pos_ == "VERB")


def _with_context(ent: Span) -> str:
    """The date expression with the word before it ('last Tuesday', 'a day earlier')."""
    doc = ent.doc
    start = ent.start
    if start > 0 and tokens(doc)[start - 1].lower_ in ("last", "next", "this", "that", "earlier", "later", "late", "early"):
        start -= 1
    end = ent.end
    if end < len(doc) and tokens(doc)[end].lower_ in ("earlier", "later", "before", "after", "ago"):
        end += 1
    return doc[start:end].text


def _instrument(tok: Token) -> tuple[Token | None, str | None, int | None]:
    """The signed document: ('six cooperation MoUs' -> memorandum of understanding, 6)."""
    cands = objects(tok) + [c for c in tok.children if c.dep_ == "nsubjpass"]
    if tok.pos_ in ("NOUN", "PROPN"):
        cands = preps(tok, {"of"})
    if tok.dep_ in ("acl", "relcl"):
        cands.append(tok.head)
    for c in cands:
        for t in [c, *preps(c, {"of"})]:
            name = INSTRUMENTS.get(t.lower_) or INSTRUMENTS.get(t.lemma_.lower())
            if name:
                return t, name, _count(t, c)
    return None, None, None


def _count(noun: Token, outer: Token) -> int | None:
    for t in (noun, outer):
        for c in t.children:
            if c.dep_ in ("nummod", "quantmod") or c.like_num:
                val = NUMBER_WORDS.get(c.lower_) or (int(c.text) if c.text.isdigit() else None)
                if val:
                    return val
        if t.lower_ in NUMBER_WORDS and t.lower_ == "pair":
            return 2
    return None


def evidence(article: Article, sent: Span) -> Evidence:
    """The sentence as written in the article (not as parsed), with its character offsets."""
    text = article.text[sent.start_char:sent.end_char]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return Evidence(article.id, sent.start_char + lead, sent.start_char + lead + len(text), text)


def _events_for(ctx: Context, tok: Token, trig: Trigger, sent: Span, when: date | None) -> list[EventMention]:
    nominal = tok.pos_ in ("NOUN", "PROPN")
    ev = evidence(ctx.article, sent)
    confidence = 0.7 if nominal else 0.9
    places = _places(ctx, tok)
    cities = [r for r, _ in places if ctx.kinds.get(r) == "Place"]
    city = next((r for r in cities if ctx.state_of_place(r)), cities[0] if cities else None)

    def make(agents, targets, place, **kw) -> EventMention:
        return EventMention(trig.type, trig.cameo, trig.plover, tok.text, tuple(agents), tuple(targets),
                            place, when, ev, mode=trig.mode, confidence=confidence, **kw)

    if nominal:
        agents = _nominal_agents(ctx, tok)
        holders = [tok]
        gov = _governor(tok)
        if gov is not None and gov.lemma_.lower() in LIGHT_VERBS:
            holders.append(gov)  # "held talks in Ankara with X": the "with" hangs on "held"
        partners = [r for h in holders for p in preps(h, {"with", "between", "among"})
                    for r in refs_of(ctx, p, group=False)]
    else:
        passive = _is_passive(tok)
        subj = [r for s in subjects(tok) for r in refs_of(ctx, s)]
        by = _uniq([r for a in passive_agents(tok) for r in refs_of(ctx, a)] + _by_phrase_people(ctx, tok))
        agents = by if passive else subj
        partners = [r for p in preps(tok, {"with", "between", "among"}) for r in refs_of(ctx, p)]
        if passive and trig.roles != "joint":
            partners = subj
    agents = [a for a in agents if ctx.kinds.get(a) != "Place"]
    partners = [a for a in partners if ctx.kinds.get(a) != "Place"]

    if trig.type == "visit" and trig.roles == "host":
        hosts = agents
        visitors = partners if nominal else [r for o in objects(tok) for r in refs_of(ctx, o)]
        if not nominal and _is_passive(tok):
            hosts, visitors = [r for a in passive_agents(tok) for r in refs_of(ctx, a)], \
                [r for s in subjects(tok) for r in refs_of(ctx, s)]
        states = _uniq(s for h in hosts for s in [h if h.startswith("state/") else ctx.offices.get(h)] if s)
        if not states and city:
            states = [s for s in [_place_state(ctx, city)] if s]
        visitors = [v for v in visitors if ctx.kinds.get(v) in ("Person", "Organization", "State")]
        out = [make([v], states, city) for v in visitors if states and v not in states]
        people = _uniq([p for p in hosts + visitors if ctx.kinds.get(p) == "Person"])
        if trig.words[0] in HOST_AND_MEET and len(people) >= 2 and set(hosts) != set(visitors):
            # being received by a person is also meeting them
            out.append(EventMention("meet", "040", "CONSULT", tok.text, tuple(people), (), city, when, ev,
                                    confidence=round(confidence * 0.9, 2)))
        return out

    if trig.type == "visit":
        if nominal and not agents:
            return []
        out = []
        for ref, _t in places:
            state = _place_state(ctx, ref)
            place = ref if ctx.kinds.get(ref) == "Place" else None
            if state is None:
                continue
            for a in agents:
                if a == state or ctx.offices.get(a) == state:
                    continue  # a state does not visit itself; coming home is no visit
                out.append(make([a], [state], place))
        return _drop_same_target_places(out)

    if trig.type in ("meet", "sign_agreement"):
        objs = [] if nominal else [r for o in objects(tok) for r in refs_of(ctx, o)]
        parts = _uniq(agents + partners + [o for o in objs if ctx.kinds.get(o) in ("Person", "State", "Organization")])
        count = instrument = None
        if trig.type == "sign_agreement":
            inst_tok, instrument, count = _instrument(tok)
            if inst_tok is None and not partners and not nominal:
                return []
            if nominal and not parts:
                gov = _governor(tok)
                parts = [r for s in (subjects(gov) if gov is not None else []) for r in refs_of(ctx, s)]
            parts = _parties(ctx, parts)
            if inst_tok is not None and len(parts) == 1:  # "Airbus signed an agreement"
                return [make(parts, [], city, count=count, instrument=instrument)]
        if len(parts) < 2:
            return []
        return [make(parts, [], city, count=count, instrument=instrument)]

    if trig.roles == "pledge":  # "announced $500 million in aid for Ukraine"
        obj = [o for o in objects(tok) if any(t.lower_ in AID_WORDS or t.lemma_.lower() in AID_WORDS
                                               for t in o.subtree)]
        if not obj or not agents:
            return []
        recipients = [r for o in obj for t in o.subtree if t.dep_ == "prep" and t.lower_ in ("for", "to")
                      for p in t.children if p.dep_ == "pobj" for r in refs_of(ctx, p, group=False, inner=True)]
        recipients += [r for p in preps(tok, {"for", "to"}) for r in refs_of(ctx, p, group=False, inner=True)]
        own = {ctx.offices.get(a) for a in agents} | set(agents)
        targets = [t for t in _uniq(recipients) if t not in own and ctx.kinds.get(t) in ("Person", "State", "Organization")]
        return [make([a for a in agents if ctx.kinds.get(a) in ("Person", "State", "Organization")], targets, city)]

    # praise, criticize, propose: an actor acting on a target
    if nominal:
        targets = [r for p in preps(tok, {"to", "for", "of", "on"}) for r in refs_of(ctx, p, inner=True)]
    elif _is_passive(tok):
        targets = [r for s in subjects(tok) for r in refs_of(ctx, s, inner=True)]
    else:
        direct = [r for o in objects(tok) for r in refs_of(ctx, o, group=False)]
        targets = direct or [r for o in objects(tok) for r in refs_of(ctx, o, group=False, inner=True)][:1]
        targets += [r for p in preps(tok, {"on", "to", "upon"}) for r in refs_of(ctx, p, inner=True)][:1]
    agents = [a for a in agents if ctx.kinds.get(a) in ("Person", "State", "Organization")]
    own = {ctx.offices.get(a) for a in agents} | set(agents)
    targets = [t for t in _uniq(targets) if t not in own and ctx.kinds.get(t) in ("Person", "State", "Organization")]
    if not agents or (trig.roles == "request" and not targets):
        return []
    return [make(agents, targets, city)]


def _parties(ctx: Context, parts: list[str]) -> list[str]:
    """Signing parties: the states that office holders sign for; companies stay themselves."""
    out = []
    for p in parts:
        out.append(ctx.offices.get(p, p) if ctx.kinds.get(p) == "Person" else p)
    return _uniq(out)


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
