"""Text helpers every stage uses, one floor below them: folding, slugs, month names, safe
dates and the fuzzy match of two spellings of a name.

Nothing here imports a stage (ingest, extract, resolve, export); they all import from here.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from datetime import date
from difflib import SequenceMatcher

from anyascii import anyascii

from . import lexicons
from .errors import KgError

__all__ = ["MONTH", "clean_label", "fold", "given_names", "key_name", "month_number", "month_pattern", "safe_date",
           "similar_names", "slug", "to_uri", "weekday_number"]


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used for lookups ("Tomás  Vidal" -> "tomas vidal")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"\s+", " ", text).strip()
    return text[4:] if text.startswith("the ") else text


def slug(text: str) -> str:
    """ASCII, lower-case, hyphenated form of `text` ("Tomás Vidal" -> "tomas-vidal",
    "Иван Петров" -> "ivan-petrov"): accents dropped, other letters and digits transliterated
    (anyascii), other characters separate words. Empty only when `text` has no letter or digit; a
    name too long for 80 characters ends in a hash of the whole."""
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if ch.isascii():
            out.append(ch)
        elif unicodedata.category(ch)[0] in "LN":
            out.append(anyascii(ch))
    key = re.sub(r"[^a-z0-9]+", "-", "".join(out).lower()).strip("-")
    if not key and any(unicodedata.category(ch)[0] in "LN" for ch in text):
        return _digest(text)
    return key if len(key) <= 80 else f"{key[:67].rstrip('-')}-{_digest(text)}"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def key_name(text: str) -> str:
    """A local name for an IRI: slug(text), else a hash of the text (never empty)."""
    return slug(text) or _digest(text)


_KEEP_FORMAT = {"\u200c", "\u200d"}  # zero-width (non-)joiner: spelling in Persian, Indic scripts, emoji


def clean_label(text: str) -> str:
    """A name or title for display: NFC, without control and invisible format characters (word
    joiner, BOM, bidi marks, soft hyphen; not the zero-width joiners scripts need), single-spaced."""
    text = unicodedata.normalize("NFC", text)
    if not text.isascii() or not text.isprintable():
        text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text
                       if unicodedata.category(c) != "Cf" or c in _KEEP_FORMAT)
    return " ".join(text.split())


@functools.cache
def _months() -> dict[str, int]:
    return {name: int(number) for name, number in lexicons.mapping("months.tsv", "name", "number").items()}


@functools.cache
def _weekdays() -> dict[str, int]:
    return {row["weekday"].lower()[:3]: int(row["number"]) for row in lexicons.rows("weekdays.tsv")}


def weekday_number(name: str) -> int | None:
    """0 (Monday) to 6 for a weekday name or abbreviation ("Thu.", "thursday"), else None."""
    return _weekdays().get(name.lower().rstrip(".")[:3])


def month_number(name: str) -> int | None:
    """1-12 for a month name or abbreviation ("Sept.", "june"), else None."""
    key = name.lower().rstrip(".")
    months = _months()
    return months.get(key) or months.get(key[:3])


def month_pattern(capitalised: bool = False) -> str:
    """The regular expression (no group) of a month name or abbreviation (months.tsv), with
    any letters and a full stop after it: "june", "sept.", "dec"; capitalised, as written in
    running text: "June", "Sept.", "Dec"."""
    names = sorted(_months(), key=lambda n: (_months()[n], n))
    return "(?:" + "|".join(re.escape(n.capitalize() if capitalised else n) for n in names) + r")[a-z]*\.?"


MONTH = month_pattern()


def safe_date(year: int, month: int, day: int) -> date | None:
    """date(year, month, day), or None where there is no such day (February 30)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


FUZZY = 0.8  # SequenceMatcher ratio for two spellings of one name


def similar_names(a: str, b: str, min_len: int = 4, ratio: float = FUZZY) -> bool:
    """Two folded words that spell one name ("raisi" ~ "raeisi"): equal, or both at least
    `min_len` letters, with the same first letter and a difflib similarity of at least `ratio`.

    difflib's Ratcliff-Obershelp ratio, not rapidfuzz's Indel ratio: the two differ on some
    pairs (rapidfuzz counts the longest common subsequence), and kg's output depends on it."""
    return a == b or (min(len(a), len(b)) >= min_len and a[:1] == b[:1]
                      and SequenceMatcher(None, a, b).ratio() >= ratio)


def to_uri(iri: str) -> str:
    """An IRI as an ASCII URI (RFC 3987, 3.1): a non-ASCII host in IDNA (punycode), every other
    non-ASCII character as the percent-encoded bytes of its UTF-8 ("Díaz" -> "D%C3%ADaz")."""
    if iri.isascii():
        return iri
    from urllib.parse import quote, urlsplit, urlunsplit

    try:
        parts = urlsplit(iri)
        host = parts.hostname or ""
        if host and not host.isascii():
            netloc = parts.netloc.replace(host, host.encode("idna").decode("ascii"))
            iri = urlunsplit(parts._replace(netloc=netloc))
    except (ValueError, UnicodeError) as exc:
        raise KgError(f"not a valid IRI: {iri!r} ({exc})") from exc
    return "".join(c if c.isascii() else quote(c, safe="") for c in iri)


PATRONYMICS = lexicons.words("patronymics")  # "bin", "ibn": a father's name follows


def given_names(words: list[str]) -> list[str] | None:
    """The words before the first patronymic particle of a name ("karim" of "karim bin
    idris bin rashid"), else None: the rest is a lineage shared by brothers and cousins."""
    at = next((k for k, w in enumerate(words) if k > 0 and w in PATRONYMICS), None)
    return words[:at] if at is not None else None
