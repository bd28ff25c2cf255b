"""Web pages and URLs in: a saved page builds as its text does; URLs are fetched politely.

The page (tests/fixtures/web/lakeside-maroa-ferrand.html, an invented article) carries a menu,
a cookie banner, scripts, JSON-LD, Open Graph tags, related and most-read lists and a footer;
its .txt sibling is the article alone. URLs are served by a loopback server the tests start.
"""
from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kg import cli
from kg.errors import FetchError, InputError
from kg.fetch import USER_AGENT, Fetcher, FetchOptions, read_url_list
from kg.ingest import read_inputs
from kg.web import html_article

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "web"
PAGE = FIXTURES / "lakeside-maroa-ferrand.html"
TEXT = FIXTURES / "lakeside-maroa-ferrand.txt"
CANONICAL = "https://lakeside-herald.example/world/2024/03/14/maroa-hosts-ferrand"
# words of the page's furniture: menu, cookie banner, script, related and most-read lists, footer
FURNITURE = ("cookie", "accept", "subscribe", "weather", "sport", "quilbo", "tracker", "tanzania", "kampala",
             "okumbe", "dodoma", "ghanaian", "juba", "rwandan", "gor mahia", "leopards", "shilling", "most read",
             "related", "rights reserved", "privacy", "contact us", "social media", "<", "datetime")
NO_WAIT = FetchOptions(delay=0.0, backoff=0.0, timeout=5.0)


def _events(result):
    labels = {e.key: e.label for e in result.entities}
    return sorted((e.type, tuple(sorted(labels[a] for a in e.agents)), tuple(sorted(labels[t] for t in e.targets)),
                   labels.get(e.place or "", e.place), e.date) for e in result.events)


@pytest.fixture(scope="module")
def page_result(nlp):
    from kg.pipeline import build

    return build([PAGE])


@pytest.fixture(scope="module")
def text_result(nlp):
    from kg.pipeline import build

    return build([TEXT], published=date(2024, 3, 14))  # the page's date is in its metadata only


def test_page_builds_the_events_of_its_text(page_result, text_result):
    assert _events(page_result) == _events(text_result)
    kinds = {e[0] for e in _events(page_result)}
    assert {"visit", "meet", "sign_agreement", "praise"} <= kinds
    assert sorted(e.key for e in page_result.entities) == sorted(e.key for e in text_result.entities)


def test_page_text_is_the_article_alone(page_result):
    (article,) = page_result.articles
    (plain,) = read_inputs([TEXT])
    page = html_article(PAGE.read_bytes(), article_id="x", source=str(PAGE))
    assert page.text == plain.text  # headline, then paragraphs separated by blank lines
    assert article.text_sha256 == hashlib.sha256(TEXT.read_bytes()).hexdigest()


def test_no_page_furniture_reaches_the_graph(page_result):
    texts = [e.label for e in page_result.entities] + [a for e in page_result.entities for a in e.aliases]
    texts += [x.text for e in page_result.events for x in e.evidence]
    texts += [x.text for r in page_result.relations for x in r.evidence]
    assert texts
    for text in texts:
        for word in FURNITURE:
            assert word not in text.lower(), (word, text)


def test_title_date_url_author_and_site_come_from_the_metadata(page_result):
    (a,) = page_result.articles
    assert a.title == "Maroa hosts Ferrand at State House"  # not the <title> with the site's name
    assert a.published == date(2024, 3, 14)
    assert a.url == CANONICAL
    assert (a.author, a.site) == ("Wanjiru Kasembe", "The Lakeside Herald")
    assert a.dateline_place == "NAIROBI"
    nt = page_result.ntriples.decode()
    node = "<https://example.org/kg/article/lakeside-maroa-ferrand>"
    for triple in (f'<https://schema.org/url> "{CANONICAL}"^^<http://www.w3.org/2001/XMLSchema#anyURI>',
                   '<https://schema.org/datePublished> "2024-03-14"',
                   '<https://schema.org/author> "Wanjiru Kasembe"',
                   '<https://schema.org/publisher> "The Lakeside Herald"',
                   f'<https://example.org/kg/ontology#textSha256> "{a.text_sha256}"'):
        assert f"{node} {triple}" in nt


def test_a_page_graph_conforms_to_the_shapes(page_result):
    from kg.validate import validate

    assert validate(page_result.rdf) == []


def test_evidence_offsets_index_the_extracted_text(page_result):
    text = html_article(PAGE.read_bytes(), article_id="x", source=str(PAGE)).text
    spans = [x for e in page_result.events for x in e.evidence]
    assert spans
    for x in spans:
        assert text[x.start:x.end] == x.text


