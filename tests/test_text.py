"""kg.text (the helpers every stage shares), the one SPARQL term adapter, and small defects:
debug logging from kg, library messages that name no command-line option."""
import logging
from datetime import date

import pytest

from kg.text import MONTH, fold, month_number, month_pattern, safe_date, similar_names, slug


def test_fold_and_slug():
    assert fold("The  Raúl\tCastro’s") == "raul castro's"
    assert slug("Raúl Castro (Cuba)") == "raul-castro-cuba"


@pytest.mark.parametrize(("name", "number"), [("Sept.", 9), ("june", 6), ("DEC", 12), ("septembre", 9), ("Mayo", 5),
                                              ("Smarch", None)])
def test_month_number(name, number):
    assert month_number(name) == number


def test_one_month_pattern_in_two_cases():
    import re

    assert re.fullmatch(MONTH, "sept.") and not re.fullmatch(MONTH, "Sept.")
    assert re.fullmatch(month_pattern(capitalised=True), "Sept.") and not re.fullmatch(month_pattern(True), "SEPT")


def test_safe_date():
    assert safe_date(2024, 2, 29) == date(2024, 2, 29) and safe_date(2023, 2, 29) is None


@pytest.mark.parametrize(("a", "b", "min_len", "same"), [
    ("raisi", "raeisi", 4, True), ("zelensky", "zelenskyy", 4, True), ("biden", "bidden", 5, True),
    ("lula", "lulu", 5, False),  # too short for a fuzzy match at 5 letters
    ("raisi", "maisi", 4, False),  # another first letter
    ("xi", "xi", 5, True),  # equal is always the same
])
def test_similar_names(a, b, min_len, same):
    assert similar_names(a, b, min_len=min_len) is same


def test_the_three_result_sources_give_the_same_terms():
    """pyoxigraph, rdflib and SPARQL JSON results: one adapter, equal Terms."""
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.endpoint import Term
    from kg.sparql import XSD_STRING, _oxigraph_query, _rdflib_query, make_term

    xsd_int = "http://www.w3.org/2001/XMLSchema#integer"
    want = [Term("uri", "https://example.org/a"), Term("literal", "hola", None, "es"),
            Term("literal", "plain"), Term("literal", "7", xsd_int)]
    query = 'SELECT ?x WHERE { VALUES ?x { <https://example.org/a> "hola"@es "plain" 7 } }'
    oxs = [row[0] for row in _oxigraph_query(ox.Store(), query, {}).rows]
    rdfs = [row[0] for row in _rdflib_query(Graph(), query, {}).rows]
    js = [make_term(b["type"], b["value"], b.get("datatype"), b.get("xml:lang")) for b in (
        {"type": "uri", "value": "https://example.org/a"}, {"type": "literal", "value": "hola", "xml:lang": "es"},
        {"type": "literal", "value": "plain", "datatype": XSD_STRING},
        {"type": "typed-literal", "value": "7", "datatype": xsd_int})]
    assert oxs == rdfs == js == want


def test_debug_logging_names_the_files_read(tmp_path, caplog):
    from kg.ingest import read_inputs

    (tmp_path / "a.txt").write_text("A headline\n\nSome words of an article.\n", encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="kg"):
        list(read_inputs([tmp_path]))
    assert f"reading {tmp_path / 'a.txt'}" in caplog.text and "1 article files" in caplog.text


@pytest.mark.parametrize("call", ["base", "param", "endpoint"])
def test_library_messages_name_no_command_line_option(call):
    from kg.endpoint import _target
    from kg.errors import KgError
    from kg.export.rdf import check_base
    from kg.sparql import parse_params

    run = {"base": lambda: check_base("not an iri"), "param": lambda: parse_params(["1x=2"]),
           "endpoint": lambda: _target("ftp://x", None)}[call]
    with pytest.raises(KgError) as info:
        run()
    assert "--" not in str(info.value)


@pytest.mark.parametrize(("module", "forbidden"), [
    ("kg/extract/__init__.py", "ingest"), ("kg/extract/dates.py", "ingest"), ("kg/extract/mentions.py", "ingest"),
    ("kg/extract/coref.py", "ingest"), ("kg/extract/lexicon.py", "ingest"), ("kg/graph_from_rdf.py", "resolve"),
    ("kg/export/rdf.py", ""),  # "from .. import x": the package root
])
def test_stages_do_not_reach_sideways(module, forbidden):
    import ast
    from pathlib import Path

    tree = ast.parse((Path(__file__).resolve().parent.parent / module).read_text(encoding="utf-8"))
    imported = [(n.level, n.module or "") for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
    if forbidden:
        assert not [m for _, m in imported if m.split(".")[0] == forbidden]
    else:
        assert (2, "") not in imported
