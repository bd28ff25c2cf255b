"""Organisations, states and places that the tagger's spans get wrong, by rules on words as data.

- News agencies in datelines and credits ("Hanoi (VNA) -", "(Reuters-Yonhap)", a byline "AFP"),
  from kg/lexicons/news_agencies.tsv.
- Dateline cities ("SULAIMANI (ESTA) -", "PANAMA CITY-", "Pretoria - ") as Places.
- Formal state names ("Republic of Belarus", "Kingdom of Bahrain") as the State.
- What is no organisation: common nouns and abbreviations (org_stops.txt: "MoU", "Cabinet"),
  portfolios and fields ("Energy and Petroleum", portfolio_words.txt), a demonym with a title
  ("Thai PM"), a document ("Memorandum of ..."); and a state before its own body ("Brazilian
  Ministry of ...", "Nepal's ...", state_bodies.txt) is a separate entity.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..types import Article, Mention
from .doc import sentences, span_text, tokens
from .lexicon import Lexicon, fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Chosen = tuple[int, int, str, str, str]  # start, end, type, kind, key
_CREDIT_VERBS = {"reports", "reported", "reporting", "said", "says", "quoted"}
_JOINERS = {"/", "-", "–", "—", "|"}
_CONNECTORS = {"and", "&", ",", "of", "for", "the", "on", "in", "-"}
_DATELINE_END = {",", "(", "—", "–", "-", "--", ":"}
_DOMAIN_RE = re.compile(r"[A-Za-z][\w-]*(?:\.[a-z]{2,3})?\.(?:com|org|net|news|info|[a-z]{2})")
_INSTRUMENTS = {"memorandum", "memorandums", "agreement", "treaty", "declaration", "protocol", "accord"}


def _line_start(doc: Doc, i: int) -> bool:
    if i == 0:
        return True
    prev = tokens(doc)[i - 1]
    return "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)


def _line_end(doc: Doc, j: int) -> bool:
    toks = tokens(doc)
    return j >= len(toks) or "\n" in toks[j - 1].whitespace_ or (toks[j].is_space and "\n" in toks[j].text)


def _in_parenthesis(doc: Doc, i: int, j: int) -> bool:
    """Tokens i..j sit in a short parenthesis on one line: "(VNA)", "(dpa/MIA)", "(Photo: VNA)"."""
    before = next((k for k in range(i - 1, max(-1, i - 4), -1) if doc[k].text == "("), None)
    after = next((k for k in range(j, min(len(doc), j + 3)) if doc[k].text == ")"), None)
    return before is not None and after is not None and "\n" not in doc[before:after + 1].text


def _credit_context(doc: Doc, i: int, j: int) -> bool:
    """A credit: in a parenthesis, alone on a line, joined to another credit, or before 'reports'."""
    if _in_parenthesis(doc, i, j) or (_line_start(doc, i) and _line_end(doc, j)):
        return True
    nxt = doc[j] if j < len(doc) else None
    if nxt is not None and nxt.lower_ in _CREDIT_VERBS:
        return True
    # "AFP/[photographer]", a credit line "MAP 21 October 2020"
    return _line_start(doc, i) and nxt is not None and (nxt.text in _JOINERS or nxt.like_num)


def agency_spans(doc: Doc, lex: Lexicon) -> list[Chosen]:
    """News agencies named in the text: a full name anywhere, a short form only as a credit."""
    out: list[Chosen] = []
    n = len(doc)
    texts = [t.text for t in tokens(doc)]
    i = 0
    while i < n:
        if not _may_start_name(texts[i], lex):
            i += 1
            continue
        hit = None
        for size in (5, 4, 3, 2, 1):
            if i + size > n or not texts[i][:1].isalpha():
                continue
            raw = span_text(doc, i, i + size)
            if "\n" in raw:
                continue
            name = lex.agencies.get(fold(raw)) if texts[i][:1].isupper() else None
            if name is None and raw in lex.agency_credits and _credit_context(doc, i, i + size):
                name = lex.agency_credits[raw]
            if name is not None:
                hit = (i, i + size, "Organization", "name", name)
                break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


def _may_start_name(text: str, lex: Lexicon) -> bool:
    """Whether an agency's or international body's name may start with this token: the folded
    name of a span starts with the token's folded text (but for a leading 'the', which fold drops)."""
    folded = fold(text)
    return folded == "the" or folded in lex.org_prefixes or text in lex.written_prefixes