@pytest.mark.parametrize("opening, place, published", [
    ("KIGALI, 10 February 2017 &ndash; Rwandan President Amani Kagabo received Belgian envoys.", "KIGALI",
     date(2017, 2, 10)),
    ("Havana, June 16, 2023 (RHC)-- Cuban Foreign Minister Rosa Almeida praised Iran.", "Havana", date(2023, 6, 16)),
])
def test_a_dateline_in_the_first_paragraph_gives_place_and_date(opening, place, published):
    html = (f"<!doctype html><html><head><title>Talks</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Talks in the capital</h1><p>{opening} The talks lasted for three hours and ended "
            "with a joint statement on trade, schools and roads.</p><p>Both sides agreed to meet again before "
            "the end of the year in the same city.</p></article></body></html>")
    a = html_article(html, article_id="x", source="x.html")
    assert (a.dateline_place, a.published) == (place, published)
    assert a.text.startswith("Talks in the capital\n\n")


def test_folders_hold_pages_next_to_texts(tmp_path):
    (tmp_path / "a.html").write_bytes(PAGE.read_bytes())
    (tmp_path / "b.htm").write_bytes(PAGE.read_bytes())
    (tmp_path / "c.txt").write_bytes(TEXT.read_bytes())
    articles = list(read_inputs([tmp_path]))
    assert [a.id for a in articles] == ["a", "b", "c"]
    assert len({a.text for a in articles}) == 1


def test_a_jsonl_record_holding_a_page_is_read_as_one(tmp_path):
    f = tmp_path / "c.jsonl"
    html = PAGE.read_text(encoding="utf-8")
    f.write_text(json.dumps({"id": "p1", "text": html}) + "\n"
                 + json.dumps({"id": "p2", "text": html, "title": "Given", "published": "2024-03-15"}) + "\n",
                 encoding="utf-8")
    first, second = read_inputs([f])
    assert first.text == TEXT.read_text(encoding="utf-8") and first.url == CANONICAL
    assert (second.title, second.published) == ("Given", date(2024, 3, 15))  # the record's own fields win


