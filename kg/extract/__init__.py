"""Extraction: a parsed article -> ArticleExtraction (mentions, offices, events).

    extract_article(doc, article) runs, in order: mentions -> name clusters -> offices ->
    descriptions and pronouns -> entity refs -> events.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from .. import lexicons
from ..text import key_name, slug
from ..types import Article, ArticleExtraction, EntityRef, EventMention, Mention, RelationMention
from . import coref as _coref
from .doc import children, drop_caches, sentence_of, tokens
from .events import build_context, evidence, find_events
from .lexicon import Lexicon, fold, load_lexicon
from .mentions import find_mentions, styled_forms
from .organizations import dateline_mentions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..cache import Cache

__all__ = ["extract_article", "extract_corpus", "iter_extractions", "load_lexicon"]

log = logging.getLogger(__name__)


def extract_corpus(nlp: Language, articles: Iterable[Article], *, cache: Cache | None = None, batch_size: int = 16,
                   n_process: int = 1, progress: Callable[[int], None] | None = None) -> list[ArticleExtraction]:
    """iter_extractions as a list."""
    return list(iter_extractions(nlp, articles, cache=cache, batch_size=batch_size, n_process=n_process,
                                 progress=progress))


def iter_extractions(nlp: Language, articles: Iterable[Article], *, cache: Cache | None = None,
                     batch_size: int = 16, n_process: int = 1,
                     progress: Callable[[int], None] | None = None) -> Iterator[ArticleExtraction]:
    """The extractions of a stream of articles, in input order, each handed out as soon as it is
    made, so that none need be kept: what the cache holds is read, the rest parsed with nlp.pipe
    and extracted here, or (n_process > 1) parsed and extracted in n_process worker processes
    (kg.extract.batches). A cache hit goes through the parser as an empty text (0.03 ms), which
    keeps the order without holding results back. The article text is dropped from each result."""
    if n_process > 1:
        from .batches import extract_in_processes

        yield from extract_in_processes(nlp, articles, processes=n_process, batch_size=batch_size, cache=cache,
                                        progress=progress)
        return
    lex = load_lexicon()
    parsed = done = 0

    def texts() -> Iterator[tuple[str, tuple[Article, ArticleExtraction | None]]]:
        for a in articles:
            hit = cache.get(a) if cache else None
            yield ("" if hit is not None else a.parse_text()), (a, hit)

    from ..nlp import pipe

    for doc, (a, hit) in pipe(nlp, texts(), batch_size=batch_size):  # any length
        ex = hit
        if ex is None:
            ex = extract_article(doc, a, lex)
            parsed += 1
            if cache:
                cache.put(a, ex)
        done += 1
        if progress:
            progress(done)
        yield replace(ex, article=replace(ex.article, text=""))
    log.debug("extracted %d articles (%d parsed, %d from the cache)", done, parsed, done - parsed)


def extract_article(doc: Doc, article: Article, lex: Lexicon | None = None) -> ArticleExtraction:
    """Everything kg reads from one parsed article."""
    try:
        return _extract(doc, article, lex or load_lexicon())
    finally:
        drop_caches(doc)  # the token lists refer back to the doc: a cycle that would keep it alive


def _extract(doc: Doc, article: Article, lex: Lexicon) -> ArticleExtraction:
    mentions = find_mentions(doc, lex)
    extra = dateline_mentions(doc, article, lex)
    if extra:  # the dateline's place and agencies, which the parser does not see
        mentions = sorted(mentions + extra, key=lambda m: (m.start, m.end, m.char_start))
    co = _coref.cluster_names(mentions, _coref.spouses(doc, mentions))
    _coref.read_offices(doc, mentions, co, lex)
    _coref.counterpart_offices(co)
    _coref.resolve_descriptions(doc, mentions, co, lex)
    _coref.resolve_pronouns(doc, mentions, co)
    _coref.guess_office_states(doc, mentions, co)
    mentions += [m for m in _dateline_place(article, lex) if all(x.char_start != m.char_start for x in mentions)]
    refs, labels = _entity_refs(doc, mentions, co, lex)
    relations: list[RelationMention] = []
    offices: dict[EntityRef, EntityRef] = {}  # person -> the state they hold office in
    holders: dict[EntityRef, dict[EntityRef, str]] = {}  # state -> person -> leader_of | official_of
    for c, offs in co.offices.items():
        person = refs.get(c)
        for o in offs:
            if person and o.state and o.relation in ("leader_of", "official_of"):
                ev = evidence(article, sentence_of(doc, mentions[o.mention].start))
                state = EntityRef(f"state/{o.state}")
                conf = _coref.GUESSED_CONFIDENCE if o.guessed else 1.0
                relations.append(RelationMention(o.mention, o.relation, state, o.role, ev, conf))
                offices.setdefault(person, state)
                holders.setdefault(state, {}).setdefault(person, o.relation)

    regions = {refs[i] for i, m in enumerate(mentions) if m.type == "Place" and m.key == "region" and i in refs}

    def state_of_place(ref: str) -> str | None:
        if ref in regions:
            return None  # "the X region" is no city of the same name elsewhere
        return lex.state_of_place(labels.get(EntityRef(ref), ref.split("/")[-1]))

    groups = _coref.resolve_groups(mentions, refs, offices, _state_pairs(doc, mentions, refs))
    ctx = build_context(doc, mentions, refs, offices, lex, article, state_of_place, groups, holders)
    events: list[EventMention] = find_events(ctx)
    return ArticleExtraction(article, tuple(mentions), tuple(relations), tuple(events), refs, labels,
                             _styled(doc, mentions, refs))


def _dateline_place(article: Article, lex: Lexicon) -> list[Mention]:
    """The dateline's city ("NAIROBI, May 2 —") as a Place mention; the parser never saw it (the
    dateline is blanked), so it covers no token. Only a city the gazetteer places in a state."""
    name, span = article.dateline_place, article.dateline
    if not name or span is None or lex.state_of_place(name) is None:
        return []
    return [Mention(0, 0, span[0], span[0] + len(name), name, "Place")]


def _entity_refs(doc: Doc, mentions: list[Mention], co: _coref.Coref,
                 lex: Lexicon) -> tuple[dict[int, EntityRef], dict[EntityRef, str]]:
    """Mention index -> entity ref, and ref -> display label."""
    refs: dict[int, EntityRef] = {}
    labels: dict[EntityRef, str] = {}
    cluster_ref: dict[int, EntityRef] = {}
    for c, names in co.names.items():
        best = max((mentions[i].text for i in names), key=lambda t: (len(t.split()), len(t)))
        cluster_ref[c] = EntityRef(f"person/{key_name(best)}")
        labels[cluster_ref[c]] = best
    for i, m in enumerate(mentions):
        if m.type == "Person":
            cl = co.cluster.get(i)
            if cl is not None and cl in cluster_ref:
                refs[i] = cluster_ref[cl]
        elif m.type == "State" and m.key:
            refs[i] = EntityRef(f"state/{m.key}")
        elif m.type == "Place" and m.kind == "capital":
            caps = lex.states[m.key].capitals if m.key in lex.states else ()
            if caps:
                refs[i] = EntityRef(f"place/{slug(caps[0][0])}")
                labels.setdefault(refs[i], caps[0][0])
        elif m.type in ("Place", "Organization"):
            label = (m.key if m.type == "Organization" else "") or lex.capital_names.get(fold(m.text)) \
                or _display(m.text)  # an agency's key is its name
            ref = EntityRef(f"{'place' if m.type == 'Place' else 'org'}/{slug(label)}")
            if slug(label):
                refs[i] = ref
                labels.setdefault(ref, label)
    _link_same_text(mentions, refs)
    _link_place_variants(mentions, refs, lex)
    _link_abbreviations(doc, mentions, refs)
    _link_short_forms(mentions, refs, lex)
    _link_synonyms(doc, mentions, refs, lex)
    return refs, labels


def _link_place_variants(mentions: list[Mention], refs: dict[int, EntityRef], lex: Lexicon) -> None:
    """Two names of one place in an article: "Delhi" and "New Delhi" when the gazetteer puts both
    in one state (not "York" and "New York"); "Cook Island" and "Cook Islands". The fuller
    name's ref wins."""
    places = {fold(m.text): refs[i] for i, m in enumerate(mentions) if i in refs and m.type == "Place"}
    for i, m in enumerate(mentions):
        if i not in refs or m.type != "Place":
            continue
        name = fold(m.text)
        longer = places.get(f"new {name}")
        if longer is not None and (lex.state_of_place(name) or "?") != lex.state_of_place(f"new {name}"):
            longer = None
        longer = longer or places.get(f"{name}s")
        if longer is not None and longer != refs[i]:
            refs[i] = longer


