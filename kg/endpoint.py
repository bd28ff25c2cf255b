"""Talking to triple stores over HTTP: push a graph (SPARQL 1.1 Graph Store HTTP Protocol),
query an endpoint (SPARQL 1.1 Protocol), and serve a graph locally with the Oxigraph server.

    push("out/graph.ttl", "http://127.0.0.1:7878/store")        # Oxigraph
    push("out/graph.nt", "http://localhost:3030/kg/data")        # Fuseki dataset "kg"
    push("out/graph.nt", "http://localhost:7200/repositories/kg/rdf-graphs/service")  # GraphDB
"""
from __future__ import annotations

import base64
import http.client
import http.server
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import KgError, QueryError
from .sparql import (
    _SUFFIX_FORMATS,
    QueryResult,
    Term,
    _graph_file,
    is_store,
    make_term,
    remote_operations,
    replace_store,
)

NTRIPLES = "application/n-triples"
log = logging.getLogger(__name__)


def _ntriples_lines(graph: str | Path) -> Iterator[bytes]:
    """The triples of the graph file's default graph as N-Triples lines (parsed, so a file that
    does not parse raises QueryError naming it)."""
    import pyoxigraph as ox

    p, fmt = _graph_file(graph, _SUFFIX_FORMATS)
    try:
        for quad in ox.parse(path=str(p), format=getattr(ox.RdfFormat, fmt)):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                yield f"{quad.subject} {quad.predicate} {quad.object} .\n".encode()
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"cannot parse {p} as {fmt.lower().replace('_', '-')}: "
                         f"{' '.join(str(exc).split())[:200]}") from exc


def _chunks(graph: str | Path, chunk_bytes: int) -> Iterator[bytes]:
    """The graph as N-Triples request bodies of about chunk_bytes each (at least one)."""
    chunk: list[bytes] = []
    size = 0
    for line in _ntriples_lines(graph):
        chunk.append(line)
        size += len(line)
        if size >= chunk_bytes:
            yield b"".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield b"".join(chunk)


def _target(endpoint: str, graph: str | None) -> str:
    if not endpoint.startswith(("http://", "https://")):
        raise KgError(f"the endpoint must be an http(s) URL, not {endpoint!r}")
    sep = "&" if "?" in endpoint else "?"
    return endpoint + sep + (urllib.parse.urlencode({"graph": graph}) if graph else "default")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follow no redirect: a 3xx answer is an error (a redirected POST would become a GET
    without its body, and the credentials would go to another server)."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _request(url: str, method: str, body: bytes | None, headers: dict[str, str], timeout: float = 120) -> bytes:
    """Send one request; its answer's body. Any answer but 2xx is a KgError."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with _OPENER.open(req, timeout=timeout) as resp:  # the user's endpoint
            data: bytes = resp.read()
            return data
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            where = exc.headers.get("Location", "elsewhere")
            raise KgError(f"{method} {url} answered HTTP {exc.code} {exc.reason} (a redirect to {where}); "
                          "kg follows no redirect: give the final URL") from exc
        detail = " ".join(exc.read().decode("utf-8", "replace").split())[:200]
        raise KgError(f"{method} {url} failed: HTTP {exc.code} {exc.reason}{': ' + detail if detail else ''}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise KgError(f"cannot reach {url}: {reason}") from exc


def _auth(user: str | None, password: str | None) -> dict[str, str]:
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def update_endpoint_of(endpoint: str) -> str | None:
    """The SPARQL Update URL beside a Graph Store URL, where the store's layout is known:
    Oxigraph .../store -> .../update, Fuseki .../DATASET/data -> .../DATASET/update, GraphDB
    .../repositories/ID/rdf-graphs/service -> .../repositories/ID/statements; else None."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.query or parts.fragment:
        return None
    path = parts.path.rstrip("/")
    for tail, update in (("/rdf-graphs/service", "/statements"), ("/store", "/update"), ("/data", "/update")):
        if path.endswith(tail):
            return urllib.parse.urlunsplit(parts._replace(path=path[: -len(tail)] + update))
    return None


def _iri(text: str) -> str:
    if not text or re.search(r'[\x00-\x20<>"{}|^`\\]', text):
        raise KgError(f"--graph must be an IRI, not {text!r}")
    return text


