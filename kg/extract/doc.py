"""What extraction reads of a spaCy Doc many times, made once per doc and kept in its user_data:
the token list, the text and token offsets, the sentences, the entities (and those of each
sentence), the head indices and each token's children. spaCy makes a new Token or Span at every
doc[i], pass over a span, tok.children, doc.sents and doc.ents. drop_caches forgets them (the
lists refer back to the doc: a cycle that would keep it alive)."""
from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["children", "descends", "doc_text", "drop_caches", "entities", "sentence_ents", "sentence_index",
           "sentence_of", "sentences", "span_text", "tokens"]


def tokens(doc: Doc) -> list[Token]:
    """The doc's tokens, made once per doc: spaCy makes a new Token object at every doc[i] and
    at every pass over the doc, which was most of extraction's time."""
    cached = doc.user_data.get("kg_toks")
    if cached is None:
        cached = doc.user_data["kg_toks"] = list(doc)
    return cached


def drop_caches(doc: Doc) -> None:
    """Forget what this module's functions and events.match_trigger keep on the doc."""
    for key in ("kg_toks", "kg_sent_ents", "kg_tokens", "kg_headline", "kg_triggers", "kg_sents", "kg_ents",
                "kg_sent_starts", "kg_heads", "kg_kids"):
        doc.user_data.pop(key, None)


def descends(doc: Doc, k: int, i: int) -> bool:
    """Whether token k lies under token i in the parse (tok_i.is_ancestor(tok_k)), walked on the
    head indices, read once per doc, without making a Token per step."""
    heads = _heads(doc)
    for _ in range(len(heads)):
        up = heads[k]
        if up == i:
            return True
        if up == k:
            return False
        k = up
    return False


def children(tok: Token) -> tuple[Token, ...]:
    """tuple(tok.children): the tokens whose head it is, in text order, from a table made once
    per doc (each pass over tok.children makes a Token per child)."""
    doc = tok.doc
    table: list[tuple[Token, ...]] | None = doc.user_data.get("kg_kids")
    if table is None:
        heads, toks = _heads(doc), tokens(doc)
        kids: list[list[Token]] = [[] for _ in toks]
        for k, h in enumerate(heads):
            if h != k:
                kids[h].append(toks[k])
        table = doc.user_data["kg_kids"] = [tuple(x) for x in kids]
    return table[tok.i]


def _heads(doc: Doc) -> list[int]:
    """Each token's head index, read once per doc."""
    heads: list[int] | None = doc.user_data.get("kg_heads")
    if heads is None:
        from spacy.attrs import HEAD

        offsets = doc.to_array([HEAD]).astype("int64").reshape(-1).tolist() if len(doc) else []
        heads = doc.user_data["kg_heads"] = [j + d for j, d in enumerate(offsets)]
    return heads


def sentences(doc: Doc) -> list[Span]:
    """list(doc.sents), made once per doc (each pass over doc.sents makes every sentence anew)."""
    cached: list[Span] | None = doc.user_data.get("kg_sents")
    if cached is None:
        cached = doc.user_data["kg_sents"] = list(doc.sents)
    return cached


def sentence_index(doc: Doc, i: int) -> int:
    """The index in sentences() of the sentence that holds token i (the last to start at or before it)."""
    starts: list[int] | None = doc.user_data.get("kg_sent_starts")
    if starts is None:
        starts = doc.user_data["kg_sent_starts"] = [s.start for s in sentences(doc)]
    return bisect_right(starts, i) - 1


def sentence_of(doc: Doc, i: int) -> Span:
    """doc[i].sent: the sentence that holds token i, without walking to its ends (a pipeline with
    its own sentence hooks is asked instead)."""
    if "sent" in doc.user_hooks or "sents" in doc.user_hooks:
        return doc[i].sent
    return sentences(doc)[sentence_index(doc, i)]


def entities(doc: Doc) -> tuple[Span, ...]:
    """doc.ents, made once per doc (each read of doc.ents makes every entity span anew)."""
    cached: tuple[Span, ...] | None = doc.user_data.get("kg_ents")
    if cached is None:
        cached = doc.user_data["kg_ents"] = tuple(doc.ents)
    return cached


def sentence_ents(sent: Span) -> list[Span]:
    """sent.ents, with the doc's entities split by sentence once per doc (Span.ents rebuilds
    every entity of the doc at each call)."""
    doc = sent.doc
    cached: dict[int, list[Span]] | None = doc.user_data.get("kg_sent_ents")
    if cached is None:
        sents = sentences(doc)
        cached = doc.user_data["kg_sent_ents"] = {s.start: [] for s in sents}
        for e in entities(doc):
            first = sents[sentence_index(doc, e.start)]
            if e.end <= first.end:
                cached[first.start].append(e)
    return cached.get(sent.start, [])


def span_text(doc: Doc, i: int, j: int) -> str:
    """doc[i:j].text without building a Span: a slice of the doc's text, from the first token's
    start to the last one's end (the text and the offsets are read once per doc; the text is its
    tokens' texts and spaces, so the slice is their join)."""
    text, starts, ends = _text_offsets(doc)
    return text[starts[i]:ends[j - 1]] if j > i else ""


def doc_text(doc: Doc) -> str:
    """doc.text, read once per doc."""
    return _text_offsets(doc)[0]


def _text_offsets(doc: Doc) -> tuple[str, list[int], list[int]]:
    """The doc's text (joined from the token list: doc.text makes every token anew) and each
    token's start and end offset."""
    cached: tuple[str, list[int], list[int]] | None = doc.user_data.get("kg_tokens")
    if cached is None:
        toks = tokens(doc)
        cached = doc.user_data["kg_tokens"] = ("".join(t.text_with_ws for t in toks), [t.idx for t in toks],
                                               [t.idx + len(t.text) for t in toks])
    return cached
