"""Talking to triple stores over HTTP: push a graph (SPARQL 1.1 Graph Store HTTP Protocol),
query an endpoint (SPARQL 1.1 Protocol), and serve a graph locally with the Oxigraph server.

    push("out/graph.ttl", "http://127.0.0.1:7878/store")        # Oxigraph
    push("out/graph.nt", "http://localhost:3030/kg/data")        # Fuseki dataset "kg"
    push("out/graph.nt", "http://localhost:7200/repositories/kg/rdf-graphs/service")  # GraphDB
"""
from __future__ import annotations

import base64
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import KgError
from .sparql import QueryResult, Term, make_term, replace_store

NTRIPLES = "application/n-triples"


def _ntriples_lines(graph: str | Path) -> Iterator[bytes]:
    """The graph as N-Triples lines (read as they are from .nt, converted otherwise)."""
    p = Path(graph)
    if not p.is_file():
        raise KgError(f"no such graph file: {p}")
    if p.suffix.lower() == ".nt":
        with p.open("rb") as handle:
            yield from (line for line in handle if line.strip())
        return
    import pyoxigraph as ox

    from .sparql import open_store

    store = open_store(files=[p])
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    yield from (line + b"\n" for line in data.splitlines() if line.strip())


def _target(endpoint: str, graph: str | None) -> str:
    if not endpoint.startswith(("http://", "https://")):
        raise KgError(f"the endpoint must be an http(s) URL, not {endpoint!r}")
    sep = "&" if "?" in endpoint else "?"
    return endpoint + sep + (urllib.parse.urlencode({"graph": graph}) if graph else "default")


def _request(url: str, method: str, body: bytes | None, headers: dict[str, str], timeout: float = 120) -> bytes:
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (the user's endpoint)
            return resp.read()
    except urllib.error.HTTPError as exc:
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


def push(graph: str | Path, endpoint: str, *, graph_iri: str | None = None, replace: bool = True,
         user: str | None = None, password: str | None = None, chunk_bytes: int = 4_000_000,
         progress: Callable[[int, int], None] | None = None) -> int:
    """Upload a graph file to a Graph Store Protocol endpoint in chunks; the triples sent.

    The first chunk replaces the target graph (PUT) unless replace is False; the rest are
    added (POST), so a large file never has to fit in one request.
    """
    url = _target(endpoint, graph_iri)
    headers = {"Content-Type": f"{NTRIPLES}; charset=utf-8", **_auth(user, password)}
    total = Path(graph).stat().st_size if Path(graph).is_file() else 0
    sent = count = 0
    chunk: list[bytes] = []
    size = 0
    first = True

    def flush() -> None:
        nonlocal first, sent, size
        method = "PUT" if first and replace else "POST"
        _request(url, method, b"".join(chunk), headers)
        first = False
        sent += size
        if progress:
            progress(sent, total)
        chunk.clear()
        size = 0

    for line in _ntriples_lines(graph):
        chunk.append(line)
        size += len(line)
        count += 1
        if size >= chunk_bytes:
            flush()
    if chunk or first:
        flush()
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


def serve(graph: str | Path | None = None, *, store: str | Path | None = None, port: int = 7878,
          host: str = "127.0.0.1", read_only: bool = False, on_ready: Callable[[str], None] | None = None) -> int:
    """Serve a graph file (loaded into a temporary store) or a store folder over SPARQL until
    interrupted; the server's exit code. on_ready gets a line telling where the endpoint is."""
    binary = oxigraph_binary()
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
        location = Path(store) if store else Path(tmp) / "store"
        if graph is not None:
            replace_store(location, graph)
        elif not location.is_dir():
            raise KgError(f"no such store folder: {location}")
        cmd = [binary, "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"{host}:{port}"]
        if on_ready:
            on_ready(f"SPARQL endpoint: http://{host}:{port}/query  (Graph Store: /store; Ctrl-C stops)")
        proc = subprocess.Popen(cmd)

        def stop(_signum: int, _frame: object) -> None:
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, stop)  # clean up the temporary store on SIGTERM too
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            proc.wait(timeout=10)
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
