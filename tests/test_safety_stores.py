"""Safe by default (issue 10): stores, kg serve, kg push and kg query touch only what they were
asked to, and make no network request nobody asked for. Real parts: Oxigraph stores and the
Oxigraph server, loopback http.server endpoints on 127.0.0.1, the kg command line."""
from __future__ import annotations

import http.server
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import free_port, oxigraph_server, oxigraph_server_binary, wait_for_sparql

from kg.endpoint import push, sparql_select
from kg.errors import KgError, QueryError
from kg.sparql import open_store, replace_store, run_query

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
EX = "https://example.org/safety/"


def _nt(n: int, start: int = 0) -> str:
    return "".join(f"<{EX}s{i}> <{EX}p> \"value {i}\" .\n" for i in range(start, start + n))


def _kg(*args: str, env: dict[str, str] | None = None, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})}, **kw)


def _one_error_line(p: subprocess.CompletedProcess[str]) -> str:
    assert p.returncode == 1, (p.returncode, p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), p.stderr
    return lines[0]


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


class Recorder:
    """A loopback HTTP server that records every request and answers with `answer`."""

    def __init__(self, answer: Callable[[Recorder, str, str, bytes], tuple[int, dict[str, str]]]) -> None:
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.answer = answer
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                recorder.requests.append((self.command, self.path, dict(self.headers.items()), body))
                code, headers = recorder.answer(recorder, self.command, self.path, body)
                self.send_response(code)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def recorder() -> Iterator[Callable[..., Recorder]]:
    made: list[Recorder] = []

    def make(answer: Callable[[Recorder, str, str, bytes], tuple[int, dict[str, str]]] = lambda *_: (200, {})
             ) -> Recorder:
        made.append(Recorder(answer))
        return made[-1]

    yield make
    for r in made:
        r.close()


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[str]:
    with oxigraph_server(tmp_path / "ox") as url:
        yield url


def _count(endpoint: str, graph: str | None = None) -> int:
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}" if graph else COUNT
    return int(sparql_select(endpoint + "/query", q).values()[0][0] or 0)


# ------------------------------------------------------------------ 1. --store
def test_build_store_never_deletes_a_folder_kg_did_not_make(tmp_path: Path) -> None:
    """Before: any folder holding a file named CURRENT was deleted with all in it."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "CURRENT").write_text("a file that happens to have this name\n", encoding="utf-8")
    (folder / "article.txt").write_text("An analyst's article.\n", encoding="utf-8")
    nt = tmp_path / "g.nt"
    nt.write_text(_nt(3), encoding="utf-8")
    before = _listing(folder)
    with pytest.raises(QueryError, match="no store made by kg"):
        replace_store(folder, nt)
    assert _listing(folder) == before


def test_query_store_on_an_ordinary_folder_is_an_error_and_leaves_it(tmp_path: Path) -> None:
    """Before: kg query --store DIR made a RocksDB store in any folder (exit 0)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "article.txt").write_text("An analyst's article.\n", encoding="utf-8")
    before = _listing(folder)
    line = _one_error_line(_kg("query", "--store", str(folder), "ASK { ?s ?p ?o }"))
    assert "no Oxigraph store" in line and str(folder) in line
    assert _listing(folder) == before


def test_query_then_build_store_scenario_keeps_the_articles(tmp_path: Path) -> None:
    """The reported sequence: kg query --store articles/ ... then kg build articles/ --store articles/."""
    from conftest import SAMPLE

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(Path(SAMPLE).read_text(encoding="utf-8"), encoding="utf-8")
    _kg("query", "--store", str(articles), "visits")
    p = _kg("build", str(articles), "--out", str(tmp_path / "o"), "--store", str(articles), "-q", "--no-cache")
    assert p.returncode == 1, p.stderr
    assert (articles / "a.txt").is_file()


def test_store_replacement_is_a_swap_and_a_failure_keeps_the_old_store(tmp_path: Path) -> None:
    """Before: the old store was deleted first, so a bad graph (or a full disk) left 0 triples."""
    store, good, bad = tmp_path / "store", tmp_path / "good.nt", tmp_path / "bad.nt"
    good.write_text(_nt(5), encoding="utf-8")
    bad.write_text(_nt(2) + "<not a triple\n", encoding="utf-8")
    from kg.sparql import STORE_MARK

    assert replace_store(store, good) == 5
    assert (store / STORE_MARK).is_file()
    with pytest.raises(QueryError, match="bad.nt"):
        replace_store(store, bad)
    s = open_store(store)
    assert run_query(s, COUNT).values() == [("5",)]
    del s
    good.write_text(_nt(7, 100), encoding="utf-8")
    assert replace_store(store, good) == 7  # kg's own store is replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nt", "good.nt", "store"]  # no temp folders left


