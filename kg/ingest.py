"""Read inputs into Articles: text files, saved web pages, folders of them, JSONL corpora, URLs.

Input paths and URLs -> Iterator[Article]. Files are read and URLs fetched lazily, one at a
time; web pages (saved or fetched) go through kg.web, URLs are fetched by kg.fetch.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from . import lexicons
from .errors import InputError
from .text import clean_label, month_number, month_pattern, safe_date, slug, weekday_number
from .types import Article
from .web import HTML_SUFFIXES, html_article, looks_like_html

if TYPE_CHECKING:
    from .fetch import Fetcher, FetchOptions

__all__ = ["month_number", "parse_article", "read_inputs", "read_jsonl", "read_text", "slug", "url_article"]

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SKIPPED_IN_FOLDERS = {"readme", "license", "licence", "changelog", "contributing"}  # not articles
_MONTH_RE = month_pattern(capitalised=True)
# "Havana, June 16 (RHC)--", "MOSCOW, March 22 (Reuters) -", "GUANGZHOU, China, April 7 —",
# and day first as many outlets write it: "Kigali, 10 February 2017 –"
DATELINE_RE = re.compile(
    r"^[ \t*_]*(?P<place>[A-Z][\w'.-]*(?:[ -][A-Z][\w'.-]*){0,3})"
    r"(?:,[ \t]+[A-Z][\w'.]*(?:[ -][A-Z][\w'.]*){0,2})?,[ \t]+"
    r"(?:(?P<month>" + _MONTH_RE + r")[ \t]+(?P<day>\d{1,2})|(?P<day2>\d{1,2})[ \t]+(?P<month2>" + _MONTH_RE
    + r"))(?:,?[ \t]+(?P<year>\d{4}))?"
    r"[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*(?:--|—|–|-|:)", re.M)
FULL_DATE_RE = re.compile(r"\b(?P<month>" + _MONTH_RE + r")[ \t]+(?P<day>\d{1,2}),?[ \t]+(?P<year>(?:19|20)\d{2})\b")
ISO_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# "Monday, March 6", "Monday (March 6)", "Mon, Mar 6"
WEEKDAY_DATE_RE = re.compile(r"\b(?P<weekday>(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?),?[ \t]+\(?"
                             r"(?P<month>" + _MONTH_RE + r")[ \t]+(?P<day>\d{1,2})(?!\d)(?![ \t,]*(?:19|20)\d\d)")
# A dateline without a date: "NAIROBI, Kenya (AFP) -", "PUTRAJAYA:", "Hanoi (VNA) –", "Pretoria -".
# The place is in capitals, or followed by an agency in brackets, or by a dash; text follows.
_TAIL = r"(?:,[ \t]+[A-Z][\w'.]*(?:[ -][A-Z][\w'.]*){0,2})?,?[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*"
PLACE_DATELINES = (
    re.compile(r"^[ \t*_]*(?P<place>[A-Z][A-Z'.-]+(?:[ -][A-Z][A-Z'.-]+){0,3})" + _TAIL
               + r"(?:(?P<colon>:)[ \t]+|(?:--|—|–)[ \t]*|-[ \t]+)(?=[A-Z\"'“])", re.M),
    re.compile(r"^[ \t*_]*(?P<place>[A-Z][a-z'.-]+(?:[ -][A-Z][a-z'.-]+){0,2})" + _TAIL
               + r"(?:(?:--|—|–)[ \t]*|-[ \t]+)(?=[A-Z\"'“])", re.M),
)
DATELINE_WINDOW = 1500  # a dateline opens the story, after at most some lines of page furniture
DATELINE_LEAD_MIN = 60  # the text after a dateline without a date runs on at least this long
HEADER_LINE_MAX = 100  # longer lines ending a sentence are prose, not header or headline
NEAR_DAYS = 7  # a full date this close to the dateline's day tells the same week's news
URL_RE = re.compile(r"https?://[^\s<>\"')\]]+")
_HOST_LIKE = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/", re.I)  # "news.example.com/story"


def read_inputs(paths: Iterable[str | Path], *, published: date | None = None, urls: Iterable[str] = (),
                fetch: FetchOptions | None = None) -> Iterator[Article]:
    """Yield an Article for every text file, web page, folder member, JSONL line and URL given.

    Args:
        paths: files (.txt, .md, .html, .htm), folders (searched recursively), JSONL corpora and
            http(s) URLs; a URL here that cannot be fetched stops the build (FetchError).
        published: the date to use for articles whose text gives none.
        urls: URLs (from a --urls list) fetched after `paths`; one that cannot be fetched or holds
            no article is a warning naming it and is skipped; FetchError only when none can be.
        fetch: timeouts, retries, per-host delay, size cap of the fetching (kg.fetch.FetchOptions).
    Raises:
        InputError: a path is missing, unreadable, not UTF-8, binary or empty; a URL is not http(s).
        FetchError: a URL of `paths` cannot be fetched, or none of `urls` can.
    """
    from .fetch import check_url

    items = list(_input_files(paths))
    listed = [check_url(u) for u in urls]
    for item in items:  # every JSONL line checked before the first article is handed on
        if isinstance(item, Path) and item.suffix.lower() in JSONL_SUFFIXES:
            check_jsonl(item)
    fetcher = _fetcher(fetch) if listed or any(isinstance(i, str) for i in items) else None
    for item in items:
        if isinstance(item, str):
            assert fetcher is not None
            yield url_article(item, fetcher, published=published)
        else:
            yield from _read_path(item, published)
    if listed:
        assert fetcher is not None
        yield from _listed_articles(listed, fetcher, published)


def _fetcher(options: FetchOptions | None) -> Fetcher:
    from .fetch import Fetcher

    return Fetcher(options)


def _listed_articles(urls: list[str], fetcher: Fetcher, published: date | None) -> Iterator[Article]:
    """The articles of a URL list, skipping (with a warning) those that cannot be had."""
    failed = 0
    for url in urls:
        try:
            article = url_article(url, fetcher, published=published)
        except InputError as exc:
            failed += 1
            log.warning("skipped: %s", exc)
            continue
        yield article
    if failed == len(urls):
        from .errors import FetchError

        raise FetchError(f"none of the {len(urls)} URLs given could be fetched as an article (see the warnings)")
    if failed:
        log.warning("%d of %d URLs skipped (named above)", failed, len(urls))


def url_article(url: str, fetcher: Fetcher, *, published: date | None = None) -> Article:
    """The Article of a web page (or plain text) fetched from `url`; its source is `url`, its
    schema:url the page's canonical URL, else the address it was fetched from.

    Raises:
        FetchError: the page cannot be fetched; InputError: it holds no article text.
    """
    from .errors import FetchError

    page = fetcher.fetch(url)
    article_id = _id_from_url(page.final_url)
    if page.is_html:
        return html_article(page.body, article_id=article_id, source=url, url=page.final_url, published=published)
    try:
        text = page.body.decode(page.charset or "utf-8")
    except (LookupError, UnicodeDecodeError) as exc:
        raise FetchError(f"{url}: the text is not {page.charset or 'UTF-8'}") from exc
    return parse_article(text, article_id=article_id, source=url, published=published, url=page.final_url)


def _id_from_url(url: str) -> str:
    """An article id from a URL: its last path segment without extension, else its host."""
    parts = urlsplit(url)
    last = Path(unquote(parts.path.rstrip("/"))).stem if parts.path.strip("/") else ""
    return slug(last) or slug(parts.hostname or "") or hashlib.sha1(url.encode()).hexdigest()[:12]


def _input_files(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """The files to read (folders expanded) and, as strings, the URLs to fetch."""
    from .fetch import check_url, is_url

    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            yield check_url(raw)
            continue
        path = Path(raw)
        if not path.exists():
            hint = " (a URL starts with http:// or https://)" if _HOST_LIKE.match(str(raw)) else ""
            raise InputError(f"no such file or folder: {path}{hint}")
        if path.is_dir():
            try:
                members = sorted(p for p in path.rglob("*") if p.is_file()
                                 and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES
                                 and p.stem.lower() not in SKIPPED_IN_FOLDERS and not p.name.startswith("."))
            except OSError as exc:
                raise InputError(f"cannot read folder {path}: {exc.strerror or exc}") from exc
            if not members and not _readable_dir(path):
                raise InputError(f"cannot read folder {path}: permission denied")
            log.debug("%s: %d article files", path, len(members))
            yield from members
        else:
            yield path


def _readable_dir(path: Path) -> bool:
    try:
        next(path.iterdir(), None)
        return True
    except OSError:
        return False


def _read_path(path: Path, published: date | None) -> Iterator[Article]:
    log.debug("reading %s", path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _jsonl_articles(path, published)
    elif path.suffix.lower() in HTML_SUFFIXES:
        yield html_article(_read_bytes(path), article_id=_id_from_path(path), source=str(path),
                           published=published, path_hint=str(path))
    else:
        yield parse_article(read_text(path), article_id=_id_from_path(path), source=str(path),
                            published=published, path_hint=str(path))


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; InputError for unreadable, binary or empty files."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if b"\x00" in data[:8192]:
        raise InputError(f"{path} is a binary file, not text")
    if not data.strip():
        raise InputError(f"{path} is empty")
    return data


def read_text(path: Path) -> str:
    """The file's text; InputError for unreadable, binary, non-UTF-8 or empty files."""
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text (bad byte at offset {exc.start})") from exc
    if not text.strip():
        raise InputError(f"{path} is empty")
    return text