def _link_same_text(mentions: list[Mention], refs: dict[int, EntityRef]) -> None:
    """An organisation written as a known agency or body was written elsewhere ('MTI' as a
    credit and in the text) is that agency or body."""
    known = {m.text: refs[i] for i, m in enumerate(mentions) if i in refs and m.type == "Organization" and m.key}
    for i, m in enumerate(mentions):
        if i in refs and m.type == "Organization" and not m.key and m.text in known:
            refs[i] = known[m.text]


def _link_synonyms(doc: Doc, mentions: list[Mention], refs: dict[int, EntityRef], lex: Lexicon) -> None:
    """'the Foreign Office', 'the Ministry of Foreign Affairs', 'MoFA': other names of one body
    (org_synonyms.tsv) name one organisation, unless the article qualifies them by two states."""
    toks = tokens(doc)
    families: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        family = lex.org_synonyms.get(fold(m.text)) if i in refs and m.type == "Organization" else None
        if family:
            families.setdefault(family, []).append(i)
    states_at = {m.end: m.key for m in mentions if m.type == "State" and m.key}
    for members in families.values():
        states = set()
        for i in members:
            k = mentions[i].start
            k -= 1 if k > 0 and toks[k - 1].text in ("'s", "’s") else 0
            if k in states_at:
                states.add(states_at[k])
        if len(states) <= 1 and len({refs[i] for i in members}) > 1:
            first = refs[members[0]]
            for i in members:
                refs[i] = first