def test_store_replacement_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    nt = tmp_path / "g.nt"
    nt.write_text(_nt(3), encoding="utf-8")
    for name in (".store.kg-new-abcd1234", ".store.kg-old-x_y9Z000"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "000012.sst").write_bytes(b"half a store")
    (tmp_path / ".store.kg-new-mine").mkdir()  # not a name kg makes: kept
    replace_store(tmp_path / "store", nt)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".store.kg-new-mine", "g.nt", "store"]


def test_query_opens_the_store_read_only(tmp_path: Path) -> None:
    """Before: kg query opened the store read-write (RocksDB wrote new files into it)."""
    store, nt = tmp_path / "store", tmp_path / "g.nt"
    nt.write_text(_nt(4), encoding="utf-8")
    replace_store(store, nt)
    before = _listing(store)
    p = _kg("query", "--store", str(store), COUNT, "--format", "csv")
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["n", "4"]
    assert _listing(store) == before


# ------------------------------------------------------------------ 2. kg serve
@pytest.fixture
def served(tmp_path: Path) -> Iterator[Callable[..., str]]:
    procs: list[subprocess.Popen[bytes]] = []
    nt = tmp_path / "served.nt"
    nt.write_text(_nt(6), encoding="utf-8")

    def start(*flags: str) -> str:
        oxigraph_server_binary()
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(nt), "--port", str(port), *flags],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        procs.append(proc)
        url = f"http://127.0.0.1:{port}"
        wait_for_sparql(url, proc)
        return url

    yield start
    for proc in procs:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def _post(url: str, data: dict[str, str], headers: dict[str, str] | None = None) -> int:
    req = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(), method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            resp.read()
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return exc.code


WIPE = {"update": "DELETE WHERE { ?s ?p ?o }"}


def test_serve_is_read_only_by_default(served: Callable[..., str]) -> None:
    """Before: a page on another origin posted DELETE WHERE to /update and wiped the store."""
    url = served()
    assert _post(url + "/update", WIPE, {"Origin": "http://attacker.example"}) == 403
    assert _post(url + "/update", WIPE) == 403
    assert _count(url) == 6


def test_serve_writable_refuses_cross_origin_writes(served: Callable[..., str]) -> None:
    url = served("--writable")
    assert _post(url + "/update", WIPE, {"Origin": "http://attacker.example"}) == 403
    assert _post(url + "/update", WIPE, {"Referer": "http://attacker.example/page.html"}) == 403
    assert _count(url) == 6
    insert = {"update": f"INSERT DATA {{ <{EX}x> <{EX}p> <{EX}y> }}"}
    assert _post(url + "/update", insert, {"Origin": url}) in (200, 204)  # same origin: allowed
    assert _count(url) == 7


def test_serve_answers_no_service_unless_asked(served: Callable[..., str], recorder: Callable[..., Recorder]) -> None:
    """Before: SERVICE made the server send requests, read-only or not."""
    remote = recorder(lambda *_: (500, {}))
    query = {"query": f"SELECT * WHERE {{ SERVICE <{remote.url}/sparql> {{ ?s ?p ?o }} }}"}
    url = served()
    assert _post(url + "/query", query) == 403
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(url + "/query?" + urllib.parse.urlencode(query), timeout=60)
    assert remote.requests == []
    url = served("--federation")
    _post(url + "/query", query)
    assert remote.requests  # asked for: sent


def test_serve_on_a_busy_port_is_one_line(tmp_path: Path) -> None:
    """Before: a 14-line Rust backtrace with RUST_BACKTRACE set."""
    oxigraph_server_binary()
    nt = tmp_path / "g.nt"
    nt.write_text(_nt(2), encoding="utf-8")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        p = _kg("serve", str(nt), "--port", str(busy.getsockname()[1]), env={"RUST_BACKTRACE": "full"})
    assert "listen" in _one_error_line(p)


def test_serve_store_on_an_ordinary_folder_is_an_error(tmp_path: Path) -> None:
    """Before: the Oxigraph server made a store in the folder."""
    oxigraph_server_binary()
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "n.txt").write_text("notes\n", encoding="utf-8")
    before = _listing(folder)
    assert "no Oxigraph store" in _one_error_line(_kg("serve", "--store", str(folder), "--port", str(free_port())))
    assert _listing(folder) == before