def read_jsonl(path: Path, *, published: date | None = None) -> Iterator[Article]:
    """One Article per line of {"id", "text", "url", "published", "title"} (text required).

    The whole file is checked before the first Article is yielded (so a bad line stops a build
    before any parsing): InputError naming the file and line for a line that is no JSON object,
    is nested too deeply, holds a number too long to read, or has no text, an id that is no string
    or integer, or a date that is no ISO date. Repairable values are repaired with a warning: a
    lone surrogate becomes U+FFFD (same length: offsets hold), a url or title that is no string
    is left out (the title is then read from the text).
    """
    check_jsonl(path)
    yield from _jsonl_articles(path, published)


def check_jsonl(path: Path) -> None:
    """Read every line of a JSONL corpus as read_jsonl does: InputError or warnings, nothing kept."""
    for _n, _rec in _jsonl_records(path, warn=True):
        pass


def _jsonl_articles(path: Path, published: date | None) -> Iterator[Article]:
    for n, rec in _jsonl_records(path, warn=False):
        pub = _parse_iso(rec.get("published"), f"{path}:{n}") or published
        given = slug(str(rec["id"])) if rec.get("id") is not None else ""
        article_id, source = given or f"{_id_from_path(path)}-{n}", f"{path}:{n}"
        if looks_like_html(rec["text"]):  # a page: the record's own title, url and date win over the page's
            page = html_article(rec["text"], article_id=article_id, source=source, url=rec.get("url"), published=pub)
            yield replace(page, title=clean_label(rec["title"]) if rec.get("title") else page.title,
                          url=rec.get("url") or page.url, published=pub if rec.get("published") else page.published)
            continue
        yield parse_article(rec["text"], article_id=article_id, source=source, published=pub,
                            title=rec.get("title"), url=rec.get("url"))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _jsonl_records(path: Path, *, warn: bool) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, checked and repaired record) of every non-blank line."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with handle:
        try:
            for n, line in enumerate(handle, start=1):
                if line.strip():
                    yield n, _check_record(line, f"{path}:{n}", warn)
        except UnicodeDecodeError as exc:
            raise InputError(f"{path} is not UTF-8 text") from exc