def push(graph: str | Path, endpoint: str, *, graph_iri: str | None = None, replace: bool = True,
         user: str | None = None, password: str | None = None, chunk_bytes: int = 4_000_000,
         progress: Callable[[int, int], None] | None = None, update_endpoint: str | None = None) -> int:
    """Upload a graph file to a Graph Store Protocol endpoint; the triples sent.

    The whole file is parsed before anything is sent. A graph that fits in one chunk goes in
    one request (PUT replaces the target graph, POST adds to it). A larger one is sent in chunks
    into a temporary graph, then moved (or added) into the target with one SPARQL Update
    (`update_endpoint`, or the one beside `endpoint` for Oxigraph, Fuseki and GraphDB), so a
    failure leaves the target as it was and the temporary graph is dropped. With no update
    endpoint only the Graph Store Protocol is left: every chunk is first accepted into the
    temporary graph, then sent again to the target, where a failure on the second pass can still
    leave the target part-written (logged as a warning).
    """
    url = _target(endpoint, graph_iri and _iri(graph_iri))
    count = total = 0
    for line in _ntriples_lines(graph):  # parse everything before anything is sent
        count += 1
        total += len(line)
    headers = {"Content-Type": f"{NTRIPLES}; charset=utf-8", **_auth(user, password)}
    sent = 0

    def send(to: str, first_method: str) -> None:
        nonlocal sent
        method = first_method
        for body in _chunks(graph, chunk_bytes):
            _request(to, method, body, headers)
            method = "POST"
            sent += len(body)
            if progress:
                progress(sent, total)

    if total <= chunk_bytes:  # one request: atomic by the protocol
        _request(url, "PUT" if replace else "POST", b"".join(_chunks(graph, chunk_bytes)), headers)
        if progress:
            progress(total, total)
        return count
    update = update_endpoint or update_endpoint_of(endpoint)
    temp = f"urn:kg:push:{uuid.uuid4()}"
    temp_url = _target(endpoint, temp)
    try:
        send(temp_url, "PUT")
        if update:
            into = f"GRAPH <{graph_iri}>" if graph_iri else "DEFAULT"
            text = (f"MOVE GRAPH <{temp}> TO {into}" if replace
                    else f"ADD GRAPH <{temp}> TO {into} ; DROP GRAPH <{temp}>")
            _request(update, "POST", text.encode(), {"Content-Type": "application/sparql-update; charset=utf-8",
                                                     **_auth(user, password)})
        else:
            log.warning("no SPARQL Update endpoint for %s (--update-endpoint): the target graph is written "
                        "chunk by chunk after a trial upload", endpoint)
            sent = 0
            send(url, "PUT" if replace else "POST")
            _request(temp_url, "DELETE", None, _auth(user, password))
    except KgError:
        try:
            _request(temp_url, "DELETE", None, _auth(user, password))
        except KgError as exc:
            log.warning("could not drop the temporary graph %s: %s", temp, exc)
        raise
    return count


def sparql_select(endpoint: str, query: str, *, user: str | None = None, password: str | None = None) -> QueryResult:
    """Run a query on a SPARQL 1.1 Protocol endpoint (POST, JSON results)."""
    headers = {"Content-Type": "application/sparql-query; charset=utf-8",
               "Accept": "application/sparql-results+json", **_auth(user, password)}
    data = json.loads(_request(endpoint, "POST", query.encode("utf-8"), headers))
    if "boolean" in data:
        return QueryResult("ask", boolean=bool(data["boolean"]))
    names = data["head"]["vars"]

    def term(b: dict | None) -> Term | None:
        return None if b is None else make_term(b["type"], b["value"], b.get("datatype"), b.get("xml:lang"))

    return QueryResult("select", names, [[term(row.get(v)) for v in names] for row in data["results"]["bindings"]])


def oxigraph_binary() -> str:
    """Path of the `oxigraph` server program (from the `oxigraph` PyPI package)."""
    found = shutil.which("oxigraph") or (str(Path(sys.executable).with_name("oxigraph"))
                                         if Path(sys.executable).with_name("oxigraph").exists() else None)
    if not found:
        raise KgError("the Oxigraph server is not installed; pip install oxigraph")
    return found


# Ports that browsers refuse to connect to (the Fetch standard's "bad ports"): the Oxigraph
# server behind kg's front listens on one of them, so no web page can reach it directly.
_BROWSER_BLOCKED_PORTS = (6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080, 6000, 6566, 5060, 5061, 4190, 4045, 3659,
                          2049, 1723, 1720, 1719)
_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization",
                "proxy-authenticate", "server", "date"}
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _backend_port(host: str) -> int:
    """A free port for the Oxigraph server behind the front: a browser-blocked one if free."""
    for port in (*_BROWSER_BLOCKED_PORTS, 0):
        with socket.socket() as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise KgError("no free port on the loopback interface")


