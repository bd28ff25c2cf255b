"""Mentions of people, states, places and organisations in a parsed article.

Doc -> list[Mention]: spaCy's named entities, corrected and typed with the state gazetteer
(names, other names, demonyms, capitals), plus descriptions ("the Iranian president") and
personal pronouns, which kg.resolve links to the names they stand for.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, NamedTuple

from .. import lexicons
from ..text import similar_names
from ..types import Mention
from . import organizations as _orgs
from .doc import children, doc_text, entities, sentence_index, sentence_of, span_text, tokens
from .lexicon import Lexicon, fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Chosen = tuple[int, int, str, str, str]  # a span chosen as a mention: (start, end, entity type, kind, key)

PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
DETERMINERS = {"the", "his", "her", "its", "their", "this", "that"}
NAME_STOP = lexicons.words("name_stops")  # capitalised nouns that end an institution's name
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PARTICLES = lexicons.words("name_particles")  # "da", "von", "bin"
NAME_PARTICLES = PARTICLES | {"-"}  # and the hyphen spaCy splits off ("Park Ji - hoon")
HONORIFICS = lexicons.words("styles")  # "Mr", "His Majesty", "Datuk Seri": written before a name, no part of it
STYLES = HONORIFICS | lexicons.words("ranks")  # and "Brigadier (Ret'd)"
PATRONYMICS = lexicons.words("patronymics")  # "bin", "ibn"
PLACE_NOUNS = lexicons.words("place_nouns")  # "the [Name] region", "the province of [Name]"
OUTLET_NOUNS = lexicons.words("outlet_nouns")  # "the [Name] newspaper"
REPORT_VERBS = {"reported", "reports", "reporting"}  # ", [Outlet] reported."
STYLE_SIZE = max((len(s.split()) for s in STYLES), default=1)
# Priority when candidate spans overlap: lower wins, then the longer span.
_PRIO = {"state": 0, "capital": 1, "person": 2, "org": 3, "place": 4, "demonym": 5}


class Candidate(NamedTuple):
    """A span that could be a mention; overlapping candidates compete (find_mentions)."""

    prio: int  # _PRIO: the surer source wins between spans of one length
    start: int
    end: int
    type: str
    kind: str
    key: str


def find_mentions(doc: Doc, lex: Lexicon) -> list[Mention]:
    """All entity mentions of `doc`, non-overlapping, in text order."""
    cands: list[Candidate] = []
    cands += _gazetteer_spans(doc, lex)
    cands += _formal_state_spans(doc, lex)
    cands += [Candidate(_PRIO["state"], *c) for c in _orgs.body_spans(doc, lex)]  # surer than the tagger
    for ent in entities(doc):
        cands += _from_ner(ent, lex)
    chosen: list[Chosen] = []
    taken: set[int] = set()
    for start, end, etype, kind, key in _orgs.agency_spans(doc, lex) + _orgs.dateline_places(doc, lex):
        if taken.isdisjoint(range(start, end)):  # credits and datelines before the tagger's spans
            taken.update(range(start, end))
            chosen.append((start, end, etype, kind, key))
    # the longest span wins an overlap ("Bank of China" over "China"), then the surer source
    for _prio, start, end, etype, kind, key in sorted(cands, key=lambda c: (c[1] - c[2], c[0], c[1])):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            chosen.append((start, end, etype, kind, key))
    chosen = _join_adjacent_people(chosen, doc)
    chosen = _retype_misspelled_people(chosen, doc)
    chosen = _retype_cities(chosen, doc)
    chosen = _retype_by_use(chosen, doc)
    chosen = _orgs.retype_territories(chosen, lex)
    chosen += _capital_descriptions(doc, chosen, taken)
    chosen += _orgs.constituency_places(doc, lex, taken)
    chosen += _names_after_titled_states(doc, chosen, taken, lex)
    chosen += _rescued_names(doc, chosen, taken, lex)
    chosen += _groups(doc, taken)
    chosen += _descriptions_and_pronouns(doc, lex, taken)
    aliases = _title_acronyms(doc, chosen, lex)
    if aliases:
        chosen = [c for c in chosen if not (c[1] - c[0] == 1 and c[0] in aliases)]
        chosen += [(k, k + 1, "Person", "name", "") for k in aliases]
    toks = tokens(doc)
    out = []
    for start, end, etype, kind, key in sorted(chosen):
        sent = sentence_index(doc, start)
        written = span_text(doc, start, end)
        text = aliases.get(start, written) if end - start == 1 else written
        last = toks[end - 1]
        out.append(Mention(start, end, toks[start].idx, last.idx + len(last.text), text, etype,  # type: ignore[arg-type]
                           kind, key, sent))
    return out


ACRONYM_GLUE = {"to", "the", "of", "for", "and", "on", "&"}


def _title_acronyms(doc: Doc, chosen: list[Chosen], lex: Lexicon) -> dict[int, str]:
    """'the National Security Adviser (NSA), Ana Lind': an office's acronym that the
    article defines right before its holder's name stands for that person where it is used again
    ("the NSA's trip"). Token index of each later use -> the holder's name as written (the
    mention of the acronym is a mention of the name). Only an acronym of a title (titles.tsv)."""
    toks = tokens(doc)
    names = {s: e for s, e, etype, kind, _k in chosen if etype == "Person" and kind == "name" and e - s > 1}
    defined: dict[str, str] = {}
    for k in range(1, len(toks) - 2):
        acr = toks[k].text
        if toks[k - 1].text != "(" or toks[k + 1].text != ")" or not (acr.isupper() and acr.isalpha()
                                                                       and 2 <= len(acr) <= 6):
            continue
        words: list[Token] = []
        j = k - 2
        while j >= 0 and len(words) < len(acr) and (toks[j].text[:1].isupper() or toks[j].lower_ in ACRONYM_GLUE):
            if toks[j].text[:1].isupper():
                words.insert(0, toks[j])
            j -= 1
        if "".join(t.text[0] for t in words).upper() != acr or not any(
                title_at(doc, t.i, lex) for t in words):
            continue
        after = k + 2 + (1 if k + 2 < len(toks) and toks[k + 2].text == "," else 0)
        if after in names:
            defined[acr] = span_text(doc, after, names[after])
    return {t.i: defined[t.text] for t in toks if t.text in defined
            and not (t.i > 0 and toks[t.i - 1].text == "(")} if defined else {}


def _join_adjacent_people(chosen: list[Chosen], doc: Doc) -> list[Chosen]:
    """Two person names the tagger cut one name into, with nothing but a space between them
    ("Rosa Linda" + "Dumalag Reyes"): one name."""
    toks = tokens(doc)
    out: list[Chosen] = []
    for cand in sorted(chosen):
        two_names = out and cand[2] == "Person" and out[-1][2] == "Person" and out[-1][1] == cand[0] \
            and toks[cand[0] - 1].whitespace_ == " " and cand[1] - out[-1][0] <= 5
        if two_names or (out and _surname_tagged_apart(out[-1], cand, toks)):
            out[-1] = (out[-1][0], cand[1], "Person", "name", "")
        else:
            out.append(cand)
    return out


def _surname_tagged_apart(person: Chosen, cand: Chosen, toks: list[Token]) -> bool:
    """'[Shah Mahmood] [Qureshi]': one unknown word the tagger calls a place or an organisation,
    right after a person's name, that the parse makes the head of the name (the name's words are
    its compounds)."""
    s, e, etype, kind, _key = person
    if etype != "Person" or kind != "name" or e != cand[0] or cand[1] - cand[0] != 1 or cand[4] \
            or cand[2] not in ("Place", "Organization") or toks[e - 1].whitespace_ != " " or e - s > 3:
        return False
    head = toks[cand[0]]
    return head.pos_ == "PROPN" and head.text[:1].isupper() and head.is_alpha \
        and all(toks[k].head.i == head.i and toks[k].dep_ == "compound" for k in range(s, e))


def _gazetteer_spans(doc: Doc, lex: Lexicon) -> list[Candidate]:
    """State names, acronyms, demonyms and capitals, matched on capitalised tokens."""
    out = []
    n = len(doc)
    for i, tok in enumerate(tokens(doc)):
        if not (tok.text[:1].isupper()) or fold(tok.text).split(" ")[0] not in lex.first_words:
            continue
        for size in (5, 4, 3, 2, 1):
            if i + size > n:
                continue
            raw = span_text(doc, i, i + size)
            if "\n" in raw:
                continue
            key = fold(raw)
            acronym = raw.replace(".", "").isupper() and len(raw.replace(".", "")) <= 4
            iso = lex.state_names.get(key)
            if iso and (not acronym or raw in _acronyms(lex, iso)):
                out.append(Candidate(_PRIO["state"], i, i + size, "State", "name", iso))
                break
            iso = lex.demonyms.get(key)
            if iso:
                out.append(Candidate(_PRIO["demonym"], i, i + size, "State", "demonym", iso))
                break
            iso = lex.capitals.get(key)
            if iso and not acronym:
                out.append(Candidate(_PRIO["capital"], i, i + size, "Place", "name", iso))
                break
    return out


def _formal_state_spans(doc: Doc, lex: Lexicon) -> list[Candidate]:
    """'Republic of Belarus', 'the Kingdom of Bahrain': a state's formal name is the state."""
    out = []
    for tok in tokens(doc):
        if tok.lower_ == "the" or fold(tok.text) in lex.state_forms_first:
            hit = _orgs.formal_state_at(doc, tok.i, lex)
            if hit:
                out.append(Candidate(_PRIO["state"], tok.i, hit[0], "State", "name", hit[1]))
    return out


