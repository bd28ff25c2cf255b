"""Extraction: a parsed article -> ArticleExtraction (mentions, offices, events).

    extract_article(doc, article) runs, in order: mentions -> name clusters -> offices ->
    descriptions and pronouns -> entity refs -> events.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .. import lexicons
from ..text import slug
from ..types import Article, ArticleExtraction, Mention, RelationMention
from . import coref as _coref
from .events import build_context, evidence, find_events
from .lexicon import Lexicon, fold, load_lexicon
from .mentions import drop_caches, find_mentions, styled_forms, tokens

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["extract_article", "extract_corpus", "load_lexicon"]

log = logging.getLogger(__name__)


def extract_corpus(nlp: Language, articles: Iterable[Article], *, cache=None, batch_size: int = 16,
                   n_process: int = 1, progress=None) -> list[ArticleExtraction]:
    """Extract a stream of articles, in input order, reading what the cache holds and parsing
    the rest with nlp.pipe (n_process > 1: spaCy's worker processes). The article text is
    dropped from each result, so memory grows with the graph, not with the corpus."""
    from dataclasses import replace

    lex = load_lexicon()
    results: dict[int, ArticleExtraction] = {}
    parsed = 0

    def done(i: int, ex: ArticleExtraction) -> None:
        ex.article = replace(ex.article, text="")
        results[i] = ex
        if progress:
            progress(len(results))

    def uncached():
        for i, a in enumerate(articles):
            hit = cache.get(a) if cache else None
            if hit is not None:
                done(i, hit)
            else:
                yield a.parse_text(), (i, a)

    for doc, (i, a) in nlp.pipe(uncached(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        ex = extract_article(doc, a, lex)
        parsed += 1
        if cache:
            cache.put(a, ex)
        done(i, ex)
    log.debug("extracted %d articles (%d parsed, %d from the cache): %d mentions, %d event mentions",
              len(results), parsed, len(results) - parsed, sum(len(x.mentions) for x in results.values()),
              sum(len(x.events) for x in results.values()))
    return [results[i] for i in sorted(results)]


def extract_article(doc: Doc, article: Article, lex: Lexicon | None = None) -> ArticleExtraction:
    """Everything kg reads from one parsed article."""
    try:
        return _extract(doc, article, lex or load_lexicon())
    finally:
        drop_caches(doc)  # the token lists refer back to the doc: a cycle that would keep it alive


def _extract(doc: Doc, article: Article, lex: Lexicon) -> ArticleExtraction:
    mentions = find_mentions(doc, lex)
    co = _coref.cluster_names(mentions)
    _coref.read_offices(doc, mentions, co, lex)
    _coref.counterpart_offices(co)
    _coref.resolve_descriptions(doc, mentions, co, lex)
    _coref.resolve_pronouns(doc, mentions, co)
    _coref.guess_office_states(doc, mentions, co)
    refs, labels = _entity_refs(doc, mentions, co, lex)
    result = ArticleExtraction(article, mentions, refs=refs, labels=labels, styled=_styled(doc, mentions, refs))
    offices: dict[str, str] = {}
    for c, offs in co.offices.items():
        person = refs.get(c)
        for o in offs:
            if person and o.state and o.relation in ("leader_of", "official_of"):
                ev = evidence(article, doc[mentions[o.mention].start].sent)
                conf = _coref.GUESSED_CONFIDENCE if o.guessed else 1.0
                result.relations.append(RelationMention(o.mention, o.relation, f"state/{o.state}", o.role, ev, conf))
                offices.setdefault(person, f"state/{o.state}")

    def state_of_place(ref: str) -> str | None:
        return lex.state_of_place(labels.get(ref, ref.split("/")[-1]))

    groups = _coref.resolve_groups(mentions, refs, offices, _state_pairs(doc, mentions, refs))
    ctx = build_context(doc, mentions, refs, offices, lex, article, state_of_place, groups)
    result.events = find_events(ctx)
    return result


def _entity_refs(doc: Doc, mentions, co, lex: Lexicon) -> tuple[dict[int, str], dict[str, str]]:
    """Mention index -> entity ref, and ref -> display label."""
    refs: dict[int, str] = {}
    labels: dict[str, str] = {}
    cluster_ref: dict[int, str] = {}
    for c, names in co.names.items():
        best = max((mentions[i].text for i in names), key=lambda t: (len(t.split()), len(t)))
        cluster_ref[c] = f"person/{slug(best)}"
        labels[cluster_ref[c]] = best
    for i, m in enumerate(mentions):
        if m.type == "Person":
            c = co.cluster.get(i)
            if c is not None and c in cluster_ref:
                refs[i] = cluster_ref[c]
        elif m.type == "State" and m.key:
            refs[i] = f"state/{m.key}"
        elif m.type == "Place" and m.kind == "capital":
            caps = lex.states[m.key].capitals if m.key in lex.states else ()
            if caps:
                refs[i] = f"place/{slug(caps[0][0])}"
                labels.setdefault(refs[i], caps[0][0])
        elif m.type in ("Place", "Organization"):
            label = lex.capital_names.get(fold(m.text)) or _display(m.text)
            ref = f"{'place' if m.type == 'Place' else 'org'}/{slug(label)}"
            if slug(label):
                refs[i] = ref
                labels.setdefault(ref, label)
    _link_abbreviations(doc, mentions, refs)
    _link_short_forms(mentions, refs, lex)
    return refs, labels


def _styled(doc: Doc, mentions: list[Mention], refs: dict[int, str]) -> dict[str, list[str]]:
    """Person ref -> its names as written with honorifics ("King Salman", "Sheikh Tamim")."""
    out: dict[str, list[str]] = {}
    for i, m in enumerate(mentions):
        if m.type == "Person" and m.kind == "name" and i in refs:
            for form in styled_forms(doc, m.start, m.end):
                if form not in out.setdefault(refs[i], []):
                    out[refs[i]].append(form)
    return out


def _state_pairs(doc: Doc, mentions, refs: dict[int, str]) -> list[tuple[int, frozenset[str]]]:
    """Where two states are named together ('Saudi Arabia and Iran'): (token, pair)."""
    state_at = {k: refs[i] for i, m in enumerate(mentions) if i in refs and m.type == "State" and m.kind == "name"
                for k in range(m.start, m.end)}
    out = []
    for k, ref in state_at.items():
        for c in tokens(doc)[k].children:
            other = state_at.get(c.i)
            if c.dep_ == "conj" and other and other != ref:
                out.append((k, frozenset((ref, other))))
    return out


def _display(text: str) -> str:
    """'MOSCOW' -> 'Moscow'; other names stay as written."""
    return text.title() if text.isupper() and len(text) > 4 else text


def _link_abbreviations(doc: Doc, mentions, refs: dict[int, str]) -> None:
    """'Korean Central News Agency (KCNA)': the abbreviation names the same organisation."""
    by_start = {m.start: i for i, m in enumerate(mentions)}
    for i, m in enumerate(mentions):
        if m.type != "Organization" or i not in refs:
            continue
        if m.end + 2 < len(doc) and tokens(doc)[m.end].text == "(":
            j = by_start.get(m.end + 1)
            if j is not None and doc[mentions[j].end].text == ")" and mentions[j].type == "Organization":
                refs[j] = refs[i]


_NUMBERS = lexicons.mapping("numbers.tsv", "word", "value")  # "seven" -> "7"


def _initials(name: str) -> str:
    """'International Monetary Fund' -> 'IMF'; 'Group of Seven' -> 'G7'."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in ("of", "the", "and", "for", "&")]
    return "".join(_NUMBERS.get(w.lower(), w[0].upper()) for w in words if w)


def _link_short_forms(mentions, refs: dict[int, str], lex: Lexicon) -> None:
    """An acronym names the organisation it abbreviates ('IMF'); a one-word place names the
    venue it starts ('Incirlik' of 'Incirlik Air Base')."""
    orgs = {m.text: refs[i] for i, m in enumerate(mentions) if i in refs and m.type == "Organization" and " " in m.text}
    by_initials = {}
    for text, ref in orgs.items():
        by_initials.setdefault(_initials(text), set()).add(ref)
    places = [(m.text.split(), refs[i]) for i, m in enumerate(mentions) if i in refs and m.type == "Place"]
    for i, m in enumerate(mentions):
        if i not in refs:
            continue
        if m.type == "Organization" and " " not in m.text and m.text.upper() == m.text:
            hit = by_initials.get(m.text.replace(".", ""))
            if hit and len(hit) == 1:
                refs[i] = next(iter(hit))
        elif m.type == "Place" and " " not in m.text:
            longer = {ref for words, ref in places if len(words) > 1 and words[0] == m.text
                      and lex.name_heads.get(words[-1].lower()) == "place"}
            if len(longer) == 1:
                refs[i] = longer.pop()