class _Front(http.server.ThreadingHTTPServer):
    """The server kg serve listens with: forwards to the Oxigraph server what it allows."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], *, writable: bool, federation: bool) -> None:
        super().__init__(address, _FrontHandler, bind_and_activate=True)
        self.writable, self.federation = writable, federation
        self.backend: tuple[str, int] = ("127.0.0.1", 0)
        host, port = address[0], self.server_address[1]
        loopback = host in ("127.0.0.1", "localhost", "::1")
        self.hosts = {f"{host}:{port}"} | ({f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
                                           if loopback else set())

    def refusal(self, method: str, target: str, headers: Any, body: bytes) -> str | None:
        """Why the request must not reach the store, or None."""
        host = headers.get("Host")
        if host is not None and host not in self.hosts:
            return f"Host {host!r} is not this server"
        parts = urllib.parse.urlsplit(target)
        route = parts.path.rstrip("/") or "/"
        write = route.startswith("/update") or (method not in _SAFE_METHODS and route != "/query")
        if write:
            if not self.writable:
                return "this server is read-only (start it with kg serve --writable to allow writes)"
            origin = headers.get("Origin") or _origin_of(headers.get("Referer"))
            site = headers.get("Sec-Fetch-Site")
            if (origin is not None and origin not in {f"http://{h}" for h in self.hosts}) or \
                    site not in (None, "same-origin", "none"):
                return f"writes from another origin ({origin or site}) are refused"
        if not self.federation and route in ("/query", "/update"):
            texts = [v for vs in urllib.parse.parse_qs(parts.query).values() for v in vs]
            text = body.decode("utf-8", "replace")
            texts += [v for vs in urllib.parse.parse_qs(text).values() for v in vs] + [text]
            found = sorted({op for t in texts for op in remote_operations(t)}, reverse=True)
            if found:
                return (f"{found[0]} is refused: this server sends no requests to other servers "
                        "(start it with kg serve --federation to allow it)")
        return None


def _origin_of(url: str | None) -> str | None:
    if not url:
        return None
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _FrontHandler(http.server.BaseHTTPRequestHandler):
    server: _Front

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        log.debug("%s " + format, self.address_string(), *args)

    def _forward(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._answer(411, "send the request with a Content-Length")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._answer(400, "bad Content-Length")
            return
        body = self.rfile.read(length) if length else b""
        reason = self.server.refusal(self.command, self.path, self.headers, body)
        if reason:
            self._answer(403, reason)
            return
        conn = http.client.HTTPConnection(*self.server.backend, timeout=3600)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS}
            conn.request(self.command, self.path, body=body if length else None, headers=headers)
            resp = conn.getresponse()
            self.send_response(resp.status, resp.reason)
            for k, v in resp.getheaders():
                if k.lower() not in _HOP_HEADERS:
                    self.send_header(k, v)
            self.send_header("Connection", "close")
            self.end_headers()
            while chunk := resp.read(1 << 16):
                self.wfile.write(chunk)
        except (OSError, http.client.HTTPException) as exc:
            log.debug("forwarding %s %s failed: %s", self.command, self.path, exc)
        finally:
            conn.close()

    def _answer(self, code: int, message: str) -> None:
        data = (message + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = _forward


def _start_oxigraph(cmd: list[str], address: tuple[str, int], logfile: Path, seconds: float = 60) -> Any:
    """Start the Oxigraph server and wait until it accepts connections; the process."""
    with logfile.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env={**os.environ, "RUST_BACKTRACE": "0"})
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            if proc.poll() is not None:
                lines = logfile.read_text(encoding="utf-8", errors="replace").strip().splitlines()
                raise KgError(f"the Oxigraph server stopped: {lines[0] if lines else f'exit {proc.returncode}'}")
            try:
                socket.create_connection(address, timeout=1).close()
                return proc
            except OSError:
                time.sleep(0.1)
        raise KgError("the Oxigraph server did not start")
    except BaseException:  # an error or Ctrl-C while waiting: stop it
        proc.terminate()
        proc.wait(timeout=10)
        raise


def serve(graph: str | Path | None = None, *, store: str | Path | None = None, port: int = 7878,
          host: str = "127.0.0.1", writable: bool = False, federation: bool = False,
          on_ready: Callable[[str], None] | None = None) -> int:
    """Serve a graph file (loaded into a temporary store) or a store folder over SPARQL until
    interrupted; 0 when stopped. on_ready gets a line telling where the endpoint is.

    Read-only unless `writable`; even then writes from another origin (a web page elsewhere)
    are refused. SERVICE and LOAD, which make the server send requests, are refused unless
    `federation`. kg listens itself and forwards what it allows to the Oxigraph server on a
    private loopback port.
    """
    binary = oxigraph_binary()
    try:
        front = _Front((host, port), writable=writable, federation=federation)
    except OSError as exc:
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)  # clean up the temporary store on SIGTERM too
    try:
        with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
            location = Path(store) if store else Path(tmp) / "store"
            if graph is not None:
                replace_store(location, graph)
            elif not location.is_dir():
                raise KgError(f"no such store folder: {location}")
            elif not is_store(location):
                raise KgError(f"{location} holds no Oxigraph store (make one with kg build --store)")
            front.backend = ("127.0.0.1", _backend_port("127.0.0.1"))
            cmd = [binary, "serve" if writable else "serve-read-only", "--location", str(location),
                   "--bind", f"{front.backend[0]}:{front.backend[1]}"]
            proc = _start_oxigraph(cmd, front.backend, Path(tmp) / "oxigraph.log")
            if on_ready:
                on_ready(f"SPARQL endpoint: http://{host}:{front.server_address[1]}/query  (Graph Store: /store; "
                         f"{'writable' if writable else 'read-only'}; Ctrl-C stops)")
            try:
                front.serve_forever()
            except KeyboardInterrupt:
                pass
            finally:
                proc.terminate()
                proc.wait(timeout=10)
            return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        front.server_close()