def _acronyms(lex: Lexicon, iso: str) -> set[str]:
    st = lex.states[iso]
    return {a for a in (st.name, *st.aliases) if a.replace(".", "").isupper()}


def _clean(ent: Span, lex: Lexicon) -> Span | None:
    """Trim determiners, titles, possessives and punctuation from an entity span."""
    start, end = ent.start, ent.end
    doc = ent.doc
    toks = tokens(doc)
    while start < end and (toks[start].lower_ in DETERMINERS or toks[start].is_punct
                           or not toks[start].text.strip() or "\n" in toks[start].text):
        start += 1
    while end > start and (toks[end - 1].is_punct or toks[end - 1].text in ("'s", "’s", "'")
                           or not toks[end - 1].text.strip()
                           or (toks[end - 1].is_lower and toks[end - 1].lower_ not in NAME_PARTICLES
                               and end - 1 > start and ent.label_ != "PERSON")):
        end -= 1  # "Palace of the Nations before" -> "... Nations"; "Guangdong province" -> "Guangdong"
    for k in range(start, end):  # cut at a line break inside the span
        if "\n" in toks[k].whitespace_ and k + 1 < end:
            end = k + 1
            break
    if end - start > 1 and start == sentence_of(doc, start).start and toks[start].lower_.endswith("ing") \
            and (toks[start].tag_ == "VBG" or toks[start].lower_[:-3] in lex.verb_lemmas
                 or toks[start].lower_[:-3] + "e" in lex.verb_lemmas):
        start += 1  # "[Welcoming Putin] in Beijing, Xi said": the participle opening the sentence
    if end - start > 1 and ent.label_ in ("PERSON", "ORG") and _in_title_case_headline(doc, start):
        verbs = _headline_verbs(lex.verb_lemmas)
        for k in range(start + 1, end):  # "[Rosa Varga] Receives Welcome": the verb ends the name
            if toks[k].lower_ in verbs and not (k + 1 < len(toks) and toks[k + 1].lower_ in ("of", "and", "&")):
                end = k  # ("Board Of Heads Of Mission" keeps its "Heads")
                break
    return doc[start:end] if end > start else None


def _in_title_case_headline(doc: Doc, i: int) -> bool:
    """Token i is in the first line of the text, and that line is written in title case (most of
    its words capitalised), where the tagger takes capitalised verbs for parts of names."""
    cached: int | None = doc.user_data.get("kg_headline")
    if cached is None:
        toks = tokens(doc)
        end = next((t.i + 1 for t in toks if "\n" in t.whitespace_ or "\n" in t.text), len(toks))
        words = [t for t in toks[:end] if t.is_alpha and len(t) > 3]
        upper = sum(1 for t in words if t.text[:1].isupper())
        cached = doc.user_data["kg_headline"] = end if len(words) >= 3 and upper >= 0.8 * len(words) else 0
    return i < cached


@functools.lru_cache(maxsize=4)
def _headline_verbs(lemmas: frozenset[str]) -> frozenset[str]:
    """Present-tense forms of the event verbs and light verbs ("receives", "holds", "summons")."""
    forms = {"has"}
    for v in lemmas:
        if v.endswith(("s", "x", "z", "ch", "sh")):
            forms.add(v + "es")
        elif v.endswith("y") and v[-2:-1] not in "aeiou":
            forms.add(v[:-1] + "ies")
        else:
            forms.add(v + "s")
    return frozenset(forms)


