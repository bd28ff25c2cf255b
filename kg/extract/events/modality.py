"""Whether a trigger tells something that happened: planned, negated, conditional and
hypothetical uses are not events ("will visit", "did not meet", "invited him to visit",
"the upcoming visit"); and which dates place a sentence in another time (background).

The words come from kg/lexicons: modals.txt, irrealis_heads.txt, irrealis_infinitive_heads.txt,
irrealis_modifiers.txt.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ... import lexicons
from ..doc import children, sentence_ents
from .syntax import SUBJ, governor, is_nominal

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

NEGATIONS = ("never",)  # beside the "neg" dependency
CONDITIONS = ("if", "unless", "whether")  # subordinators that make a clause hypothetical
CONDITIONAL_CLAUSES = ("if", "unless")
ARGUMENT_DEPS = ("nsubjpass", "nsubj", "dobj")  # "no agreement was signed"

_YEAR = re.compile(r"\b(19|20)\d\d\b")
_FULL_DATE = re.compile(r"\d{1,2},? (19|20)\d\d|(19|20)\d\d-\d")
_OTHER_TIME = re.compile(r"\b(last|previous) (year|month)|\b(years|months) (ago|earlier)|\bin the past\b")


def _purpose(h: Token) -> bool:
    """'were set to hold talks to discuss ...': a to-infinitive of purpose shares its head's mood."""
    return h.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(h))


def clause_chain(tok: Token) -> list[Token] | None:
    """The verbs whose mood governs this trigger, climbing through infinitives, bare coordinated
    verbs, prepositional clauses ("is scheduled to travel ... before heading to Havana") and
    participles used as prepositions ("following his trip");
    None when a planning or inviting verb governs it ("invited him to visit")."""
    heads = lexicons.words("irrealis_heads")
    chain = [tok]
    h = tok
    for _ in range(6):
        parent = h.head
        if parent.i == h.i:
            break
        lemma = parent.lemma_.lower()
        if _wished_or_meant(h, parent):
            return None
        if h.dep_ == "xcomp" or (h.dep_ == "ccomp" and lemma in heads) or _purpose(h):
            if lemma in heads or lemma in lexicons.words("irrealis_infinitive_heads"):
                return None
            h = parent
        elif h.dep_ == "conj" and h.tag_ in ("VB", "VBG") and not any(c.dep_ in SUBJ for c in children(h)):
            h = parent  # "will visit Paris and meet Moreau": meet shares the modal
        elif h.dep_ == "pcomp" and parent.dep_ == "prep":
            h = parent.head  # "before heading to Havana"
        elif h.dep_ == "prep" and h.tag_ == "VBG" and parent.pos_ in ("VERB", "AUX"):
            h = parent  # "will fly on to Lima following her stay in Quito"
        else:
            break
        chain.append(h)
    return chain


ORDINALS = ("first", "second", "third", "last", "only", "latest")  # "the first leader to visit": it happened


def _wished_or_meant(h: Token, parent: Token) -> bool:
    """A to-infinitive that tells a wish, a chance or a purpose, not a deed: under an adjective
    ("excited to meet", "eager to sign"), a noun ("an opportunity to meet", "his plan to visit";
    not "the first leader to visit"), or the purpose of being somewhere ("is here to attend")."""
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in children(h)):
        return False
    if parent.pos_ == "ADJ" and h.dep_ in ("xcomp", "advcl", "ccomp"):
        return True
    if parent.pos_ == "NOUN" and h.dep_ in ("acl", "relcl", "xcomp"):
        return not any(c.lower_ in ORDINALS for c in children(parent))
    return parent.lemma_.lower() == "be" and h.dep_ in ("advcl", "xcomp") and not any(
        c.dep_ in ("acomp", "attr") for c in children(parent))


def _has_no(tok: Token) -> bool:
    """'no agreement', 'no talks'."""
    return any(g.lower_ == "no" and g.dep_ == "det" for g in children(tok))


def _unrealising(c: Token) -> bool:
    """A dependent that makes its head not realised: a negation, a modal, a condition, a
    planning modifier ("upcoming"), a 'no' argument."""
    low = c.lower_
    dep = c.dep_
    return (dep == "neg" or low in NEGATIONS
            or (dep == "aux" and low in lexicons.words("modals"))
            or (dep == "aux" and c.tag_ == "TO" and c.head.dep_ == "ROOT")  # headline "X to visit Y"
            or (dep == "mark" and low in CONDITIONS)
            or (dep in ("amod", "compound") and low in lexicons.words("irrealis_modifiers"))
            or (dep in ARGUMENT_DEPS and _has_no(c)))


def _mood_chain(tok: Token) -> list[Token] | None:
    """The trigger's clause chain and its light verb's (None: a planning verb governs one)."""
    starts = [tok]
    gov = governor(tok) if is_nominal(tok) else None
    if gov is not None:
        starts.append(gov)
    chain: list[Token] = []
    for t in starts:
        part = clause_chain(t)
        if part is None:
            return None
        chain += part
    return chain


DENIAL_PATH = ("pcomp", "pobj", "prep", "dobj", "acl", "ccomp", "xcomp", "advmod")  # "denied reports that"


def _denied(tok: Token) -> bool:
    """Under a head of denial_heads.txt through objects, prepositions and complement clauses:
    "refrained from criticizing", "denied reports that X had met", "looks forward to the visit"."""
    heads = lexicons.words("denial_heads")
    h = tok
    for _ in range(8):
        if h.dep_ not in DENIAL_PATH or h.head.i == h.i:
            return False
        h = h.head
        lemma = h.lemma_.lower()
        if lemma in heads and (lemma != "look" or any(c.lower_ == "forward" for c in children(h))):
            return True
    return False


def _headline_infinitive(chain: list[Token]) -> bool:
    """'Kenya and Chile to hold talks': a sentence whose main verb is a bare to-infinitive announces."""
    return any(t.dep_ == "ROOT" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(t)) for t in chain)


def realis(tok: Token) -> bool:
    """False for planned, negated, denied, conditional or hypothetical uses of a trigger."""
    chain = _mood_chain(tok)
    if chain is None or _headline_infinitive(chain) or any(_denied(t) for t in chain):
        return False
    for t in chain:
        kids = list(children(t))
        if any(_unrealising(c) for c in kids):
            return False
        if any(c.lower_ == "yet" for c in kids) and any(c.dep_ == "xcomp" for c in kids):
            return False  # "has yet to speak to"
        if t.dep_ == "advcl" and any(c.lower_ in CONDITIONAL_CLAUSES for c in kids):
            return False
    if is_nominal(tok):
        if _has_no(tok):
            return False
        if tok.dep_ == "pobj" and tok.head.lower_ == "ahead":
            return False
    return True


def background_dates(sent: Span) -> list[Span]:
    """Dates of another time: a bare year, 'last year', 'years ago', 'in March last year'."""
    out = []
    for e in sentence_ents(sent):
        if e.label_ == "DATE":
            low = e.text.lower()
            if (_YEAR.search(low) and not _FULL_DATE.search(low)) or _OTHER_TIME.search(low):
                out.append(e)
    return out