# ------------------------------------------------------------------ 3. push: all or nothing
def test_push_failing_on_chunk_2_leaves_the_target_alone(tmp_path: Path, recorder: Callable[..., Recorder]) -> None:
    """Before: the first chunk replaced the target (PUT ?default), then chunk 2 failed."""
    def answer(r: Recorder, method: str, path: str, body: bytes) -> tuple[int, dict[str, str]]:
        return (400, {}) if len(r.requests) == 2 else (204, {})

    server = recorder(answer)
    nt = tmp_path / "g.nt"
    nt.write_text(_nt(300), encoding="utf-8")
    with pytest.raises(KgError, match="HTTP 400"):
        push(nt, server.url + "/store", chunk_bytes=2_000)
    paths = [(m, urllib.parse.urlsplit(p).query) for m, p, _h, _b in server.requests]
    assert all(q.startswith("graph=urn%3Akg%3Apush%3A") for _m, q in paths), paths  # never the target
    assert paths[-1][0] == "DELETE" and paths[-1][1] == paths[0][1]  # the temporary graph is dropped


def test_push_without_an_update_endpoint_tries_every_chunk_first(tmp_path: Path,
                                                                recorder: Callable[..., Recorder]) -> None:
    """Pure Graph Store Protocol (no update URL can be derived from /gsp): the target is written
    only after the server accepted every chunk into the temporary graph; with an update URL one
    MOVE replaces the target."""
    server = recorder(lambda *_: (204, {}))
    nt = tmp_path / "g.nt"
    nt.write_text(_nt(100), encoding="utf-8")
    assert push(nt, server.url + "/gsp", chunk_bytes=2_000) == 100
    queries = [(m, urllib.parse.urlsplit(p).query) for m, p, _h, _b in server.requests]
    first_target = queries.index(("PUT", "default"))
    assert first_target > 1 and all(q.startswith("graph=urn") for _m, q in queries[:first_target])
    assert queries[-1][0] == "DELETE" and queries[-1][1].startswith("graph=urn")
    server.requests.clear()
    push(nt, server.url + "/gsp", chunk_bytes=2_000, update_endpoint=server.url + "/sparql-update")
    last = server.requests[-1]
    assert last[1] == "/sparql-update" and last[3].startswith(b"MOVE GRAPH <urn:kg:push:")
    assert all("default" not in p for _m, p, _h, _b in server.requests)


def test_push_parses_the_whole_file_before_sending(tmp_path: Path, recorder: Callable[..., Recorder]) -> None:
    """Before: .nt lines were sent as they were read; a bad line at the end came after the PUT."""
    server = recorder()
    nt = tmp_path / "g.nt"
    nt.write_text(_nt(20) + "<broken\n", encoding="utf-8")
    with pytest.raises(KgError, match="g.nt"):
        push(nt, server.url + "/store")
    assert server.requests == []


def test_push_to_oxigraph_is_atomic(tmp_path: Path, oxigraph: str) -> None:
    """Against a real Oxigraph server: a bad chunk 2 used to leave the first chunk as the graph."""
    first, nt = tmp_path / "first.nt", tmp_path / "g.nt"
    first.write_text(_nt(50), encoding="utf-8")
    assert push(first, oxigraph + "/store") == 50
    nt.write_text(_nt(200, 1000) + "<broken\n" + _nt(10, 5000), encoding="utf-8")
    with pytest.raises(KgError):
        push(nt, oxigraph + "/store", chunk_bytes=2_000)
    assert _count(oxigraph) == 50
    nt.write_text(_nt(300, 1000), encoding="utf-8")
    assert push(nt, oxigraph + "/store", chunk_bytes=2_000) == 300  # many chunks, then one MOVE
    assert _count(oxigraph) == 300
    graphs = sparql_select(oxigraph + "/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").values()
    assert graphs == []  # no temporary graph left
    iri = EX + "graph"
    assert push(nt, oxigraph + "/store", graph_iri=iri, replace=False, chunk_bytes=2_000) == 300
    assert _count(oxigraph, iri) == 300 and _count(oxigraph) == 300