def _from_ner(ent: Span, lex: Lexicon) -> list[Candidate]:
    """The candidate mention of one of spaCy's entities, typed with the gazetteer, or none."""
    parts = _split_parenthesis(ent)
    if parts:  # "World Health Organization (WHO)": two names
        return [c for p in parts for c in _from_ner(p, lex)]
    credit = _split_credit(ent, lex)
    if credit is not None:  # "[Agency]/[First Last]", "[FIRST LAST]/[Outlet]": a photo credit
        return credit
    named = _split_comma_name(ent, lex)
    if named:  # "[Foreign Office], [Omar Siddiq]" tagged as one organisation: its officer's name
        return named
    span = _clean(ent, lex)
    if span is None or _inside_title(span, lex):
        return []
    key = fold(span.text)
    if ent.label_ in ("ORG", "GPE", "NORP") and len(span) <= 4 and all(
            t.pos_ == "PROPN" for t in span) and key not in lex.state_names:
        if _after_title(span, lex) or (len(span) >= 2 and span.start > 0
                                       and _state_of_title(span.doc, span.doc[span.start - 1], lex)):
            # "President [Joko Widodo]", "the Energy Minister of Albania [Besnik Gjoka]"
            return [Candidate(_PRIO["person"], span.start, span.end, "Person", "name", "")]
        if _given_name_after_title(span, lex):  # "Minister Ana [Lind]", "Minister of Chad Ana [Lind]"
            return [Candidate(_PRIO["person"], span.start - 1, span.end, "Person", "name", "")]
    if _orgs.web_domain(span.text):  # "Example.co.ke": a website (an outlet), no place or person
        return [Candidate(_PRIO["org"], span.start, span.end, "Organization", "name", "")]
    split = _split_titled_state(span, lex)
    if split:  # "President of [Estonia Lena Kask]": the state, then its officer
        return split
    if len(span) > 1 and fold(span[0].text) not in lex.state_names and _state_of_title(span.doc, span[0], lex) \
            and all(t.text[:1].isupper() for t in span[1:]):  # "Ambassador in [Moscow Lena Kask]"
        return [Candidate(_PRIO["place"], span.start, span.start + 1, "Place", "name", ""),
                *_person(span[1:], lex)]
    titled = _name_after_inner_title(span, lex) if ent.label_ in ("ORG", "GPE") else None
    if titled is not None:  # "[Mining CS Otieno Wafula]" tagged as one organisation: the name after the title
        return [Candidate(_PRIO["person"], titled, span.end, "Person", "name", "")]
    if ent.label_ in ("ORG", "GPE") and _appositive_person(span, lex):
        return [Candidate(_PRIO["person"], span.start, span.end, "Person", "name", "")]  # "[Name], the minister"
    if ent.label_ == "PERSON" or (ent.label_ in ("ORG", "GPE", "NORP") and ent[0].lower_ != "the"
                                  and _styled_proper_name(span, lex)):
        if ent.label_ == "PERSON" and len(span) > 1 and fold(span[-1].text) in lex.venue_only_heads:
            return [Candidate(_PRIO["place"], span.start, span.end, "Place", "name", "")]  # "[Name] Palace"
        return _person(span, lex)  # "Sultan Khalid", "Emir Faris" tagged as organisations
    return _not_person(ent.label_, span, key, lex)


def _appositive_person(span: Span, lex: Lexicon) -> bool:
    """A full name (two to four capitalised proper nouns of no state or organisation) that an
    appositive after a comma says is a person: a title ("[Name], the foreign minister of ...")
    or a noun with a relative "who" ("[Name], a dissident who ...")."""
    toks = list(span)
    if not (2 <= len(toks) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper() and _wordlike(t.text)
                                        for t in toks)):
        return False
    if fold(span.text) in lex.state_names or any(fold(t.text) in lex.first_words for t in toks) \
            or _organization_name(span.doc, toks, lex) or fold(toks[-1].text) in lex.name_heads:
        return False
    root = span.root
    end = span.end
    if end >= len(span.doc) or tokens(span.doc)[end].text != ",":
        return False
    for app in children(root):
        if app.dep_ != "appos" or app.i <= end or app.pos_ != "NOUN":
            continue
        if fold(app.lemma_) in lex.titles or fold(app.text) in lex.titles:
            return True
        if any(c.dep_ == "relcl" and any(w.lower_ == "who" and w.dep_.startswith("nsubj") for w in children(c))
               for c in children(app)):
            return True
    return False


def _titled_state(doc: Doc, start: int, lex: Lexicon) -> bool:
    """Whether the tokens before `start` are a title and "of" ("President of", "Foreign
    Minister of the")."""
    toks = tokens(doc)
    k = start - 1
    if k >= 0 and toks[k].lower_ == "the":
        k -= 1
    if k < 1 or toks[k].lower_ != "of":
        return False
    return any((hit := title_at(doc, j, lex)) and j + hit[0] == k for j in range(max(0, k - 4), k))


def _state_prefix(span: Span, lex: Lexicon) -> tuple[int, str] | None:
    """(length, ISO code) of the longest state name that starts the span, else None."""
    for size in range(min(5, len(span) - 1), 0, -1):
        iso = lex.state_names.get(fold(span[:size].text))
        if iso:
            return size, iso
    return None


def _split_titled_state(span: Span, lex: Lexicon) -> list[Candidate]:
    """'[President of] Estonia Lena Kask' tagged as one name: the state and the person."""
    if not _titled_state(span.doc, span.start, lex):
        return []
    hit = _state_prefix(span, lex)
    if hit is None:
        return []
    size, iso = hit
    rest = span[size:]
    if not (0 < len(rest) <= 5 and rest[0].text[:1].isupper()
            and all(t.pos_ == "PROPN" or t.lower_ in NAME_PARTICLES for t in rest)):
        return []
    return [Candidate(_PRIO["state"], span.start, span.start + size, "State", "name", iso),
            Candidate(_PRIO["person"], rest.start, rest.end, "Person", "name", "")]


def _names_after_titled_states(doc: Doc, chosen: list[tuple[int, int, str, str, str]], taken: set[int],
                               lex: Lexicon) -> list[tuple[int, int, str, str, str]]:
    """'President of Latvia Ivo Berzins': the untagged name after a title's state."""
    out = []
    for start, end, etype, kind, _key in chosen:
        if etype != "State" or kind != "name" or end in taken or not _titled_state(doc, start, lex):
            continue
        stop = _styled_name_end(doc, end, lex)
        if stop - end >= 2:  # a full name, not a stray capitalised word
            taken.update(range(end, stop))
            out.append((end, stop, "Person", "name", ""))
    return out


def _styled_proper_name(span: Span, lex: Lexicon) -> bool:
    """An honorific ("Sultan", "Sheikh", not a rank) and one to four proper nouns, of no state and
    no organisation."""
    size = style_size(span.doc, span.start, span.end, HONORIFICS)
    rest = span[size:]
    return (size > 0 and 0 < len(rest) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in rest)
            and fold(rest.text) not in lex.state_names and not _organization_name(span.doc, list(rest), lex)
            and fold(rest[-1].text) not in lex.name_heads)


