"""URLs in: fetch web pages politely, for kg.ingest to read as articles.

A URL -> Page (the bytes, their type and encoding, the address they came from) with the
standard library's urllib: a User-Agent naming kg and its version, a timeout per request,
retries with exponential backoff on timeouts, connection failures and HTTP 429/5xx (Retry-After
honoured up to MAX_RETRY_AFTER), robots.txt read once per host and obeyed (urllib.robotparser;
its Crawl-delay too, up to MAX_CRAWL_DELAY), a delay between requests to one host, redirects
followed only to http and https, and a size cap. Every failure is a FetchError whose one-line
message names the URL.

robots.txt: 200 is obeyed; 401 and 403 forbid the whole host and other 4xx allow it (as
urllib.robotparser does); 5xx (after the retries) forbids the whole host for this run, as search
engines do: a host that cannot say what it allows is not crawled; no answer at all is the
page's error too ("cannot connect ..."). Each host's answer is read once per Fetcher.
"""
from __future__ import annotations

import logging
import re
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPMessage
from pathlib import Path
from typing import IO, Any, TypeVar
from urllib.parse import urljoin, urlsplit

from ._version import __version__
from .errors import FetchError, InputError

__all__ = ["USER_AGENT", "FetchOptions", "Fetcher", "Page", "check_url", "is_url", "read_url_list"]

log = logging.getLogger(__name__)

SCHEMES = ("http", "https")
USER_AGENT = f"kg/{__version__} (news event knowledge graph builder; Python urllib)"
ROBOTS_AGENT = "kg"  # the name robots.txt rules are matched against
ROBOTS_MAX_BYTES = 512_000
MAX_RETRY_AFTER = 60.0  # seconds; a longer Retry-After is waited this long
MAX_CRAWL_DELAY = 60.0
RETRY_STATUSES = {429, 500, 502, 503, 504}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
T = TypeVar("T")
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class FetchOptions:
    """How pages are fetched.

    timeout: seconds per request; retries: further tries after a timeout, a connection failure
    or HTTP 429/5xx, waiting backoff, 2 x backoff, ... seconds; delay: seconds between two requests
    to one host (robots.txt's Crawl-delay when longer); max_bytes: larger pages are refused.
    """

    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    delay: float = 1.0
    max_bytes: int = 10_000_000
    user_agent: str = USER_AGENT
    robots: bool = True


@dataclass(frozen=True)
class Page:
    """A fetched page: `url` as asked, `final_url` after redirects."""

    url: str
    final_url: str
    body: bytes
    content_type: str  # "text/html", "application/xhtml+xml" or "text/plain"
    charset: str | None = None

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES


def is_url(text: str) -> bool:
    """Whether an input names a URL ("scheme://...") rather than a path."""
    return bool(_URL_RE.match(text))