def dateline_places(doc: Doc, lex: Lexicon) -> list[Chosen]:
    """The city that opens a paragraph as a dateline: upper case before ',', '(', a dash or ':'
    ("KORVA (NTA) -", "PORT MARLOW-"), or a known city before '(' or a dash ("Hanoi (VNA) -")."""
    from .lexicon import city_population

    out: list[Chosen] = []
    toks = tokens(doc)  # (the token list: no Token made per look)
    for i, tok in enumerate(toks):
        if not _line_start(doc, i) or not tok.text[:1].isupper() or tok.is_space:
            continue
        j = i
        while j < len(toks) and j - i < 3 and toks[j].text[:1].isupper() and toks[j].is_alpha \
                and (j == i or "\n" not in toks[j - 1].whitespace_):
            j += 1
        alone = j > i and _line_end(doc, j)  # the place of a dated dateline: "Havana\n (RHC)"
        if j == i or (not alone and (j >= len(toks) or toks[j].text not in _DATELINE_END)):
            continue
        words = span_text(doc, i, j)
        key = fold(words)
        if key in lex.state_names or key in lex.demonyms or key in lex.titles:
            continue
        upper = words.isupper() and len(words.replace(" ", "")) > 3
        city = key in lex.capitals or city_population(key) >= 15_000
        if alone:
            if city:
                out.append((i, j, "Place", "name", ""))
        elif (upper and (city or doc[j].text != ":")) or (city and doc[j].text in _DATELINE_END - {",", ":"}):
            out.append((i, j, "Place", "name", ""))
            out += _source_in_parenthesis(doc, j, lex)
    return out


def _source_in_parenthesis(doc: Doc, j: int, lex: Lexicon) -> list[Chosen]:
    """'KORVA (NTA) -': the parenthesis after a dateline's city names the source."""
    close = next((k for k in range(j + 1, min(len(doc), j + 5)) if doc[k].text == ")"), None)
    if doc[j].text != "(" or close is None or close == j + 1 or not doc[j + 1].text[:1].isupper():
        return []
    if any(lex.agencies.get(fold(t.text)) or t.text in lex.agency_credits for t in doc[j + 1:close]):
        return []  # agency_spans has it
    return [(j + 1, close, "Organization", "name", "")]


def formal_state_at(doc: Doc, i: int, lex: Lexicon) -> tuple[int, str] | None:
    """(end, ISO) of a formal state name starting at token i ("Republic of the Union of Myanmar")."""
    toks = tokens(doc)  # (token lists and span_text: no Span made)
    first = toks[i].lower_
    if not toks[i].text[:1].isupper() and first != "the":
        return None
    if first == "the" and not _form_follows(doc, i + 1, lex):
        return None  # (most "the" of a text: no form to try)
    best = None
    n = len(toks)
    for size in range(2, 7):
        if i + size > n:
            break
        if fold(span_text(doc, i, i + size).replace(" 's", "'s")) not in lex.state_forms:
            continue
        k = i + size + (1 if i + size < n and toks[i + size].lower_ == "the" else 0)
        for length in (4, 3, 2, 1):
            if k + length <= n and toks[k].text[:1].isupper():
                iso = lex.state_names.get(fold(span_text(doc, k, k + length)))
                if iso and "\n" not in span_text(doc, i, k + length):
                    best = max(best or (0, ""), (k + length, iso))
                    break
    return best


def _form_follows(doc: Doc, k: int, lex: Lexicon) -> bool:
    """Whether the word from token k on (after any space tokens; tokens written together, as
    "People" "'s", make one word) could start a formal state name: its first word up to an
    apostrophe, as fold makes it, is a first word of one. A necessary condition only."""
    toks = tokens(doc)
    while k < len(toks) and toks[k].is_space:
        k += 1
    end = k
    while end < min(len(toks), k + 6):
        end += 1
        if fold(span_text(doc, k, end)).split(" ")[0].split("'")[0] in lex.state_forms_first:
            return True
        if toks[end - 1].whitespace_:
            break
    return False


