"""The RDF output: parses back with rdflib, pyoxigraph and (when installed) rapper/serdi, with
the same triple count; IRIs absolute and ASCII; no blank nodes; SPARQL finds the visits."""
import shutil
import subprocess

import pytest
from rdflib import BNode, Graph, URIRef

from kg.export.rdf import serialize, write_atomic
from kg.sparql import format_result, run_query

VISITS = """
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX kgo: <https://example.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?visitor ?state ?date WHERE {
  ?e a kgo:Visit ; kgo:agent ?a ; kgo:target ?t .
  ?a rdfs:label ?visitor . ?t rdfs:label ?state .
  OPTIONAL { ?e sem:hasTimeStamp ?date }
} ORDER BY ?date ?state"""


@pytest.fixture(scope="module")
def files(sample_result, tmp_path_factory):
    out = tmp_path_factory.mktemp("rdf")
    paths = {}
    for ext in ("ttl", "nt", "jsonld"):
        paths[ext] = out / f"graph.{ext}"
        write_atomic(paths[ext], serialize(sample_result.rdf, ext))
    return paths


def test_every_format_parses_back_to_the_same_graph(sample_result, files):
    from rdflib.compare import isomorphic

    n = len(sample_result.rdf)
    for ext, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        g = Graph().parse(files[ext], format=fmt)
        assert len(g) == n
        assert isomorphic(g, sample_result.rdf)


def test_pyoxigraph_reads_the_same_number_of_triples(sample_result, files):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(files["ttl"]), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(sample_result.rdf)


@pytest.mark.parametrize("tool", ["rapper", "serdi"])
@pytest.mark.parametrize("ext, syntax", [("ttl", "turtle"), ("nt", "ntriples")])
def test_independent_parsers_agree(sample_result, files, tool, ext, syntax):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (.ci/run installs it)")
    cmd = ["rapper", "-i", syntax, "-o", "ntriples", str(files[ext])] if tool == "rapper" else \
        ["serdi", "-i", syntax, "-o", "ntriples", str(files[ext])]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    assert len([ln for ln in out.splitlines() if ln.strip()]) == len(sample_result.rdf)


def test_no_blank_nodes_and_ascii_absolute_iris(sample_result):
    for triple in sample_result.rdf:
        for term in triple:
            assert not isinstance(term, BNode)
            if isinstance(term, URIRef):
                assert str(term).isascii() and str(term).split(":", 1)[0] in ("http", "https")
                assert not any(c in str(term) for c in " \t\n<>\"{}|\\^`")


def test_sparql_returns_the_visits(sample_result, files):
    rows = run_query(files["ttl"], VISITS).values()
    assert ("Ebrahim Raeisi", "Cuba", "2023-06-14") in rows
    assert run_query(files["ttl"], VISITS).values() == run_query(sample_result.rdf, VISITS).values()
    table = format_result(run_query(sample_result.rdf, VISITS), "csv")
    assert table.splitlines()[0] == "visitor,state,date"


def test_entities_have_schema_types_and_labels(sample_result):
    q = """PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?l WHERE { ?c a schema:Country ; rdfs:label ?l ; schema:identifier "CU" }"""
    assert sample_result.query(q).values() == [("Cuba",)]


def test_output_is_deterministic(sample_result):
    from kg.export.rdf import to_rdf

    again = to_rdf(sample_result.resolved)
    assert serialize(again, "nt") == serialize(sample_result.rdf, "nt")
    assert serialize(again, "ttl") == serialize(sample_result.rdf, "ttl")


def test_failed_write_leaves_the_old_files_whole_and_no_temporaries(sample_result, tmp_path, monkeypatch):
    import pytest

    import kg.export.html as html
    from kg.pipeline import write_outputs

    write_outputs(sample_result, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(*_a, **_k):
        raise OSError("disk full")

    from dataclasses import replace

    from kg.export.rdf import NTriples

    extra = b"<urn:x:a> <urn:x:b> <urn:x:c> .\n"
    changed = replace(sample_result, nt=NTriples.of_bytes(sample_result.ntriples + extra))
    monkeypatch.setattr(html, "page_bytes", broken)  # the page is written last: the others are done by then
    with pytest.raises(OSError):
        write_outputs(changed, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
