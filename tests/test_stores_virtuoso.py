"""Virtuoso 7 (Debian's virtuoso-opensource-7, installed by .ci/run): a server on loopback loads
the N-Triples with ld_dir/rdf_loader_run, and its SPARQL endpoint gives the local count and the
named queries' rows."""
import json
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from kg.sparql import named_queries, run_query

GRAPH = "https://example.org/kg/graph"
INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {load}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def virtuoso(store_files, tmp_path_factory):
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        pytest.skip("Debian's virtuoso-opensource-7 is not installed (.ci/run installs it)")
    d, load = tmp_path_factory.mktemp("virtuoso"), store_files
    sql, http = _port(), _port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, load=load, sql=sql, http=http), encoding="utf-8")
    proc = subprocess.Popen(["virtuoso-t", "-f", "-c", str(d / "virtuoso.ini")], cwd=d,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        end = time.monotonic() + 180
        while True:  # in the foreground (-f) Virtuoso logs to stdout: wait for its endpoint instead
            try:
                _select(f"http://127.0.0.1:{http}/sparql", "ASK { ?s ?p ?o }")
                break
            except (OSError, ValueError, KeyError):
                if proc.poll() is not None or time.monotonic() > end:
                    pytest.fail("Virtuoso did not start")
                time.sleep(0.5)
        script = f"ld_dir('{load}', 'graph.nt', '{GRAPH}'); rdf_loader_run(); checkpoint;"
        p = subprocess.run(["isql-vt", f"127.0.0.1:{sql}", "dba", "dba", f"exec={script}"],
                           capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stdout[-500:] + p.stderr[-500:]
        yield f"http://127.0.0.1:{http}/sparql", load / "graph.nt"
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def _select(endpoint: str, query: str) -> list[tuple]:
    url = endpoint + "?" + urllib.parse.urlencode({"query": query, "default-graph-uri": GRAPH,
                                                   "format": "application/sparql-results+json"})
    with urllib.request.urlopen(url, timeout=120) as resp:
        data = json.loads(resp.read())
    if "boolean" in data:
        return [(data["boolean"],)]
    return [tuple(b.get(v, {}).get("value") for v in data["head"]["vars"]) for b in data["results"]["bindings"]]


def test_virtuoso_loads_every_triple(virtuoso, store_result):
    endpoint, _nt = virtuoso
    assert _select(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [(str(len(store_result.rdf)),)]


def test_named_queries_agree_with_virtuoso(virtuoso):
    endpoint, nt = virtuoso
    for name, (_desc, text) in named_queries().items():
        remote = _select(endpoint, text)
        assert sorted(remote, key=repr) == sorted(run_query(nt, text).values(), key=repr), name
