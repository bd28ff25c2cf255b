"""What extraction reads of a spaCy Doc many times, made once per doc and kept in its user_data:
the token list, the token texts and spaces, the entities of each sentence. drop_caches forgets
them (the token lists refer back to the doc: a cycle that would keep it alive)."""
from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["drop_caches", "sentence_ents", "span_text", "tokens"]


def tokens(doc: Doc) -> list[Token]:
    """The doc's tokens, made once per doc: spaCy makes a new Token object at every doc[i] and
    at every pass over the doc, which was most of extraction's time."""
    cached = doc.user_data.get("kg_toks")
    if cached is None:
        cached = doc.user_data["kg_toks"] = list(doc)
    return cached


def drop_caches(doc: Doc) -> None:
    """Forget what tokens(), sentence_ents(), span_text() and events.match_trigger keep on the doc."""
    for key in ("kg_toks", "kg_sent_ents", "kg_tokens", "kg_headline", "kg_triggers"):
        doc.user_data.pop(key, None)


def sentence_ents(sent: Span) -> list[Span]:
    """sent.ents, with the doc's entities split by sentence once per doc (Span.ents rebuilds
    every entity of the doc at each call)."""
    doc = sent.doc
    cached: dict[int, list[Span]] | None = doc.user_data.get("kg_sent_ents")
    if cached is None:
        starts = [s.start for s in doc.sents]
        ends = {s.start: s.end for s in doc.sents}
        cached = doc.user_data["kg_sent_ents"] = {s: [] for s in starts}
        for e in doc.ents:
            first = starts[bisect_right(starts, e.start) - 1]
            if e.end <= ends[first]:
                cached[first].append(e)
    return cached.get(sent.start, [])


def span_text(doc: Doc, i: int, j: int) -> str:
    """doc[i:j].text without building a Span: a slice of the doc's text, from the first token's
    start to the last one's end (the text and the offsets are read once per doc; the text is its
    tokens' texts and spaces, so the slice is their join)."""
    cached = doc.user_data.get("kg_tokens")
    if cached is None:
        toks = tokens(doc)
        cached = doc.user_data["kg_tokens"] = (doc.text, [t.idx for t in toks], [t.idx + len(t.text) for t in toks])
    text, starts, ends = cached
    return text[starts[i]:ends[j - 1]] if j > i else ""
