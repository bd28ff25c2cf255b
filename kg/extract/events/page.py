"""Page furniture: lines of a published page that are not the story's sentences and tell no
event. After the lead paragraph, a short line without final punctuation is a related-article
link, a sub-heading, a caption or a credit ("READ ALSO: ...", "Photo: ...", "- AAP"); and an
excerpt cut off mid-sentence ends in a sentence without final punctuation, whose parse is a
guess. Lines before the lead (the headline) stay: a headline reports the main event.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...types import Article
from ..doc import sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

FINAL = ".!?\"'”’)]"  # a line of prose ends in one of these
CONTINUED = ";:,"  # list items and introductions ("the deals include:") continue the story
LEAD_MIN = 100  # the lead paragraph: the first line at least this long that ends a sentence
FURNITURE_MAX = 120  # a line after the lead shorter than this, without final punctuation, is furniture


def _lead_start(text: str) -> int | None:
    """Character offset of the lead paragraph, None if the text has none (a headline alone)."""
    pos = 0
    for line in text.splitlines(keepends=True):
        clean = line.strip()
        if len(clean) >= LEAD_MIN and clean[-1] in FINAL:
            return pos
        pos += len(line)
    return None


def _line_at(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start:end if end >= 0 else len(text)].strip()


def _last_sentence(doc: Doc) -> Span | None:
    sents = [s for s in sentences(doc) if any(t.is_alpha for t in s)]
    return sents[-1] if sents else None


def furniture(article: Article, doc: Doc) -> set[int]:
    """Start tokens of the sentences that are page furniture or a cut-off last sentence."""
    lead = _lead_start(article.text)
    if lead is None:
        return set()
    out = set()
    for sent in sentences(doc):
        if sent.start_char <= lead:
            continue
        line = _line_at(article.text, sent.start_char)
        if line and len(line) < FURNITURE_MAX and line[-1] not in FINAL + CONTINUED:
            out.add(sent.start)
    last = _last_sentence(doc)
    if last is not None and last.start_char > lead and last.text.strip()[-1] not in FINAL:
        out.add(last.start)
    return out