@pytest.mark.parametrize("content", [b"https://example.org/article", b"   \n", b"<html><body></body></html>"])
def test_a_page_without_article_text_is_a_one_line_error_and_nothing_is_fetched(content, tmp_path, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    f = tmp_path / "empty.html"
    f.write_bytes(content)
    with pytest.raises(InputError, match=r"empty\.html") as exc:
        list(read_inputs([f]))
    assert "\n" not in str(exc.value)


def test_a_page_without_text_through_the_cli_is_one_line(tmp_path):
    import subprocess
    import sys

    f = tmp_path / "empty.html"
    f.write_text("<html><body></body></html>", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(f), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 1
    assert done.stderr == f"Error: {f}: no article text found in the page\n"  # no library's log lines


def test_a_page_in_its_declared_encoding(tmp_path):
    html = ("<html><head><meta charset='iso-8859-1'><title>Z</title></head><body><article><h1>Talks in Z\u00fcrich"
            "</h1><p>ZURICH, May 3 - Swiss President Ren\u00e9 M\u00fcller met Austrian Chancellor Eva Gr\u00fcber "
            "in Z\u00fcrich on Tuesday to talk about rail links across the Alps.</p></article></body></html>")
    f = tmp_path / "latin.html"
    f.write_bytes(html.encode("iso-8859-1"))
    (a,) = read_inputs([f])
    assert "René Müller met Austrian Chancellor Eva Grüber in Zürich" in a.text


# -- URLs: a loopback server ---------------------------------------------------------------------------

class _Site(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []  # (path, user agent) of every request
    flaky: dict[str, int] = {}
    robots = 200  # the status robots.txt is answered with

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.seen.append((self.path, self.headers.get("User-Agent", "")))
        page = PAGE.read_bytes()
        routes = {
            "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
            "/news/maroa.html": (200, "text/html; charset=utf-8", page),
            "/private/maroa.html": (200, "text/html; charset=utf-8", page),
            "/plain.txt": (200, "text/plain; charset=utf-8", TEXT.read_bytes()),
            "/report.pdf": (200, "application/pdf", b"%PDF-1.4"),
            "/bare.html": (200, "text/html", page.replace(b"https://lakeside-herald.example", b"/x")
                           .replace(b'<link rel="canonical"', b"<link").replace(b'"url"', b'"x"')
                           .replace(b'property="og:url"', b'property="og:x"')),
        }
        if self.path == "/robots.txt" and self.robots != 200:
            self._send(self.robots, "text/plain", b"")
        elif self.path in routes:
            self._send(*routes[self.path])
        elif self.path.startswith("/to-"):  # a redirect to the scheme named
            self.send_response(302)
            target = {"/to-file": "file:///etc/passwd", "/to-ftp": "ftp://127.0.0.1/x.html",
                      "/to-data": "data:text/html,<p>x</p>", "/to-page": "/news/maroa.html"}[self.path]
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(2)
            self._send(200, "text/html", page)
        elif self.path == "/flaky":
            self.flaky["n"] = self.flaky.get("n", 0) + 1
            if self.flaky["n"] == 1:
                self._send(503, "text/plain", b"busy")
            else:
                self._send(200, "text/html", page)
        else:
            self._send(404, "text/plain", b"not here")

    def _send(self, code: int, ctype: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (the timeout test)
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _kg(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(list(args))
    err = capsys.readouterr().err
    return code, err


def test_a_url_builds_as_the_saved_page(site, page_result, nlp):
    from kg.pipeline import build

    result = build([f"{site}/news/maroa.html"], fetch=NO_WAIT)
    assert _events(result) == _events(page_result)
    (a,) = result.articles
    assert (a.url, a.source, a.id) == (CANONICAL, f"{site}/news/maroa.html", "maroa")
    assert any(ua == USER_AGENT and ua.startswith("kg/") for _p, ua in _Site.seen)
    assert ("/robots.txt", USER_AGENT) in _Site.seen


def test_kg_build_url_writes_the_graph(site, tmp_path, capsys, nlp):
    code, err = _kg(capsys, "build", f"{site}/to-page", "--out", str(tmp_path), "--fetch-delay", "0", "-q")
    assert (code, err) == (0, "")
    nt = (tmp_path / "graph.nt").read_text(encoding="utf-8")
    assert f'<https://schema.org/url> "{CANONICAL}"' in nt and "sign" in nt.lower()


def test_without_a_canonical_link_the_url_fetched_is_the_articles(site):
    from kg.ingest import url_article

    a = url_article(f"{site}/bare.html", Fetcher(NO_WAIT))
    assert a.url == f"{site}/bare.html"


def test_a_text_url_is_read_as_text(site):
    from kg.ingest import url_article

    a = url_article(f"{site}/plain.txt", Fetcher(NO_WAIT))
    assert a.text == TEXT.read_text(encoding="utf-8") and a.url == f"{site}/plain.txt"


@pytest.mark.parametrize("path, message", [
    ("/private/maroa.html", r"/private/maroa\.html: disallowed by http://127\.0\.0\.1:\d+/robots\.txt$"),
    ("/to-file", r"/to-file: redirect to file:///etc/passwd refused \(only http and https are followed\)$"),
    ("/to-ftp", r"/to-ftp: redirect to ftp://127\.0\.0\.1/x\.html refused"),
    ("/to-data", r"/to-data: redirect to data:text/html,<p>x</p> refused"),
    ("/missing.html", r"/missing\.html: HTTP 404 Not Found$"),
    ("/report.pdf", r"/report\.pdf: application/pdf is not a web page or text$"),
])
def test_a_url_that_cannot_be_had_is_a_one_line_error(site, path, message, tmp_path, capsys):
    import re

    _Site.seen.clear()
    code, err = _kg(capsys, "build", site + path, "--out", str(tmp_path / "out"), "--fetch-delay", "0")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(f"Error: {site}{path}: ") and "Traceback" not in err
    assert re.search(message, err.strip()), err
    assert not (tmp_path / "out").exists()
    if path.startswith("/private/"):  # robots.txt read, the page never asked for
        assert [p for p, _ in _Site.seen] == ["/robots.txt"]


@pytest.mark.parametrize("status, error", [
    (404, None), (410, None),  # no rules: everything allowed
    (403, "{url}: disallowed by {site}/robots.txt"), (401, "{url}: disallowed by {site}/robots.txt"),
    (503, "{url}: not fetched, {site}/robots.txt answered HTTP 503 Service Unavailable"),
])
def test_robots_txt_answers(site, status, error, monkeypatch):
    monkeypatch.setattr(_Site, "robots", status)
    url = f"{site}/news/maroa.html"
    fetcher = Fetcher(FetchOptions(delay=0.0, backoff=0.0, retries=1))
    if error is None:
        assert fetcher.fetch(url).is_html
    else:
        _Site.seen.clear()
        with pytest.raises(FetchError) as exc:
            fetcher.fetch(url)
        assert str(exc.value) == error.format(url=url, site=site)
        assert "/news/maroa.html" not in [p for p, _ in _Site.seen]


def test_a_host_that_does_not_answer_is_a_one_line_error(capsys, tmp_path):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x.html"
    with pytest.raises(FetchError, match=rf"^{url}: cannot connect \(.*\) \(1 try\)$"):
        Fetcher(FetchOptions(retries=0, delay=0.0)).fetch(url)


def test_only_http_and_https_urls_are_fetched(capsys, tmp_path):
    code, err = _kg(capsys, "build", "ftp://127.0.0.1/x.html", "--out", str(tmp_path))
    assert code == 1 and err == "Error: ftp://127.0.0.1/x.html: only http and https URLs are fetched, not ftp\n"


def test_a_timeout_is_a_one_line_error(site):
    with pytest.raises(FetchError) as exc:
        Fetcher(FetchOptions(timeout=0.3, retries=1, backoff=0.0, delay=0.0)).fetch(f"{site}/slow")
    assert str(exc.value) == f"{site}/slow: no answer within 0.3 s (2 tries)"


def test_a_busy_server_is_tried_again(site):
    _Site.flaky.clear()
    page = Fetcher(NO_WAIT).fetch(f"{site}/flaky")
    assert page.is_html and _Site.flaky["n"] == 2
    _Site.flaky.clear()
    with pytest.raises(FetchError, match=r"/flaky: HTTP 503 Service Unavailable \(1 try\)$"):
        Fetcher(FetchOptions(retries=0, delay=0.0)).fetch(f"{site}/flaky")


def test_a_page_over_the_size_cap_is_refused(site):
    with pytest.raises(FetchError, match=r"/news/maroa\.html: [\d,]+ bytes, more than the limit of 1,000$"):
        Fetcher(FetchOptions(max_bytes=1000, delay=0.0)).fetch(f"{site}/news/maroa.html")


def test_requests_to_one_host_wait_the_delay(site, monkeypatch):
    import kg.fetch

    pauses: list[float] = []
    monkeypatch.setattr(kg.fetch.time, "sleep", pauses.append)
    fetcher = Fetcher(FetchOptions(delay=30.0))
    fetcher.fetch(f"{site}/news/maroa.html")  # robots.txt, then the page: one wait
    fetcher.fetch(f"{site}/plain.txt")  # one more
    assert len(pauses) == 2 and all(25 < p <= 30 for p in pauses)


def test_a_url_list_skips_what_fails_and_says_so(site, tmp_path, capsys, caplog, nlp):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# the week's pages\n{site}/news/maroa.html\n\n{site}/missing.html  # gone\n"
                    f"{site}/private/maroa.html\n", encoding="utf-8")
    assert read_url_list(urls) == [f"{site}/news/maroa.html", f"{site}/missing.html", f"{site}/private/maroa.html"]
    code, err = _kg(capsys, "build", "--urls", str(urls), "--out", str(tmp_path / "out"), "--fetch-delay", "0", "-q")
    assert (code, err) == (0, "")  # the warnings go to logging (stderr outside pytest)
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        f"skipped: {site}/missing.html: HTTP 404 Not Found",
        f"skipped: {site}/private/maroa.html: disallowed by {site}/robots.txt",
        "2 of 3 URLs skipped (named above)"]
    assert (tmp_path / "out" / "graph.nt").exists()


def test_a_url_list_of_which_none_can_be_had_is_an_error(site, tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site}/missing.html\n{site}/to-file\n", encoding="utf-8")
    code, err = _kg(capsys, "build", "--urls", str(urls), "--out", str(tmp_path / "out"), "--fetch-delay", "0")
    assert code == 1
    assert err.splitlines()[-1] == "Error: none of the 2 URLs given could be fetched as an article (see the warnings)"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("line, message", [
    ("ftp://127.0.0.1/x.html", "only http and https URLs are fetched, not ftp"),
    ("news/maroa.html", "only http and https URLs are fetched, not a bare path"),
    ("http://a.example/x http://b.example/y", "one URL a line"),
])
def test_a_bad_line_of_a_url_list_is_named(line, message, tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# list\n{line}\n", encoding="utf-8")
    code, err = _kg(capsys, "build", "--urls", str(urls), "--out", str(tmp_path / "out"))
    assert code == 1 and err.startswith(f"Error: --urls: {urls}:2: ") and message in err and err.count("\n") == 1


@pytest.mark.parametrize("args, message", [
    ([], "Error: give the articles to build: files, folders, URLs or --urls FILE\n"),
    (["--urls", "no-such-list.txt"],
     "Error: --urls: cannot read URL list no-such-list.txt: No such file or directory\n"),
    (["www.example.com/story"], "Error: no such file or folder: www.example.com/story "
                                "(a URL starts with http:// or https://)\n"),
])
def test_build_needs_something_to_read(args, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _kg(capsys, "build", *args, "--out", "out") == (1, message)