def _check_record(line: str, where: str, warn: bool) -> dict[str, Any]:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg})") from exc
    except RecursionError as exc:
        raise InputError(f"{where}: not valid JSON (nested too deeply)") from exc
    except ValueError as exc:  # an integer of more than sys.get_int_max_str_digits() digits
        raise InputError(f"{where}: not valid JSON (a number too long to read)") from exc
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
        raise InputError(f"{where}: each line needs a non-empty \"text\" string")
    ident = rec.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, (str, int))):
        raise InputError(f"{where}: \"id\" must be a string or an integer, not {_json_type(ident)}")
    if isinstance(ident, int) and len(str(ident)) > 80:
        raise InputError(f"{where}: \"id\" is a number of {len(str(ident))} digits; give an id of at most 80")
    for name in ("url", "title"):
        if rec.get(name) is not None and not isinstance(rec[name], str):
            if warn:
                log.warning("%s: \"%s\" must be a string, not %s; left out", where, name, _json_type(rec[name]))
            rec[name] = None
    for name in ("text", "title", "url", "id", "published"):
        value = rec.get(name)
        if isinstance(value, str) and _SURROGATE.search(value):
            if warn:
                log.warning("%s: \"%s\" holds a lone surrogate (not Unicode text); replaced by U+FFFD", where, name)
            rec[name] = _SURROGATE.sub("\ufffd", value)
    return rec