def _styled(doc: Doc, mentions: list[Mention], refs: dict[int, EntityRef]) -> dict[EntityRef, tuple[str, ...]]:
    """Person ref -> its names as written with honorifics ("King Hamid", "Sheikh Faris")."""
    out: dict[EntityRef, list[str]] = {}
    for i, m in enumerate(mentions):
        if m.type == "Person" and m.kind == "name" and i in refs:
            for form in styled_forms(doc, m.start, m.end):
                if form not in out.setdefault(refs[i], []):
                    out[refs[i]].append(form)
    return {r: tuple(forms) for r, forms in out.items()}


def _state_pairs(doc: Doc, mentions: list[Mention],
                 refs: dict[int, EntityRef]) -> list[tuple[int, frozenset[EntityRef]]]:
    """Where two states are named together ('Saudi Arabia and Iran'): (token, pair)."""
    state_at = {k: refs[i] for i, m in enumerate(mentions) if i in refs and m.type == "State" and m.kind == "name"
                for k in range(m.start, m.end)}
    out: list[tuple[int, frozenset[EntityRef]]] = []
    for k, ref in state_at.items():
        for c in children(tokens(doc)[k]):
            other = state_at.get(c.i)
            if c.dep_ == "conj" and other and other != ref:
                out.append((k, frozenset((ref, other))))
    return out


def _display(text: str) -> str:
    """'MOSCOW' -> 'Moscow'; other names stay as written."""
    return text.title() if text.isupper() and len(text) > 4 else text


def _link_abbreviations(doc: Doc, mentions: list[Mention], refs: dict[int, EntityRef]) -> None:
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


def _short_form_of(short: str, long_: str) -> bool:
    """'the Council' of 'the European Council', 'Central Bank' of 'Central Bank of Kenya', 'Joint
    Commission' of 'Joint Permanent Commission': the short form ends with the long name's head
    noun (its last word, or the last before 'of') and holds only words of the long name."""
    words = [w for w in fold(short).replace("-", " ").split() if w != "the"]
    full = fold(long_).replace("-", " ").split()
    if not words or len(words) >= len(full) or len(words) > 3:
        return False
    head = full[full.index("of") - 1] if "of" in full[1:] else full[-1]
    return words[-1] == head and set(words) <= set(full)


def _link_short_forms(mentions: list[Mention], refs: dict[int, EntityRef], lex: Lexicon) -> None:
    """An acronym names the organisation it abbreviates ('IMF'); a one-word place names the
    venue it starts ('Incirlik' of 'Incirlik Air Base')."""
    orgs = {m.text: refs[i] for i, m in enumerate(mentions) if i in refs and m.type == "Organization" and " " in m.text}
    by_initials: dict[str, set[EntityRef]] = {}
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
            continue
        if m.type == "Organization":
            longer = {ref for text, ref in orgs.items() if ref != refs[i] and _short_form_of(m.text, text)}
            if len(longer) == 1:
                refs[i] = longer.pop()
        elif m.type == "Place" and " " not in m.text:
            longer = {ref for words, ref in places if len(words) > 1 and words[0] == m.text
                      and lex.name_heads.get(words[-1].lower()) == "place"}
            if len(longer) == 1:
                refs[i] = longer.pop()