def _split_credit(ent: Span, lex: Lexicon) -> list[Candidate] | None:
    """A photo credit tagged as one entity: a photographer's name and an agency or outlet joined
    by a slash ("Xinhua/Lin Bao", "TOMAS REY/Example Post"). The side of two or three capitalised
    words of no state, title or organisation is the person, the other side the organisation (an
    agency's name when it is one). None when the entity holds no such slash."""
    doc = ent.doc
    slash = next((t.i for t in ent if t.text == "/" and not t.whitespace_ and t.i > ent.start
                  and not doc[t.i - 1].whitespace_), None)
    if slash is None or slash + 1 >= ent.end:
        return None
    sides = [(ent.start, slash), (slash + 1, ent.end)]
    while sides[1][1] > sides[1][0] and (doc[sides[1][1] - 1].is_punct or not doc[sides[1][1] - 1].text.strip()):
        sides[1] = (sides[1][0], sides[1][1] - 1)  # "Xinhua/Lin Bao]"
    people = [k for k, (i, j) in enumerate(sides) if _credit_name(doc, i, j, lex)]
    if len(people) != 1:
        return None
    (pi, pj), (oi, oj) = sides[people[0]], sides[1 - people[0]]
    out = [Candidate(_PRIO["person"], pi, pj, "Person", "name", "")]
    raw = span_text(doc, oi, oj)
    if oj > oi and raw[:1].isupper():
        agency = lex.agencies.get(fold(raw)) or lex.agency_credits.get(raw.upper()) or ""
        out.append(Candidate(_PRIO["org"], oi, oj, "Organization", "name", agency))
    return out


def _credit_name(doc: Doc, i: int, j: int, lex: Lexicon) -> bool:
    """Two or three capitalised words of no state, title, agency or organisation ("Lin Bao",
    "TOMAS REY"): a photographer's name in a credit."""
    toks = tokens(doc)[i:j]
    raw = span_text(doc, i, j)
    return (2 <= len(toks) <= 3 and all(t.text[:1].isupper() and _wordlike(t.text) for t in toks)
            and not any(fold(t.text) in lex.first_words for t in toks) and fold(raw) not in lex.agencies
            and not _organization_name(doc, toks, lex) and fold(toks[-1].text) not in lex.name_heads)


def _split_comma_name(ent: Span, lex: Lexicon) -> list[Candidate]:
    """An organisation or place span holding a comma and then a person's name (two to four
    capitalised proper nouns of no state, title or organisation): "Mining, Simon Kerubo". The
    part before the comma is read as the tagger typed it."""
    if ent.label_ not in ("ORG", "GPE", "LOC", "FAC", "NORP"):
        return []
    comma = next((t.i for t in ent if t.text == ","), None)
    if comma is None or comma <= ent.start:
        return []
    from spacy.tokens import Span

    rest = ent.doc[comma + 1:ent.end]
    if not (2 <= len(rest) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper() and _wordlike(t.text)
                                        and fold(t.text) not in lex.first_words for t in rest)
            and not _organization_name(ent.doc, list(rest), lex) and fold(rest[-1].text) not in lex.name_heads):
        return []
    return [*_from_ner(Span(ent.doc, ent.start, comma, label=ent.label_), lex),
            Candidate(_PRIO["person"], rest.start, rest.end, "Person", "name", "")]


def _split_parenthesis(ent: Span) -> list[Span]:
    """'World Health Organization (WHO)' -> its two names; [] for an entity without '('."""
    paren = next((t.i for t in ent if t.text == "("), None)
    if paren is None or paren <= ent.start:
        return []
    from spacy.tokens import Span

    doc = ent.doc
    inner_end = next((t.i for t in doc[paren:min(ent.end + 1, len(doc))] if t.text == ")"), ent.end)
    parts = [Span(doc, ent.start, paren, label=ent.label_)]
    if inner_end > paren + 1:
        parts.append(Span(doc, paren + 1, inner_end, label=ent.label_))
    return parts


def _style_or_title_word(text: str, lex: Lexicon) -> bool:
    word = fold(text)
    leader = is_title_word(text, lex) and lex.titles[word].relation == "leader_of"
    return text[:1].isupper() and (word in STYLES or leader)


def _name_after_inner_title(span: Span, lex: Lexicon) -> int | None:
    """Where the name starts in a span whose last two or three words follow a capitalised title
    inside it ("Health CS Ana Lind", "Trade Minister Ana Lind" tagged as an organisation)."""
    toks = list(span)
    for k in range(1, len(toks) - 2):
        rest = toks[k + 1:]
        if toks[k].text[:1].isupper() and is_title_word(toks[k].text, lex) and 2 <= len(rest) <= 3 \
                and all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.is_alpha for t in rest) \
                and not any(fold(t.text) in lex.state_names or fold(t.text) in lex.titles for t in rest):
            return rest[0].i
    return None


def _after_title(span: Span, lex: Lexicon) -> bool:
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return prev is not None and prev.text[:1].isupper() and is_title_word(prev.text, lex)


def _given_name_after_title(span: Span, lex: Lexicon) -> bool:
    """A surname the tagger calls a place or an organisation after an untagged given name that
    follows a title ("Education Minister Ana [Lind]") or a title's state ("Foreign Minister of
    Chad Ana [Lind]")."""
    doc = span.doc
    k = span.start - 1
    if k < 2 or not _given_name(doc, k, lex) or tokens(doc)[k].ent_type_ or "\n" in tokens(doc)[k].whitespace_:
        return False
    prev = tokens(doc)[k - 1]
    word = fold(prev.text)
    titled_state = word in lex.state_names and _titled_state(doc, k - 1, lex)
    return prev.text[:1].isupper() and (word in lex.titles or titled_state)


def _inside_title(span: Span, lex: Lexicon) -> bool:
    """'Defence' of 'Defence Minister', 'State' of 'Secretary of State': part of a title."""
    for k in range(max(0, span.start - 3), span.start + 1):
        hit = title_at(span.doc, k, lex)
        if hit and k + hit[0] >= span.end and k + hit[0] > span.start:
            return True
    return False