def _json_type(value: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
            float: "a number"}.get(type(value), "null")


def _parse_iso(value: object, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise InputError(f"{where}: published must be an ISO date (YYYY-MM-DD), not {value!r}") from exc


def _id_from_path(path: Path) -> str:
    return slug(path.stem) or hashlib.sha1(str(path).encode()).hexdigest()[:12]


def parse_article(text: str, *, article_id: str, source: str = "", published: date | None = None,
                  title: str | None = None, url: str | None = None, path_hint: str = "") -> Article:
    """Build an Article from raw text, reading its headline, dateline, date and source address.

    The date comes from, in order: `published`; a dateline with a year; the dateline's month and
    day with the year fixed by the text's own evidence for that day (a weekday, a full date
    within a week of it), else by the file name, else the latest year the text mentions; with no
    dated dateline, a full date in the header lines, the file name's ISO date, or a full date
    in the lead paragraph; else None. A background date ("signed on June 3, 2019") never
    gives the year.
    """
    # the text stays as read (no Unicode normalisation): evidence offsets index the file's text
    if not text.strip():
        raise InputError(f"{source or article_id}: the article is empty")
    m = DATELINE_RE.search(text)
    pub = published
    if m and pub is None:
        month, day = month_number(m.group("month") or m.group("month2")), int(m.group("day") or m.group("day2"))
        year = int(m.group("year")) if m.group("year") else _guess_year(text, path_hint, month, day)
        pub = safe_date(year, month, day) if year and month else None
    if pub is None and not m:
        pub = _undated_article_date(text, path_hint)
    if m is None:
        m = _place_dateline(text[:DATELINE_WINDOW])
    dateline_place = m.group("place").strip() if m else None
    if url is None:
        found = URL_RE.search(text)
        url = found.group(0).rstrip(".,;>") if found else None
    return Article(id=article_id, text=text, title=clean_label(title or _headline(text)), url=url,
                   published=pub, source=source, dateline_place=dateline_place,
                   dateline=(m.start("place"), m.end()) if m else None)


def _place_dateline(text: str) -> re.Match[str] | None:
    """The first dateline without a date ("NAIROBI (AFP) -", "Hanoi (VNA) –"); one ending in a
    colon ("PUTRAJAYA:") only when none ends in a dash (a headline may open "PANAMA: ...")."""
    labels = lexicons.words("page_labels")  # "READ ALSO: ..." is a link, not a dateline
    found = [m for rx in PLACE_DATELINES for m in rx.finditer(text)
             if _opens_lead(text, m.end()) and m.group("place").strip().lower() not in labels]
    return min(found, key=lambda m: (bool(m.groupdict().get("colon")), m.start())) if found else None


def _opens_lead(text: str, at: int) -> bool:
    """A dateline opens a paragraph of prose, not a headline ("Okello - Kask talks")."""
    end = text.find("\n", at)
    return (end if end >= 0 else len(text)) - at >= DATELINE_LEAD_MIN


def _full_dates(text: str) -> list[date]:
    out = []
    for fm in FULL_DATE_RE.finditer(text):
        month = month_number(fm.group("month"))
        if month and (d := safe_date(int(fm.group("year")), month, int(fm.group("day")))):
            out.append(d)
    return out


def _undated_article_date(text: str, path_hint: str) -> date | None:
    """The date of an article without a dated dateline: a full date on a header line (a short
    line before the body: "Friday, November 15, 2024", "Posted: ..."), the file name's ISO date,
    else a full date in the lead paragraph (the first line of prose)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    lead = next((i for i, ln in enumerate(lines) if len(ln) > HEADER_LINE_MAX and ln[-1] in ".!?\"'”"), len(lines))
    for ln in lines[:lead]:
        if dates := _full_dates(ln):
            return dates[0]
    iso = ISO_DATE_RE.search(Path(path_hint).name if path_hint else "")
    if iso and (d := safe_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))):
        return d
    dates = _full_dates(lines[lead]) if lead < len(lines) else []
    return dates[0] if dates else None


def _near(d: date, month: int, day: int, days: int = NEAR_DAYS) -> bool:
    """d lies within `days` of month-day in d's year or a neighbouring one (across New Year)."""
    return any((x := safe_date(d.year + k, month, day)) is not None and abs((d - x).days) <= days
               for k in (-1, 0, 1))


def _weekday_years(text: str, month: int, day: int, years: range) -> list[int]:
    """The years in which every "Monday, March 6" of the text within a week of the dateline's
    day falls on its weekday (all the years if the text pairs no weekday with a day)."""
    pairs = [(wd, mo, int(w.group("day"))) for w in WEEKDAY_DATE_RE.finditer(text)
             if (mo := month_number(w.group("month"))) and (wd := weekday_number(w.group("weekday"))) is not None]
    fits = []
    for y in years:
        anchor = safe_date(y, month, min(day, 28))
        assert anchor is not None
        told = [(wd, x) for wd, mo, d in pairs
                if (x := _nearest(anchor, mo, d)) is not None and abs((x - anchor).days) <= NEAR_DAYS]
        if all(x.weekday() == wd for wd, x in told):
            fits.append((y, bool(told)))
    if any(strong for _, strong in fits):
        return [y for y, strong in fits if strong]
    return [y for y, _ in fits]


def _nearest(anchor: date, month: int, day: int) -> date | None:
    """The month-day nearest the anchor (this year, the one before or the one after)."""
    options = [x for k in (-1, 0, 1) if (x := safe_date(anchor.year + k, month, day))]
    return min(options, key=lambda x: abs((x - anchor).days)) if options else None


def _file_year(path_hint: str) -> int | None:
    name = Path(path_hint).name if path_hint else ""
    iso = ISO_DATE_RE.search(name)
    if iso:
        return int(iso.group(1))
    years = [int(y) for y in YEAR_RE.findall(name)]
    return years[-1] if years else None


def _guess_year(text: str, path_hint: str, month: int | None, day: int) -> int | None:
    """The year of a dateline that gives none. Evidence for that very day first: a full date in
    the text within a week of it, or a weekday named with a day ("Monday, March 6": the year in
    which it is a Monday, nearest the other evidence); then the file name; then the latest year
    the text names that is not after this year. A full date far from the dateline's day is
    background ("signed on June 3, 2019") and gives no year."""
    if not month:
        return None
    near = [d for d in _full_dates(text) if _near(d, month, day)]
    if near:
        return near[0].year
    this_year = date.today().year
    other = _file_year(path_hint)
    if other is None:
        years = [int(y) for y in YEAR_RE.findall(text) if int(y) <= this_year]
        other = max(years) if years else None
    span = range(1990, this_year + 1)
    fits = _weekday_years(text, month, day, span)
    if len(fits) < len(span):  # the weekdays chose
        pivot = other if other is not None else this_year
        return min(fits, key=lambda y: (abs(y - pivot), -y)) if fits else other
    return other


def _headline(text: str) -> str:
    for line in text.splitlines():
        clean = line.strip().strip("#*_ \t").strip()
        if clean and not clean.startswith("---") and not URL_RE.fullmatch(clean.strip("<>")):
            return clean[:300]
    return ""
