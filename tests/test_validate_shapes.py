"""SHACL: kg's output conforms; a broken event is reported readably."""
import subprocess
import sys

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.validate import validate

SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
KGO = "https://example.org/kg/ontology#"


def test_build_output_conforms(sample_result):
    assert validate(sample_result.rdf) == []


def test_broken_event_fails_with_a_readable_message(sample_result):
    g = sample_result.rdf.__class__()
    for t in sample_result.rdf:
        g.add(t)
    event = next(g.subjects(RDF.type, URIRef(SEM + "Event")))
    g.remove((event, URIRef(KGO + "evidence"), None))
    g.remove((event, URIRef(SEM + "hasTimeStamp"), None))
    g.add((event, URIRef(SEM + "hasTimeStamp"), Literal("last Tuesday")))
    g.add((event, URIRef(SEM + "hasActor"), URIRef("https://example.org/kg/thing/untyped")))
    problems = validate(g)
    text = "\n".join(str(p) for p in problems if p.focus == str(event))
    assert "evidence" in text and "xsd:date" in text and "actor" in text
    assert {p.focus for p in problems} <= {str(event), "https://example.org/kg/thing/untyped"}


def test_cli_validate_exit_codes(tmp_path, sample_result):
    from kg.export.rdf import serialize, write_atomic

    good = tmp_path / "g.ttl"
    write_atomic(good, serialize(sample_result.rdf, "ttl"))
    p = subprocess.run([sys.executable, "-m", "kg", "validate", str(good)], capture_output=True, text=True)
    assert p.returncode == 0 and "conforms" in p.stdout
    bad = tmp_path / "b.ttl"
    bad.write_text(good.read_text(encoding="utf-8").replace("kgo:evidence", "kgo:note"), encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "kg", "validate", str(bad)], capture_output=True, text=True)
    assert p.returncode == 1 and "needs evidence" in p.stdout and "violation" in p.stderr
