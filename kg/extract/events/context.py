"""What the event rules read about one article: its parse, mentions, entity refs and offices,
the lexicon, and the token -> mention index they look arguments up in."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...types import Article, EntityRef, EntityType, Evidence, Mention
from ..doc import descends, tokens
from ..lexicon import Lexicon, Trigger

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

StateOfPlace = Callable[[str], str | None]  # place ref -> ISO code of its state, None for a venue


@dataclass(frozen=True, slots=True)
class Context:
    doc: Doc
    mentions: list[Mention]
    refs: dict[int, EntityRef]  # mention index -> entity ref ("state/IR", "person/ebrahim-raisi", ...)
    kinds: dict[EntityRef, EntityType]  # entity ref -> type
    offices: dict[EntityRef, EntityRef]  # person ref -> state ref
    at: dict[int, int]  # token index -> mention index (the mention the token heads)
    lex: Lexicon
    article: Article
    state_of_place: StateOfPlace
    groups: dict[int, tuple[EntityRef, ...]]  # token of a group ("the two presidents") -> its members
    holders: dict[EntityRef, dict[EntityRef, str]] = field(default_factory=dict)  # state -> person -> relation
    starts: tuple[int, ...] = ()  # the mentions' first tokens, in order (with `by_start`: mentions_in)
    by_start: tuple[int, ...] = ()  # mention indices in the order of their first tokens

    def ref_at(self, i: int) -> EntityRef | None:
        """The entity ref of the mention covering token i, if any."""
        m = self.at.get(i)
        return self.refs[m] if m is not None else None

    def mentions_in(self, start: int, end: int) -> list[int]:
        """The indices, in order, of the mentions whose first token lies in [start, end)."""
        return sorted(self.by_start[bisect_left(self.starts, start):bisect_left(self.starts, end)])

    def type_at(self, i: int) -> str | None:
        """The entity type of the mention covering token i, if any."""
        m = self.at.get(i)
        return self.mentions[m].type if m is not None else None


def build_context(doc: Doc, mentions: list[Mention], refs: dict[int, EntityRef], offices: dict[EntityRef, EntityRef],
                  lex: Lexicon, article: Article, state_of_place: StateOfPlace,
                  groups: dict[int, tuple[EntityRef, ...]] | None = None,
                  holders: dict[EntityRef, dict[EntityRef, str]] | None = None) -> Context:
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
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    return Context(doc, mentions, refs, kinds, offices, at, lex, article, state_of_place, by_token, holders or {},
                   tuple(mentions[i].start for i in order), tuple(order))


def match_trigger(tok: Token, lex: Lexicon) -> Trigger | None:
    """The longest trigger whose head lemma is this token and whose other words are nearby, in its subtree
    (a noun compound hangs on its last word: "phone" is a child of "conversation")."""
    doc = tok.doc
    known: dict[tuple[int, int], Trigger | None] = doc.user_data.setdefault("kg_triggers", {})  # (see drop_caches)
    key = (id(lex), tok.i)
    if key not in known:
        known[key] = _match_trigger(tok, lex)
    return known[key]


def _match_trigger(tok: Token, lex: Lexicon) -> Trigger | None:
    tag = tok.pos_
    if tag not in ("VERB", "AUX", "NOUN", "PROPN"):
        return None
    lemma = tok.lemma_.lower()
    i = tok.i
    if i >= 2:
        toks = tokens(tok.doc)
        if toks[i - 1].text == "-" and toks[i - 2].lower_ == "co" and not toks[i - 2].whitespace_:
            lemma = "co-" + lemma  # "co-chaired", split by the tokenizer into co / - / chaired
    if tag == "VERB" or (tag == "AUX" and lemma not in ("be", "have", "do")):
        pos = "VERB"
    elif tag in ("NOUN", "PROPN"):
        pos = "NOUN"
    else:
        return None
    for trig in lex.trigger_heads.get((pos, lemma), ()):
        if _phrase_here(tok, trig):
            return trig
    return None


def _phrase_here(tok: Token, trig: Trigger) -> bool:
    """The trigger's other words are in the token's subtree, near it; a verb's particle that ends
    the phrase follows the verb ("called on X to", not "called X on Sunday")."""
    rest = list(trig.words)
    rest.remove(trig.head)
    toks, i = tokens(tok.doc), tok.i  # the subtree's tokens within 4 of it (not the whole subtree walked)
    near = [t for t in toks[max(0, i - 4):i + 5] if t.i != i and descends(tok.doc, t.i, i)]
    if not all(any(t.lemma_.lower() == w for t in near) for w in rest):
        return False
    last = trig.words[-1]
    if trig.pos == "VERB" and any(t.lemma_.lower() == last and t.pos_ in ("ADP", "PART", "ADV") for t in near):
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else tok
        return last in (nxt.lower_, nxt.lemma_.lower())
    return True


def evidence(article: Article, sent: Span) -> Evidence:
    """The sentence as written in the article (not as parsed), with its character offsets."""
    text = article.text[sent.start_char:sent.end_char]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return Evidence(article.id, sent.start_char + lead, sent.start_char + lead + len(text), text)
