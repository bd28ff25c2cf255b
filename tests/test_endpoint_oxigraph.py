"""A real Oxigraph server on loopback: push over HTTP, query over HTTP, compare with local."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import free_port, oxigraph_server, wait_for_sparql

from kg.endpoint import oxigraph_binary, push, sparql_select
from kg.errors import KgError
from kg.sparql import named_queries, run_query

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("ox")) as url:
        yield url


@pytest.fixture(scope="module")
def files(store_files):
    return store_files


def test_push_then_count_over_http(server, files, store_result):
    n = push(files / "graph.ttl", server + "/store", chunk_bytes=5_000)  # many chunks
    assert n == len(store_result.rdf)
    got = sparql_select(server + "/query", COUNT).values()
    assert got == [(str(len(store_result.rdf)),)]
    push(files / "graph.nt", server + "/store")  # replace, not duplicate
    assert sparql_select(server + "/query", COUNT).values() == [(str(len(store_result.rdf)),)]


def test_named_queries_over_http_equal_local(server, files):
    push(files / "graph.nt", server + "/store")
    for name, (_desc, text) in named_queries().items():
        remote = sparql_select(server + "/query", text).values()
        local = run_query(files / "graph.nt", text).values()
        assert sorted(remote, key=repr) == sorted(local, key=repr), name


def test_push_to_a_named_graph_and_add(server, files, store_result):
    iri = "https://example.org/kg/graphs/sample"
    push(files / "graph.nt", server + "/store", graph_iri=iri)
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
    assert sparql_select(server + "/query", q).values() == [(str(len(store_result.rdf)),)]


def test_push_errors_are_clear(files):
    with pytest.raises(KgError, match="cannot reach"):
        push(files / "graph.nt", f"http://127.0.0.1:{free_port()}/store")
    with pytest.raises(KgError, match="http"):
        push(files / "graph.nt", "ftp://example.org/store")


def test_kg_serve_answers_a_query(files, store_result):
    try:
        oxigraph_binary()
    except KgError:
        pytest.skip("the oxigraph server is not installed")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(files / "graph.ttl"), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for_sparql(f"http://127.0.0.1:{port}", proc)
        assert sparql_select(f"http://127.0.0.1:{port}/query", COUNT).values() == [(str(len(store_result.rdf)),)]
        if shutil.which("curl"):  # and from curl, as a user would
            out = subprocess.run(["curl", "-s", "-H", "Accept: text/csv", "--data-urlencode", f"query={COUNT}",
                                  f"http://127.0.0.1:{port}/query"], capture_output=True, text=True, timeout=60).stdout
            assert out.split() == ["n", str(len(store_result.rdf))]
    finally:
        import os
        import signal

        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def test_cli_push(server, files, store_result):
    p = subprocess.run([sys.executable, "-m", "kg", "push", str(files / "graph.ttl"), "--endpoint", server + "/store"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith(f"{len(store_result.rdf)} triples written")
    assert Path(files / "graph.ttl").exists()