# ------------------------------------------------------------------ 4. push: redirects and errors
def test_push_follows_no_redirect_and_sends_no_credentials_elsewhere(tmp_path: Path,
                                                                     recorder: Callable[..., Recorder]) -> None:
    """Before: the 302 was followed as a GET without body, with the Authorization header; exit 0."""
    elsewhere = recorder()
    moved = recorder(lambda *_: (302, {"Location": elsewhere.url + "/store?default"}))
    nt = tmp_path / "g.nt"
    nt.write_text(_nt(5), encoding="utf-8")
    p = _kg("push", str(nt), "--endpoint", moved.url + "/store", "--add", "--user", "u", "--password", "secret")
    assert "302" in _one_error_line(p)
    assert p.stdout == ""
    assert len(moved.requests) == 1 and elsewhere.requests == []


def test_push_error_answer_is_one_line(tmp_path: Path, recorder: Callable[..., Recorder]) -> None:
    server = recorder(lambda *_: (500, {}))
    nt = tmp_path / "g.nt"
    nt.write_text(_nt(5), encoding="utf-8")
    assert "HTTP 500" in _one_error_line(_kg("push", str(nt), "--endpoint", server.url + "/store", "--add"))


# ------------------------------------------------------------------ 5. kg query
def test_query_sends_no_service_request_unless_asked(tmp_path: Path, recorder: Callable[..., Recorder]) -> None:
    """Before: a local query with SERVICE sent a request to the named server."""
    remote = recorder(lambda *_: (500, {}))
    nt = tmp_path / "g.nt"
    nt.write_text(_nt(2), encoding="utf-8")
    q = f"SELECT * WHERE {{ SERVICE <{remote.url}/sparql> {{ ?s ?p ?o }} }}"
    assert "SERVICE" in _one_error_line(_kg("query", str(nt), q))
    escaped = "SELECT * WHERE { \\u0053ERVICE <" + remote.url + "/sparql> { ?s ?p ?o } }"
    assert "SERVICE" in _one_error_line(_kg("query", str(nt), escaped))
    assert remote.requests == []
    _kg("query", str(nt), q, "--federation")
    assert remote.requests


def test_remote_operations_skip_strings_iris_and_names() -> None:
    from kg.sparql import remote_operations

    text = 'SELECT ?service WHERE { ?service <urn:SERVICE> "SERVICE" . ex:service a s:x } # SERVICE'
    assert remote_operations(text) == []
    assert remote_operations("select * { service silent <http://x/> { } }") == ["SERVICE"]
    assert remote_operations("LOAD <http://example.org/x.ttl>") == ["LOAD"]


def test_query_table_escapes_control_characters(tmp_path: Path) -> None:
    """Before: escape sequences in article text went raw to the terminal."""
    nt = tmp_path / "g.nt"
    nt.write_text(f'<{EX}a> <{EX}title> "red \\u001B[31m alert\\u0007 \\u202Eevil\\r\\nline" .\n', encoding="utf-8")
    p = _kg("query", str(nt), "SELECT ?t WHERE { ?s ?p ?t }")
    assert p.returncode == 0, p.stderr
    assert "\x1b" not in p.stdout and "\x07" not in p.stdout and "\u202e" not in p.stdout and "\r" not in p.stdout
    assert "red \\x1b[31m alert\\x07 \\u202eevil\\r\\nline" in p.stdout
    csv_out = _kg("query", str(nt), "SELECT ?t WHERE { ?s ?p ?t }", "--format", "csv").stdout
    assert "\x1b[31m" in csv_out  # data formats keep the value as it is


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def test_query_streams_a_huge_result(tmp_path: Path) -> None:
    """Before: the rows were collected first; a cross product ended in MemoryError (and a pyo3
    panic) before the first row was printed. Now rows come out as they are found."""
    nt = tmp_path / "g.nt"
    nt.write_text(_nt(300), encoding="utf-8")
    q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 27 million rows
    proc = subprocess.Popen([sys.executable, "-m", "kg", "query", str(nt), q, "--format", "csv"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, preexec_fn=_limit_memory,
                            start_new_session=True)
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(2000)]
        assert lines[0].strip() == "a,b,c,d,e,f,g,h,i"
        assert all(line.count(",") == 8 for line in lines), lines[-1]
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)
        if proc.stdout is not None:
            proc.stdout.close()


def test_query_into_a_closed_pipe_is_a_quiet_exit(tmp_path: Path) -> None:
    """`kg query ... | head`: before, the whole result was collected first, then a
    BrokenPipeError was reported; now the reader stops kg quietly."""
    nt = tmp_path / "g.nt"
    nt.write_text(_nt(100), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "query", str(nt), "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_limit_memory)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().split() == [b"a", b"b", b"c", b"d", b"e", b"f"]
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0, err
    assert err == b""