def not_organization(span: Span, lex: Lexicon) -> bool:
    """A span the tagger calls an organisation or place that names none: a common noun or an
    abbreviation of one, a portfolio or field, '<demonym> <title>', a document, a title's tail."""
    key = fold(span.text)
    first = key.split(" ")[0]
    if key in lex.org_stops or key.rstrip("s") in lex.org_stops:
        return True
    rest = key[len(first) + 1:]
    if first in lex.demonyms and " " in rest and rest in lex.org_stops:
        return True  # "Indian Lines of Credit" (but "the Cuban Embassy" is a name)
    words = [t for t in span if not t.is_punct or t.text == "&"]
    lowers = [fold(t.text) for t in words]
    if lowers and lowers[0] in _INSTRUMENTS:
        return True  # "Memorandum of Commitment of ..."
    if lowers and all(w in lex.demonyms for w in lowers):
        return True  # "Kyrgyz-Tajik"
    if any(w in lex.portfolio_words for w in lowers) and all(
            w in lex.portfolio_words or w in _CONNECTORS or w in lex.demonyms for w in lowers):
        return True  # "Investment, Trade and Industry", "African Cooperation"
    if len(lowers) >= 2 and "of" not in lowers and (lowers[-1] in lex.titles or " ".join(lowers[-2:]) in lex.titles):
        return True  # "Thai PM", "Kericho Senator", "Ethiopian Charge"
    return _portfolio_of_title(span, lex)


def _portfolio_of_title(span: Span, lex: Lexicon) -> bool:
    """'Minister of [Energy and Petroleum]', '[Trade and Industry] Minister': a title's portfolio,
    unless the span is headed by a body ('Ministry', 'Party')."""
    doc = span.doc
    if fold(span[-1].text) not in lex.portfolio_words:
        return False  # "the governor of Guangdong", "European Commission President"
    if fold(span[-1].text) in lex.name_heads or fold(span[-2:].text) in lex.name_heads or any(
            fold(t.text) in lex.state_bodies or t.lower_ in ("party", "council", "agency", "bank") for t in span):
        return False  # "the Foreign Office", "the Jubilee Party"
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.text[:1].isupper() and fold(nxt.text) in lex.titles:
        return True
    k = span.start - 1
    if k >= 1 and doc[k].lower_ == "the":
        k -= 1
    return k >= 1 and doc[k].lower_ in ("of", "for") and _title_before(doc, k, lex)


def _title_before(doc: Doc, k: int, lex: Lexicon) -> bool:
    """Token k-1 ends a title ('Minister', 'Cabinet Secretary', 'Secretary of State')."""
    return any(k - size >= 0 and fold(doc[k - size:k].text) in lex.titles for size in (1, 2, 3))


def state_prefix_end(span: Span, lex: Lexicon) -> int:
    """The token where a state's body's name starts after a demonym or '<State>'s' that names the
    state ('Brazilian Ministry of ...' -> 'Ministry of ...'); span.start when there is none."""
    doc = span.doc
    for k in range(span.start, min(span.end - 1, span.start + 3)):
        tok: Token = doc[k]
        if tok.text in ("'s", "’s") and fold(doc[span.start:k].text) in lex.state_names:
            return k + 1
        if fold(doc[span.start:k + 1].text) in lex.demonyms and k + 1 < span.end:
            nxt = fold(doc[k + 1].text)
            two = fold(doc[k + 1:k + 3].text) if k + 3 <= span.end else ""
            return k + 1 if nxt in lex.state_bodies or two in lex.state_bodies else span.start
    return span.start


def retype_territories(chosen: list[Chosen], lex: Lexicon) -> list[Chosen]:
    """Gazetteer 'states' that kg reports as Places (place_territories.txt); their demonyms go."""
    out = []
    for s, e, etype, kind, key in chosen:
        if etype == "State" and key in lex.place_territories:
            if kind != "name":
                continue
            etype, kind, key = "Place", "name", ""
        out.append((s, e, etype, kind, key))
    return out