def _person(span: Span, lex: Lexicon) -> list[Candidate]:
    """A name spaCy calls a person, without its titles, if it is shaped like a person's name."""
    doc = span.doc
    toks = list(span)
    if toks and fold(toks[0].text) in PATRONYMICS and toks[0].i > 0 and _given_name(doc, toks[0].i - 1, lex):
        toks = [doc[toks[0].i - 1], *toks]  # "[Fahad] bin Rashid": the given name the tagger left out
    toks, styled = _strip_styles(doc, toks, lex)
    if len(toks) > 1 and _state_of_title(doc, toks[0], lex):
        toks = toks[1:]  # "Ambassador to Oman Samir Al Harbi" -> "Samir Al Harbi"
    if not toks and styled:  # "Datuk Seri" tagged alone: the name that follows it
        end = _styled_name_end(doc, span.end, lex)
        return [Candidate(_PRIO["person"], span.end, end, "Person", "name", "")] if end > span.end else []
    if len(toks) == 2 and toks[0].i == sentence_of(doc, toks[0].i).start and _style_or_title_word(toks[1].text, lex) \
            and span.end < len(doc) and doc[span.end].pos_ == "PROPN" and doc[span.end].text[:1].isupper():
        # "[After Sultan] Haitham" mis-typed at a sentence start: the name follows the style
        end = _styled_name_end(doc, span.end, lex)
        return [Candidate(_PRIO["person"], span.end, max(end, span.end + 1), "Person", "name", "")]
    if not toks or not all(t.text[:1].isupper() or t.lower_ in NAME_PARTICLES
                           or (t.i > 0 and doc[t.i - 1].text == "-") for t in toks):  # "Park Ji-hoon"
        return []
    if any(c.isdigit() for t in toks for c in t.text):
        return []  # "COVID-19"
    name = fold(doc[toks[0].i:toks[-1].i + 1].text)
    if name in lex.state_names | lex.name_heads.keys() | lex.demonyms.keys() or \
            name.replace(" ", "-") in lex.state_names:
        return []  # a state ("Guinea Bissau" for Guinea-Bissau) or a name that is no entity
    if _organization_name(doc, toks, lex) or name in lex.org_stops:
        return []  # "Radio Habana Cuba"; "MoU"
    end = _extend_name(doc, toks[-1].i + 1)
    if styled or style_size(doc, *_style_before(doc, toks[0].i)):
        end = _styled_name_end(doc, end, lex)  # "Ms. Dao Linh" + "Kim Hoa": a styled name runs on
    elif end - toks[0].i >= 2 and not any(_style_or_title(doc, t.i, t.i + 1, lex) for t in toks):
        end = _surname_after(doc, toks[0].i, end, lex)  # not after a name cut around a title ("[Ater Sultan] Faris")
    end = _uncut_end(doc, toks[0].i, end)
    return [Candidate(_PRIO["person"], toks[0].i, end, "Person", "name", "")] if end > toks[0].i else []