def check_url(url: str) -> str:
    """The URL, if it is an http or https URL with a host; else InputError naming it."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise InputError(f"{url}: only http and https URLs are fetched, not {parts.scheme or 'a bare path'}")
    if not parts.hostname:
        raise InputError(f"{url}: the URL names no host")
    return url


def read_url_list(path: str | Path) -> list[str]:
    """The URLs of a list file: one a line, blank lines and `#` comments skipped.

    Raises:
        InputError: the file cannot be read, or a line (named) holds no http(s) URL.
    """
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read URL list {p}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"URL list {p} is not UTF-8 text (bad byte at offset {exc.start})") from exc
    urls = []
    for n, line in enumerate(lines, start=1):
        text = re.sub(r"(^|\s)#.*", "", line).strip()
        if not text:
            continue
        if len(text.split()) > 1:
            raise InputError(f"{p}:{n}: one URL a line, not {text!r}")
        try:
            urls.append(check_url(text))
        except InputError as exc:
            raise InputError(f"{p}:{n}: {exc}") from exc
    return urls


class _Retry(Exception):
    """A failure worth another try; `wait` is the server's Retry-After, if it gave one."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http and https only (urllib alone would follow ftp: too)."""

    def http_error_302(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                       headers: HTTPMessage) -> Any:
        target = headers.get("location") or headers.get("uri")
        if target:
            new = urljoin(req.full_url, target)
            if urlsplit(new).scheme.lower() not in SCHEMES:
                fp.close()
                raise FetchError(f"{req.full_url}: redirect to {new} refused (only http and https are followed)")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class Fetcher:
    """Fetches pages one at a time, keeping each host's robots.txt rules and last request time."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self._opener = urllib.request.build_opener(_Redirects)
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        self._last: dict[str, float] = {}

    def fetch(self, url: str) -> Page:
        """The page at `url`.

        Raises:
            InputError: not an http(s) URL.
            FetchError: robots.txt forbids it, or it cannot be fetched (the message says why).
        """
        check_url(url)
        if self.options.robots:
            self._check_robots(url)
        return self._retrying(url, self.options.max_bytes,
                              lambda final, headers, body: self._page(url, final, headers, body))

    def _retrying(self, url: str, max_bytes: int, make: Callable[[str, Message, bytes], T]) -> T:
        """make(final URL, headers, body) of a GET of `url`, tried again after failures worth it."""
        opts = self.options
        tries = opts.retries + 1
        for attempt in range(tries):
            try:
                return make(*self._open(url, max_bytes))
            except _Retry as exc:
                if attempt + 1 == tries:
                    raise FetchError(f"{exc} ({tries} {'try' if tries == 1 else 'tries'})") from exc
                pause = opts.backoff * 2 ** attempt if exc.wait is None else exc.wait
                log.info("%s; trying again in %.1f s", exc, pause)
                time.sleep(pause)
        raise AssertionError("unreachable")  # pragma: no cover

    def _open(self, url: str, max_bytes: int) -> tuple[str, Message, bytes]:
        """(final URL, headers, body) of one GET; _Retry or FetchError on failure."""
        self._wait(url)
        req = urllib.request.Request(url, headers={"User-Agent": self.options.user_agent,
                                                   "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8"})
        timeout = self.options.timeout
        try:
            with self._opener.open(req, timeout=timeout) as resp:
                length = resp.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise FetchError(f"{url}: {int(length):,} bytes, more than the limit of {max_bytes:,}")
                body = resp.read(max_bytes + 1)
                if len(body) > max_bytes:
                    raise FetchError(f"{url}: more than the limit of {max_bytes:,} bytes")
                return resp.geturl(), resp.headers, body
        except urllib.error.HTTPError as exc:
            exc.close()
            where = f"{url}: HTTP {exc.code} {exc.reason}".rstrip()
            if exc.code in RETRY_STATUSES:
                raise _Retry(where, _retry_after(exc.headers)) from exc
            raise FetchError(where) from exc
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise _Retry(f"{url}: no answer within {timeout:g} s") from exc
            raise _Retry(f"{url}: cannot connect ({getattr(reason, 'strerror', None) or reason})") from exc
        except TimeoutError as exc:
            raise _Retry(f"{url}: no answer within {timeout:g} s") from exc
        except OSError as exc:
            raise _Retry(f"{url}: connection failed ({exc.strerror or exc})") from exc
        finally:
            self._last[_host(url)] = time.monotonic()

    def _page(self, url: str, final: str, headers: Message, body: bytes) -> Page:
        if headers.get("Content-Type"):
            ctype, charset = headers.get_content_type(), headers.get_content_charset()
        else:  # no type given: read it as a page (trafilatura finds out what it holds)
            ctype, charset = "text/html", None
        if ctype not in HTML_TYPES | TEXT_TYPES:
            raise FetchError(f"{url}: {ctype} is not a web page or text")
        return Page(url=url, final_url=final, body=body, content_type=ctype, charset=charset)

    def _wait(self, url: str) -> None:
        """Sleep until this host's delay since its last request has passed."""
        host = _host(url)
        last = self._last.get(host)
        if last is None:
            return
        delay = self.options.delay
        rules = self._robots.get(_origin(url))
        if isinstance(rules, urllib.robotparser.RobotFileParser):
            crawl = rules.crawl_delay(ROBOTS_AGENT)
            if crawl is not None:
                delay = max(delay, min(float(crawl), MAX_CRAWL_DELAY))
        pause = last + delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)

    def _check_robots(self, url: str) -> None:
        origin = _origin(url)
        if origin not in self._robots:  # read once per host, failures too
            self._robots[origin] = self._read_robots(origin)
        rules = self._robots[origin]
        if isinstance(rules, str):
            raise FetchError(f"{url}: {rules}")
        if not rules.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(f"{url}: disallowed by {origin}/robots.txt")

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | str:
        """The host's rules, or why no page of it is fetched ("cannot connect (...)")."""
        where = origin + "/robots.txt"
        rules = urllib.robotparser.RobotFileParser(where)

        def parse(_final: str, _headers: Message, body: bytes) -> None:
            rules.parse(body.decode("utf-8", "replace").splitlines())

        try:
            self._retrying(where, ROBOTS_MAX_BYTES, parse)
        except FetchError as exc:
            cause = exc.__cause__
            while isinstance(cause, _Retry):
                cause = cause.__cause__
            if not isinstance(cause, urllib.error.HTTPError):  # no answer, a refused redirect, too large
                return str(exc).removeprefix(f"{where}: ")
            if cause.code in (401, 403):  # the whole host forbidden
                rules.parse(["User-agent: *", "Disallow: /"])
            elif 400 <= cause.code < 500:  # no rules: everything allowed
                rules.parse([])
            else:
                return f"not fetched, {where} answered HTTP {cause.code} {cause.reason}".rstrip()
        return rules


def _retry_after(headers: Message) -> float | None:
    value = headers.get("Retry-After", "")
    if value.strip().isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    return None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