def dateline_mentions(doc: Doc, article: Article, lex: Lexicon) -> list[Mention]:
    """The place and the agencies of a dated dateline ("Havana, June 16 (RHC)--"), which the
    parser never sees (Article.parse_text blanks the dateline): mentions of no token, placed
    where the dateline was, with the dateline's own character offsets and text."""
    if not article.dateline:
        return []
    a, b = article.dateline
    at = next((t.i for t in doc if t.idx + len(t.text) > a), len(doc))
    sent = next((n for n, s in enumerate(sentences(doc)) if s.start <= at < s.end), 0)
    out = []
    place = article.dateline_place or ""
    if place and article.text[a:a + len(place)] == place:
        key = fold(place)
        iso = lex.state_names.get(key)
        etype, ikey = ("State", iso) if iso else ("Place", "")
        if iso in lex.place_territories:
            etype, ikey = "Place", ""
        out.append(Mention(at, at, a, a + len(place), place, etype, "name", ikey or "", sent))  # type: ignore[arg-type]
    paren = re.search(r"\(([^)\n]{1,40})\)", article.text[a:b])
    if paren:
        for part in re.finditer(r"[^/\-–,;]+", paren.group(1)):
            raw = part.group(0).strip()
            name = lex.agencies.get(fold(raw)) or lex.agency_credits.get(raw)
            if name or (raw[:1].isupper() and len(raw) > 1):  # a dateline's parenthesis names its source
                start = a + paren.start(1) + part.start() + (len(part.group(0)) - len(part.group(0).lstrip()))
                out.append(Mention(at, at, start, start + len(raw), raw, "Organization", "name", name or "", sent))
    return out


def split_pair(span: Span) -> list[tuple[Span, str]]:
    """'University of A and University of B' -> the two names (the word after 'and' repeats
    the first word of the span)."""
    doc = span.doc
    for t in span:
        if t.lower_ == "and" and span.start < t.i < span.end - 2 and doc[t.i + 1].text == span[0].text \
                and any(x.lower_ == "of" for x in doc[span.start:t.i]):
            return [(doc[span.start:t.i], "org"), (doc[t.i + 1:span.end], "org")]
    return []


def split_state_name(span: Span, lex: Lexicon) -> list[tuple[Span, str]]:
    """'[President of] Latvia Ivo Berzins' tagged as one organisation: a state after
    'of' followed by a person's name (two to four proper nouns)."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].lower_ != "of":
        return []
    for size in (3, 2, 1):
        rest = doc[span.start + size:span.end]
        if fold(doc[span.start:span.start + size].text) in lex.state_names and 2 <= len(rest) <= 4 \
                and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in rest):
            return [(doc[span.start:span.start + size], "state"), (rest, "person")]
    return []


def body_spans(doc: Doc, lex: Lexicon) -> list[Chosen]:
    """International bodies (international_bodies.tsv): 'the African Union', 'NATO', 'Asean'.
    They compete with the tagger's spans, so a longer name that holds one wins."""
    out: list[Chosen] = []
    n = len(doc)
    texts = [t.text for t in tokens(doc)]
    for i in range(n):
        if not texts[i][:1].isupper() or not _may_start_name(texts[i], lex):
            continue
        for size in (6, 5, 4, 3, 2, 1):
            if i + size > n:
                continue
            raw = span_text(doc, i, i + size)
            name = lex.body_acronyms.get(raw) if size == 1 else None
            name = name or lex.bodies.get(fold(raw))
            if name and "\n" not in raw:
                out.append((i, i + size, "Organization", "name", name))
                break
    return out


def constituency_places(doc: Doc, lex: Lexicon, taken: set[int]) -> list[Chosen]:
    """'[City] MP [Name]', '[City] Senator [Name]': the known city before the title is a Place."""
    from .lexicon import city_population

    out: list[Chosen] = []
    toks = tokens(doc)
    for i, tok in enumerate(toks):
        if i == 0 or i in taken or tok.lower_ not in lex.constituency_titles or not tok.text[:1].isupper():
            continue
        start = i - 1
        while start - 1 >= 0 and i - start < 2 and toks[start - 1].text[:1].isupper() and start - 1 not in taken:
            start -= 1
        for s in range(start, i):  # the longest known city ending before the title
            key = fold(span_text(doc, s, i))
            if all(k not in taken and toks[k].text[:1].isupper() for k in range(s, i)) \
                    and key not in lex.state_names and key not in lex.demonyms \
                    and (key in lex.capitals or city_population(key) >= 15_000):
                taken.update(range(s, i))
                out.append((s, i, "Place", "name", ""))
                break
    return out


def web_domain(text: str) -> bool:
    """'Example.co.ke', 'news.example.com': a website's name (an outlet), not a place."""
    return _DOMAIN_RE.fullmatch(text) is not None
