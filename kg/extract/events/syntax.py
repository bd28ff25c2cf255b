"""Walks over the dependency parse that the event rules share: subjects, objects, prepositional
objects, conjuncts, the verb governing a noun trigger and the verb heading a clause."""
from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, TypeVar

from ..doc import children

if TYPE_CHECKING:
    from spacy.tokens import Token

# dependency labels (grammar, not words)
SUBJ = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJ = frozenset({"dobj", "obj", "attr", "oprd"})
RELATIVE_PRONOUNS = ("who", "which", "that")

T = TypeVar("T")


def uniq(xs: Iterable[T]) -> list[T]:
    """The items in first-seen order, each once."""
    return list(dict.fromkeys(xs))


def is_nominal(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN")


PARTITIVES = ("round", "session", "series", "day", "couple")  # "held a round of talks"


def governor(tok: Token) -> Token | None:
    """The verb a noun trigger depends on ("held" for "held talks", "held a round of talks")."""
    head = tok.head
    while head.i != tok.i and head.pos_ == "ADP":
        head = head.head
        if head.lemma_.lower() in PARTITIVES and head.pos_ == "NOUN" and head.head.i != head.i:
            head = head.head  # "a round of talks", "a series of meetings"
    return head if head.i != tok.i and head.pos_ in ("VERB", "AUX") else None


def clause_verb(tok: Token) -> Token:
    """The verb heading the clause a token belongs to."""
    t = tok
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def pluperfect(tok: Token) -> bool:
    """'had visited', 'had held talks'."""
    head = governor(tok) if is_nominal(tok) else tok
    return head is not None and any(c.dep_ == "aux" and c.lower_ == "had" for c in children(head))


def conjuncts(tok: Token) -> list[Token]:
    """The tokens coordinated with this one ("X, Y and Z"), depth first."""
    out = []
    for c in children(tok):
        if c.dep_ == "conj":
            out += [c, *conjuncts(c)]
    return out


def _subject_step(t: Token) -> Token | None:
    """Where a verb without a subject of its own inherits one from, if anywhere."""
    if t.dep_ in ("conj", "advcl", "xcomp", "ccomp") and t.head.i != t.i:  # ccomp: "X accompanied by ... arrived"
        return t.head
    if t.dep_ == "pcomp" and t.head.dep_ == "prep":  # "..., before holding talks"
        return t.head.head
    return None


def _antecedent(tok: Token, pronouns: list[Token]) -> Token:
    """What a relative pronoun stands for: its head; but for 'who' after a common noun in an 'of'
    phrase, the noun that phrase qualifies ("the leaders of the two nations, who talked"); and for
    a description in apposition, the name it describes ("Lena Kask, deputy premier and trade
    minister, who is in town": Lena Kask)."""
    if any(p.lower_ == "who" for p in pronouns) and tok.pos_ == "NOUN" and tok.dep_ == "pobj" \
            and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN"):
        return tok.head.head
    t = tok
    for _ in range(4):
        described = t.dep_ == "appos" or (t.dep_ == "conj" and t.pos_ == "NOUN" and t.head.pos_ == "PROPN")
        if not described or t.head.i == t.i:
            break  # (a title parsed as a conjunct of the name is a description too)
        t = t.head
    return t


def subjects(tok: Token) -> list[Token]:
    """Grammatical subjects of a verb, inherited through coordination and participles."""
    t = tok
    for _ in range(6):
        subs = [c for c in children(t) if c.dep_ in SUBJ]
        if subs and t.dep_ == "relcl" and all(c.lower_ in RELATIVE_PRONOUNS for c in subs):
            return [_antecedent(t.head, subs)]  # "Okello, who first visited France": the relative pronoun is Okello
        if subs:
            return subs
        step = _subject_step(t)
        if step is not None:
            t = step
            continue
        if t.dep_ in ("acl", "relcl"):
            return [t.head]
        if t.dep_ in ("dep", "appos") and t.head.pos_ in ("PROPN", "NOUN", "PRON") and t.head.i < t.i:
            return [t.head]  # "Kask, heading a delegation, arrived ..." parsed with the verb under the name
        break
    return []


def passive_agents(tok: Token) -> list[Token]:
    """The objects of a passive verb's 'by' phrase."""
    return [g for c in children(tok) if c.dep_ == "agent" for g in children(c) if g.dep_ == "pobj"]


def preps(tok: Token, words: Collection[str]) -> list[Token]:
    """The objects of the token's prepositions among words ("with X", "in Y")."""
    return [g for c in children(tok) if c.dep_ == "prep" and c.lower_ in words for g in children(c) if g.dep_ == "pobj"]


def objects(tok: Token) -> list[Token]:
    return [c for c in children(tok) if c.dep_ in OBJ]


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in children(tok))