def _surname_after(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """'[Given Middle] Surname': the one capitalised word after a full name that the tagger left
    out, when the name's last word is its modifier in the parse (the head of the noun phrase),
    it is no entity, state, title, organisation or venue word, and no other name follows it."""
    toks = tokens(doc)
    if end >= len(toks) or "\n" in toks[end - 1].whitespace_ or toks[end - 1].head.i != end:
        return end
    tok = toks[end]
    word = fold(tok.text)
    if not (tok.pos_ == "PROPN" and tok.text[:1].isupper() and _wordlike(tok.text) and not tok.ent_type_) \
            or word in lex.first_words or word in lex.name_heads or word in lex.organization_words \
            or word in lex.titles or word in NAME_STOP or word in lex.org_stops:
        return end
    if end + 1 < len(toks) and toks[end + 1].pos_ == "PROPN" and toks[end + 1].text[:1].isupper():
        return end
    if _complete_elsewhere(toks, start, end):
        return end  # "Xi Jinping" is a whole name elsewhere: "Xi Jinping Thought" is not a longer name
    return end + 1


def _complete_elsewhere(toks: list[Token], start: int, end: int) -> bool:
    """The words toks[start:end] occur elsewhere as a whole name: followed by no capitalised word."""
    words = [t.text for t in toks[start:end]]
    n = len(words)
    for k in range(len(toks) - n):
        if k != start and [t.text for t in toks[k:k + n]] == words:
            nxt = toks[k + n]
            if not (nxt.text[:1].isupper() and nxt.is_alpha):
                return True
    return False


def _uncut_end(doc: Doc, start: int, end: int) -> int:
    """A name that ends the text of an excerpt cut off in the middle of a prose sentence ("... said
    nobody but Ms. Rosa Fuen"): its last word may be cut, so it is left out."""
    toks = tokens(doc)
    last = len(toks)
    while last > 0 and not toks[last - 1].text.strip():
        last -= 1
    if end != last or end - 1 <= start - 1:
        return end
    line = doc_text(doc).rfind("\n", 0, toks[start].idx) + 1
    before = [t for t in toks[max(0, start - 30):start] if t.idx >= line and not t.is_punct]
    if len(before) < 5 or not any(t.pos_ in ("VERB", "AUX") for t in before):
        return end  # a byline or a credit ("Reporting by [Name]", "Source: [Name]") is no cut sentence
    cut = toks[end - 1].text
    if not any(t.i < end - 1 and len(t.text) > len(cut) and t.text.startswith(cut) for t in toks):
        return end  # the cut word begins a longer name word written before ("Ni" of "Nieto"), or it is whole
    return end - 1


def _strip_styles(doc: Doc, toks: list[Token], lex: Lexicon) -> tuple[list[Token], bool]:
    """The name's tokens without the styles and titles before it, and whether there were any."""
    styled = False
    end = toks[-1].i + 1 if toks else 0
    while toks:
        size = _style_reach(doc, toks[0].i, end)
        if size:  # "Mr Okello" -> "Okello", "His Majesty King Hamid" -> "Hamid"
            toks, styled = toks[size:], True
        elif is_title_word(toks[0].text, lex) or (  # "President Kask" -> "Kask"
                toks[0].i > 0 and fold(f"{doc[toks[0].i - 1].text} {toks[0].text}") in lex.titles):
            toks, styled = toks[1:], True  # "First Lady Clara Moss" -> "Clara Moss"
        elif styled and (toks[0].lower_ == "the" or toks[0].is_punct):
            toks = toks[1:]  # "HM the King"
        elif len(toks) > 1 and fold(toks[0].text) in lex.demonyms and _style_or_title(doc, toks[1].i, end, lex):
            toks = toks[1:]  # "Qatari Emir Sheikh"
        else:
            break
    return toks, styled


def style_size(doc: Doc, i: int, end: int | None = None, styles: frozenset[str] = STYLES) -> int:
    """The number of tokens of the longest style ("Mr", "His Excellency", "Tan Sri", "Brigadier")
    that starts at token i and ends before `end`, else 0."""
    toks = tokens(doc)
    end = len(toks) if end is None else end
    if i >= end:
        return 0
    first = fold(toks[i].text.replace(".", "").replace("’", "'"))
    if " " not in first and first not in _first_words(styles):
        return 0  # (no style starts with this word: most tokens)
    words: list[str] = []
    best = 0
    for k in range(i, min(end, i + STYLE_SIZE + 2)):
        text = toks[k].text.replace(".", "").replace("’", "'")
        if not text:
            if k == i:
                return 0
            continue  # the full stop of "H. E." as a token of its own
        if k > i and "\n" in toks[k - 1].whitespace_:
            break
        words.append(fold(text))
        if " ".join(words) in styles:
            best = k + 1 - i
    return best


@functools.lru_cache(maxsize=8)
def _first_words(styles: frozenset[str]) -> frozenset[str]:
    return frozenset(s.split(" ")[0] for s in styles)


def styled_forms(doc: Doc, start: int, end: int) -> list[str]:
    """A name as written with the honorifics before it: 'King Hamid' and 'His Majesty King
    Hamid' for the name 'Hamid' (kept as aliases, never as the name)."""
    out = []
    k = start
    while k > 0:
        back = next((j for j in range(max(0, k - STYLE_SIZE - 1), k)
                     if style_size(doc, j, k, HONORIFICS) == k - j), None)
        if back is None:
            break
        k = back
        out.append(span_text(doc, k, end))
    return out


def _style_reach(doc: Doc, i: int, end: int) -> int:
    """How many tokens from i on belong to a style that starts at i or just before it (the
    tagger's "Seri Hafiz Rahim" of "Datuk Seri Hafiz Rahim")."""
    best = style_size(doc, i, end)
    for j in range(max(0, i - STYLE_SIZE + 1), i):
        best = max(best, j + style_size(doc, j, end) - i)
    return best


def _given_name(doc: Doc, k: int, lex: Lexicon) -> bool:
    """Whether token k can be the given name before a patronymic: a capitalised proper noun that
    is no style, title or state."""
    tok = tokens(doc)[k]
    return (tok.pos_ == "PROPN" and tok.text[:1].isupper() and _wordlike(tok.text)
            and not _style_or_title(doc, k, k + 1, lex) and fold(tok.text) not in lex.state_names)


def _style_before(doc: Doc, i: int) -> tuple[int, int]:
    """(start, end) of the token span just before token i that could hold a style."""
    start = i - 1
    while start > 0 and i - start < STYLE_SIZE and tokens(doc)[start].text in (".", "'"):
        start -= 1
    return (max(start, 0), i) if i > 0 else (0, 0)


def _wordlike(text: str) -> bool:
    """Letters, with an apostrophe or hyphen inside ("Ker'ani", "Moloto-Sithole")."""
    return text.replace("’", "").replace("'", "").replace("-", "").isalpha()


def _styled_name_end(doc: Doc, end: int, lex: Lexicon) -> int:
    """The end of a name written after a style, over the capitalised words the tagger left out
    ("Ms. Dao Linh Kim Hoa"): no state, place, title, month or weekday, on one line."""
    toks = tokens(doc)
    k = end
    while k < len(toks) and k - end < 3 and "\n" not in toks[k - 1].whitespace_:
        tok = toks[k]
        word = fold(tok.text)
        if not (tok.pos_ == "PROPN" and tok.text[:1].isupper() and _wordlike(tok.text) and not tok.ent_type_) \
                or word in lex.first_words or word in lex.name_heads or word in lex.organization_words:
            break
        k += 1
    return k


def _state_of_title(doc: Doc, tok: Token, lex: Lexicon) -> bool:
    """A state's name that ends a title before a name: 'Ambassador to Jordan', 'President of Chad'."""
    if tok.i < 2:
        return False
    before = doc[tok.i - 1].lower_
    if fold(tok.text) in lex.state_names:
        return before in ("to", "of") and any(
            (hit := title_at(doc, k, lex)) and k + hit[0] == tok.i - 1  # "High Commissioner to Kenya"
            for k in range(max(0, tok.i - 5), tok.i - 1))
    # "Ambassador in Moscow [Name]", "Ambassador of Canada in Ottawa [Name]": the city of the post
    title = fold(doc[tok.i - 2].text)
    return before in ("in", "to") and (title in lex.titles or title in lex.state_names) \
        and lex.state_of_place(tok.text) is not None


def _organization_name(doc: Doc, toks: list[Token], lex: Lexicon) -> bool:
    """A name that starts or ends with a word of organisations' names, or follows one written
    with a capital: "Radio Nacional de Colombia", "Cuba Television", "[Radio] Habana Cuba"."""
    first, last = toks[0], toks[-1]
    before = doc[first.i - 1] if first.i > 0 else None
    return (fold(first.text) in lex.organization_words or fold(last.text) in lex.organization_words
            or (before is not None and before.text[:1].isupper() and fold(before.text) in lex.organization_words))


NOT_ENTITY_LABELS = ("PRODUCT", "LAW", "WORK_OF_ART", "EVENT", "LANGUAGE")


def _not_person(label: str, span: Span, key: str, lex: Lexicon) -> list[Candidate]:
    """A state, place or organisation that spaCy tagged, typed with the gazetteer."""
    if label in ("GPE", "ORG", "NORP") and key in lex.state_names:
        return [Candidate(_PRIO["state"], span.start, span.end, "State", "name", lex.state_names[key])]
    if label in NOT_ENTITY_LABELS:
        return []
    formal = _orgs.formal_state_at(span.doc, span.start, lex)
    if formal:  # "Republic of Belarus", "Federal Republic of Germany [Name]"
        return [Candidate(_PRIO["state"], span.start, formal[0], "State", "name", formal[1]),
                *_name_after(span.doc, formal[0], span.end)]
    span = _cut_at_comma(span)
    if _orgs.not_organization(span, lex):
        return []
    parts = _orgs.split_pair(span) or _orgs.split_state_name(span, lex)
    if parts:  # "University of A and University of B"; "[President of] Chad [First Last]"
        return [c for p in parts for c in _not_person_part(label, p, lex)]
    start = _orgs.state_prefix_end(span, lex)
    if start > span.start:  # "Brazilian Ministry of Trade": Brazil is its own mention
        span = span.doc[start:span.end]
        key = fold(span.text)
    head = fold(span[-1].text)
    tail = fold(span[-2:].text) if len(span) > 1 else ""
    kind = lex.name_heads.get(key) or lex.name_heads.get(tail) or lex.name_heads.get(head) or _venue_after(span, lex)
    if kind == "none":
        return []
    if kind == "body":  # "Foreign Office": an organisation, though "office" ends venues' names
        return [Candidate(_PRIO["org"], span.start, span.end, "Organization", "name", "")]
    if label in ("GPE", "LOC") and any(c.isdigit() for c in span.text):
        return [Candidate(_PRIO["org"], span.start, span.end, "Organization", "name", "")]  # "G7", "G20"
    if label in PLACE_LABELS or (label == "ORG" and kind == "place"):
        if key in lex.demonyms:
            return []
        return [Candidate(_PRIO["place"], span.start, span.end, "Place", "name", "")]
    if label == "ORG" and span.text[:1].isupper() and key not in lex.demonyms and key not in lex.titles:
        return [Candidate(_PRIO["org"], span.start, span.end, "Organization", "name", "")]
    return []


def _not_person_part(label: str, part: tuple[Span, str], lex: Lexicon) -> list[Candidate]:
    span, kind = part
    if kind == "state":
        return [Candidate(_PRIO["state"], span.start, span.end, "State", "name", lex.state_names[fold(span.text)])]
    if kind == "person":
        return [Candidate(_PRIO["person"], span.start, span.end, "Person", "name", "")]
    return _not_person(label, span, fold(span.text), lex)


def _venue_after(span: Span, lex: Lexicon) -> str | None:
    """'[Seri Perdana] complex', '[Neom] palace': a venue word just after the name."""
    doc = span.doc
    nxt = tokens(doc)[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.is_lower and lex.name_heads.get(nxt.lower_) == "place":
        return "place"
    return None


def _cut_at_comma(span: Span) -> Span:
    """'Foreign Office, [Name]' -> 'Foreign Office'; a list joined by 'and' keeps its commas
    ('Ministry of Energy, Mines and Water')."""
    comma = next((t.i for t in span if t.text == ","), None)
    if comma is None or comma == span.start or any(t.lower_ in ("and", "&") for t in span.doc[comma:span.end]):
        return span
    return span.doc[span.start:comma]


def _name_after(doc: Doc, start: int, end: int) -> list[Candidate]:
    """The person named after a formal state in one tagged span ('Republic of X [First Last]')."""
    toks = tokens(doc)[start:end]
    if 2 <= len(toks) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in toks):
        return [Candidate(_PRIO["person"], start, end, "Person", "name", "")]
    return []


def _extend_name(doc: Doc, end: int) -> int:
    """'Greta von' + 'der Aue': carry a name over its particles to the capitalised word."""
    toks = tokens(doc)
    k = end
    while k < len(doc) and toks[k].lower_ in PARTICLES and toks[k].is_lower:
        k += 1
    if k > end and k < len(doc) and toks[k].text[:1].isupper() and toks[k].pos_ == "PROPN":
        return k + 1
    return end


def _capital_descriptions(doc: Doc, chosen: list[Chosen], taken: set[int]) -> list[Chosen]:
    """'the Ukrainian capital', "Poland's capital" -> that state's capital (a Place)."""
    toks = tokens(doc)
    out: list[Chosen] = []
    demonyms = {s: key for s, e, etype, kind, key in chosen if etype == "State"}
    for tok in toks:
        if tok.lower_ != "capital" or tok.i in taken or tok.pos_ != "NOUN":
            continue
        prev = tok.i - 1
        if prev >= 0 and toks[prev].text in ("'s", "’s"):
            prev -= 1
        start = next((s for s in demonyms if s <= prev < s + 4), None)
        if start is not None:
            taken.add(tok.i)
            out.append((start, tok.i + 1, "Place", "capital", demonyms[start]))
    return out


def _retype_cities(chosen: list[Chosen], doc: Doc) -> list[Chosen]:
    """A one-word 'person' that is a large city and no part of any person's name ('Antakya')."""
    toks = tokens(doc)
    from .lexicon import city_population

    name_words = {toks[k].text for s, e, etype, _kind, _key in chosen if etype == "Person" and e - s > 1
                  for k in range(s, e)}
    out = []
    for s, e, etype, kind, key in chosen:
        word = toks[s].text
        if etype == "Person" and kind == "name" and e - s == 1 and word not in name_words \
                and city_population(fold(word)) >= 100_000:
            etype = "Place"
        out.append((s, e, etype, kind, key))
    return out


def _retype_by_use(chosen: list[Chosen], doc: Doc) -> list[Chosen]:
    """A 'person' that the sentence uses as a region or an outlet: a region noun
    follows it or governs it ("the [Name] region", "[Name] province", "the region of [Name]"),
    or an outlet noun follows it ("the [Name] newspaper") or it is the outlet of a report tagged
    on at a sentence's end (", [Name] reported."); the article's other mentions of that name go
    with it. Not one word of a longer person's name the article gives ("the [Given Name]
    region" is a region named after a person, but the person's name is then written in full)."""
    toks = tokens(doc)
    name_words = {toks[k].text for s, e, etype, _kind, _key in chosen if etype == "Person" and e - s > 1
                  for k in range(s, e)}
    retyped: dict[str, str] = {}
    for s, e, etype, kind, _key in chosen:
        word = span_text(doc, s, e)
        if etype != "Person" or kind != "name" or (e - s == 1 and word in name_words):
            continue
        use = _use_type(toks, s, e)
        if use:
            retyped[word] = use
    if not retyped:
        return chosen
    out = []
    for s, e, etype, kind, key in chosen:
        use = retyped.get(span_text(doc, s, e)) if etype == "Person" and kind == "name" else None
        if use:  # a region is no city: its key keeps the city lookup off it
            etype, key = use, "region" if use == "Place" else ""
        out.append((s, e, etype, kind, key))
    return out


def _use_type(toks: list[Token], s: int, e: int) -> str | None:
    """'Place' or 'Organization' when the words around tokens s..e make them a region's or an
    outlet's name (_retype_by_use), else None."""
    nxt = toks[e] if e < len(toks) else None
    region_of = s >= 2 and toks[s - 1].lower_ == "of" and toks[s - 2].lower_ in PLACE_NOUNS
    if region_of or (nxt is not None and nxt.is_lower and nxt.lower_ in PLACE_NOUNS):
        return "Place"
    if nxt is not None and nxt.is_lower and nxt.lower_ in OUTLET_NOUNS:
        return "Organization"
    tail = e + 1 < len(toks) and toks[e + 1].text in (".", ";")
    if nxt is not None and nxt.lower_ in REPORT_VERBS and s > 0 and toks[s - 1].text == "," and tail:
        return "Organization"
    return None


def _retype_misspelled_people(chosen: list[Chosen], doc: Doc) -> list[Chosen]:
    """A one-word 'organisation' spelled like a known person's name is that person ('Raieis'), and
    so is an organisation or place written exactly as a full name the article tags as a person."""
    words = {fold(t.text) for s, e, etype, _k, _key in chosen if etype == "Person"
             for t in doc[s:e] if len(t.text) >= 4}
    full = {fold(span_text(doc, s, e)) for s, e, etype, _k, _key in chosen if etype == "Person" and e - s > 1}
    out = []
    for s, e, etype, kind, key in chosen:
        w = fold(doc[s:e].text)
        if etype in ("Organization", "Place") and not key and e - s > 1 and w in full:
            etype = "Person"  # a full name the tagger called a person elsewhere in the article
        if etype in ("Organization", "Place") and not key and e - s == 1 and len(w) >= 4 and (w in words or (
                etype == "Organization" and len(w) >= 5
                and any(similar_names(w, x) for x in words))):
            etype = "Person"  # "Okello" tagged as a place, "Raieis" as an organisation
        out.append((s, e, etype, kind, key))
    return out


def _rescued_names(doc: Doc, chosen: list[Chosen], taken: set[int], lex: Lexicon) -> list[Chosen]:
    """Other occurrences of a known person's name that the tagger missed (or mis-typed), with a
    first name just before a bare surname ("... Revolution Tomás Vidal")."""
    toks = tokens(doc)
    names: dict[str, int] = {}
    for start, end, etype, _kind, _key in chosen:
        if etype == "Person":
            for tok in doc[start:end]:
                if len(tok.text) > 2:
                    names[tok.text] = names.get(tok.text, 0) + 1
    out = []
    for tok in toks:
        if tok.text in names and tok.i not in taken and tok.pos_ == "PROPN" and tok.text[:1].isupper():
            start = tok.i
            while (start - 1 >= 0 and start - 1 not in taken and tok.i - start < 2
                   and toks[start - 1].pos_ == "PROPN" and toks[start - 1].text[:1].isupper()
                   and toks[start - 1].lower_ not in NAME_STOP and toks[start - 1].lower_ not in lex.name_heads
                   and not _style_or_title(doc, start - 1, tok.i, lex)
                   and "\n" not in toks[start - 1].whitespace_):
                start -= 1
            taken.update(range(start, tok.i + 1))
            out.append((start, tok.i + 1, "Person", "name", ""))
    return out


def _style_or_title(doc: Doc, k: int, end: int, lex: Lexicon) -> bool:
    """Whether token k is a style or title word before a name ("Mr", "King", "Sheikh")."""
    word = fold(tokens(doc)[k].text.replace(".", ""))
    return bool(style_size(doc, k, end)) or word in lex.titles or word in STYLES


GROUP_PEOPLE = frozenset(w for w, t in lexicons.mapping("groups.tsv", "word", "type").items() if t == "Person")
GROUP_STATES = frozenset(w for w, t in lexicons.mapping("groups.tsv", "word", "type").items() if t == "State")


def _group_noun(toks: list[Token], i: int) -> Token | None:
    """The noun counted by 'two'/'both' at i - 1: the next word, or the word after one or two
    lower-case modifiers ("the two foreign ministers", "both prime ministers")."""
    for k in range(i, min(i + 3, len(toks))):
        t = toks[k]
        if t.tag_ == "NNS" or not (t.tag_ in ("JJ", "NN") and t.text.islower()):
            return t
    return None


def _groups(doc: Doc, taken: set[int]) -> list[Chosen]:
    """'the two presidents', 'both leaders', 'the two countries', 'the two' (as a subject)."""
    toks = tokens(doc)
    out = []
    for tok in toks:
        if tok.i in taken or tok.lower_ not in ("two", "both"):
            continue
        nxt = _group_noun(toks, tok.i + 1)
        if nxt is not None and nxt.tag_ == "NNS" and nxt.lemma_.lower() in GROUP_PEOPLE | GROUP_STATES:
            etype = "Person" if nxt.lemma_.lower() in GROUP_PEOPLE else "State"
            start = tok.i - 1 if tok.i > 0 and toks[tok.i - 1].lower_ in ("the", "these", "their") else tok.i
            taken.update(range(start, nxt.i + 1))
            out.append((start, nxt.i + 1, etype, "group", ""))
        elif tok.lower_ == "two" and tok.dep_.startswith("nsubj") and tok.i > 0 and toks[tok.i - 1].lower_ == "the":
            taken.update(range(tok.i - 1, tok.i + 1))
            out.append((tok.i - 1, tok.i + 1, "Person", "group", ""))
    return out


def title_at(doc: Doc, i: int, lex: Lexicon) -> tuple[int, str] | None:
    """(length, folded phrase) of the longest title starting at token i, else None (memoised
    per document)."""
    memo: dict[int, tuple[int, str] | None] = doc.user_data.setdefault("kg_titles", {})
    if i not in memo:
        memo[i] = _title_at(doc, i, lex)
    return memo[i]


TITLE_ABBREVIATIONS = lexicons.words("title_abbreviations")  # "PM", "FM": titles only in capitals


def is_title_word(text: str, lex: Lexicon) -> bool:
    """One word that is a title ("President"; an abbreviation only in capitals: "PM", not "pm")."""
    word = fold(text)
    return word in lex.titles and (word not in TITLE_ABBREVIATIONS or text.isupper())


def _title_at(doc: Doc, i: int, lex: Lexicon) -> tuple[int, str] | None:
    first = fold(tokens(doc)[i].text)
    if first not in lex.first_words and first.rstrip("s") not in lex.first_words:
        return None
    if first in TITLE_ABBREVIATIONS and not tokens(doc)[i].text.isupper():
        return None  # "7:30 pm"
    for size in (4, 3, 2, 1):
        if i + size <= len(doc):
            phrase = fold(span_text(doc, i, i + size).replace(" - ", "-"))
            if phrase in lex.titles:
                return size, phrase
            if size == 1 and phrase.endswith("s") and phrase[:-1] in lex.titles:  # "presidents"
                return 1, phrase[:-1]
            words = phrase.split(" ")
            if size > 1 and words[0].endswith("s") and " ".join([words[0][:-1], *words[1:]]) in lex.titles:
                return size, " ".join([words[0][:-1], *words[1:]])  # "ambassadors extraordinary and ..."
    return None


def _descriptions_and_pronouns(doc: Doc, lex: Lexicon, taken: set[int]) -> list[Chosen]:
    """'the Iranian president', 'his Cuban counterpart', 'the Russian leader', and he/his/she/her."""
    toks = tokens(doc)
    out = []
    for tok in toks:
        if tok.i in taken:
            continue
        if tok.lower_ in PRONOUNS and tok.pos_ == "PRON":
            out.append((tok.i, tok.i + 1, "Person", "pronoun", ""))
            continue
        hit = title_at(doc, tok.i, lex) if tok.pos_ in ("NOUN", "PROPN") else None
        if not hit:
            continue
        size, _phrase = hit
        end = tok.i + size
        if end < len(doc) and toks[end].pos_ == "PROPN" and toks[end].text[:1].isupper():
            continue  # a title before a name ("President Kask"): the name is the mention
        start = tok.i
        while start - 1 >= 0 and (toks[start - 1].pos_ in ("ADJ", "PROPN", "NOUN") or toks[start - 1].tag_ == "POS") \
                and toks[start - 1].lower_ not in ("of",) and toks[start - 1].lower_ not in PRONOUNS \
                and tok.i - start < 4:
            start -= 1
        if start - 1 >= 0 and toks[start - 1].lower_ in DETERMINERS | PRONOUNS:
            start -= 1
        elif start == tok.i:
            continue  # a bare "president" without determiner is no description
        out.append((start, end, "Person", "title", ""))
    return out
