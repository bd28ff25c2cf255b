"""Named queries, parameters, the Oxigraph engine and store folders."""
import subprocess
import sys

import pytest

from kg.errors import QueryError
from kg.export.rdf import serialize, write_atomic
from kg.sparql import format_result, named_queries, open_store, parse_params, replace_store, run_query


@pytest.fixture(scope="module")
def nt_file(sample_result, tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "graph.nt"
    write_atomic(path, serialize(sample_result.rdf, "nt"))
    return path


def test_the_library_lists_its_queries():
    names = set(named_queries())
    assert {"visits", "meetings", "agreements", "timeline", "events-at-place", "evidence", "leaders"} <= names
    assert all(desc for desc, _ in named_queries().values())


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_each_named_query_agrees_between_engines(sample_result, nt_file, name):
    ox_rows = run_query(nt_file, name).values()
    rdflib_rows = run_query(sample_result.rdf, name).values()
    assert sorted(ox_rows, key=repr) == sorted(rdflib_rows, key=repr)
    assert ox_rows, f"{name} found nothing in the sample"


def test_parameters_bind_variables(nt_file):
    rows = run_query(nt_file, "meetings", parse_params(["person=Raúl Castro"])).values()
    assert rows and {r[0] for r in rows} == {"Raúl Castro"}
    assert "Ebrahim Raeisi" in {r[1] for r in rows}
    visits = run_query(nt_file, "visits", {"visitor": "Nobody"}).values()
    assert visits == []


@pytest.mark.parametrize("bad", ["person", "1x=2", "=v"])
def test_bad_parameters(bad):
    with pytest.raises(QueryError):
        parse_params([bad])


def test_unknown_named_query_and_bad_syntax(nt_file):
    with pytest.raises(QueryError, match="no named query"):
        run_query(nt_file, "no-such-query")
    with pytest.raises(QueryError, match="bad SPARQL"):
        run_query(nt_file, "SELECT WHERE {")


def test_results_formats(nt_file):
    res = run_query(nt_file, "visits")
    import json

    data = json.loads(format_result(res, "json"))
    assert data["head"]["vars"] == ["visitor", "state", "city", "date", "event"]
    assert any(b.get("date") == {"type": "literal", "value": "2023-06-14",
                             "datatype": "http://www.w3.org/2001/XMLSchema#date"} for b in data["results"]["bindings"])
    assert format_result(res, "csv").splitlines()[0] == "visitor,state,city,date,event"
    assert format_result(run_query(nt_file, "ASK { ?s ?p ?o }"), "table") == "true"
    construct = run_query(nt_file, "CONSTRUCT { ?s a ?c } WHERE { ?s a <https://schema.org/Country> . BIND(?s AS ?x) "
                                   "?s a ?c }")
    assert construct.kind == "graph" and "schema.org/Country" in construct.ntriples


def test_store_folder_is_kept_between_runs(tmp_path, nt_file, sample_result):
    count = replace_store(tmp_path / "store", nt_file)
    assert count == len(sample_result.rdf)
    store = open_store(tmp_path / "store")
    assert run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").values() == [(str(count),)]
    del store
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(QueryError, match="not empty"):
        replace_store(tmp_path / "other", nt_file)


def test_cli_build_store_and_query_by_name(tmp_path):
    from conftest import SAMPLE

    store = tmp_path / "st"
    p = subprocess.run([sys.executable, "-m", "kg", "build", str(SAMPLE), "--out", str(tmp_path / "o"),
                        "--store", str(store), "-q"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    p = subprocess.run([sys.executable, "-m", "kg", "query", "--store", str(store), "visits", "--format", "csv",
                        "--param", "visitor=Ebrahim Raeisi"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "Ebrahim Raeisi,Cuba,Havana,2023-06-14" in p.stdout
    p = subprocess.run([sys.executable, "-m", "kg", "query", "--list"], capture_output=True, text=True)
    assert p.returncode == 0 and "timeline" in p.stdout


@pytest.mark.parametrize("value, label", [("Ebrahim Raeisi", "Ebrahim Raeisi"), ("Raeisi", "Ebrahim Raeisi"),
                                          ("raieis", "Ebrahim Raeisi"), ("RAÚL", "Raúl Castro"),
                                          ("raul castro", "Raúl Castro"), ("Diaz", "Miguel Diaz-Canel")])
def test_a_parameter_naming_an_entity_matches_labels_and_aliases(nt_file, value, label):
    from kg.sparql import match_params, stream_each

    store = open_store(files=[nt_file])
    sets, matches = match_params(store, "timeline", {"person": value})
    assert sets == [{"person": label}] and matches[0].labels == (label,)
    assert matches[0].exact == (value == label)
    rows = list(stream_each(store, "timeline", sets).rows)
    assert rows and {r[0].value for r in rows} == {label}


def test_parameters_that_name_no_label_bind_as_given(nt_file):
    from kg.sparql import match_params

    store = open_store(files=[nt_file])
    assert match_params(store, "timeline", {"person": "Nobody Atall"})[1][0].labels == ()
    # ?event of the evidence query is no label: bound as given, never matched
    iri = "https://example.org/kg/event/none"
    assert match_params(store, "evidence", {"event": iri}) == ([{"event": iri}], [])
    # a partial name two entities share runs the query once for each
    sets, matches = match_params(store, "events-at-place", {"place": "a"})
    assert len(sets) == len(matches[0].labels) > 1


def test_short_iris_for_tables():
    from kg.sparql import short_iri

    base = "https://example.org/kg/"
    assert short_iri(base + "person/anna-berg", base) == "person/anna-berg"
    assert short_iri("https://example.org/kg/ontology#Visit", base) == "kgo:Visit"
    assert short_iri("https://schema.org/Country", base) == "schema:Country"
    assert short_iri("http://other.example/x y", base) == "http://other.example/x y"
