"""The command line: one-line errors, non-zero exits, no half-written output."""
import subprocess
import sys

import pytest
from conftest import SAMPLE


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary\x00", b"caf\xe9"])
def test_bad_input_gives_one_line_and_no_files(tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    p = run("build", str(bad), "--out", str(out))
    assert p.returncode == 1
    assert p.stderr.startswith("Error: ") and len(p.stderr.strip().splitlines()) == 1
    assert "Traceback" not in p.stderr
    assert not out.exists() or not any(out.iterdir())


def test_missing_path_and_unknown_model(tmp_path):
    p = run("build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert p.returncode == 1 and "no such file" in p.stderr
    p = run("build", str(SAMPLE), "--out", str(tmp_path / "o"), "--model", "no_such_pipeline_xyz")
    assert p.returncode == 1 and "not installed" in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_bad_query_and_bad_graph(tmp_path):
    g = tmp_path / "g.ttl"
    g.write_text("this is not turtle", encoding="utf-8")
    p = run("query", str(g), "SELECT * WHERE { ?s ?p ?o }")
    assert p.returncode == 1 and p.stderr.startswith("Error: cannot parse")


def test_article_without_events_gives_valid_empty_graph(tmp_path):
    f = tmp_path / "quiet.txt"
    f.write_text("Weather report\n\nIt was sunny all day and the wind was light.", encoding="utf-8")
    p = run("build", str(f), "--out", str(tmp_path / "o"))
    assert p.returncode == 0, p.stderr
    from rdflib import Graph

    g = Graph().parse(tmp_path / "o" / "graph.ttl")
    assert len(g) > 0  # the ontology and the article record
    assert "events: none" in p.stdout


def test_build_then_query_then_view(tmp_path):
    out = tmp_path / "o"
    p = run("build", str(SAMPLE), "--out", str(out))
    assert p.returncode == 0, p.stderr
    for ext in ("ttl", "nt", "jsonld", "html"):
        assert (out / f"graph.{ext}").stat().st_size > 0
    p = run("query", str(out / "graph.ttl"),
            "PREFIX kgo: <https://example.org/kg/ontology#> ASK { ?e a kgo:Visit }")
    assert p.returncode == 0 and p.stdout.strip() == "true"
    p = run("query", str(out / "graph.ttl"), "SELECT ?s WHERE { ?s a <https://schema.org/Country> }",
            "--format", "json")
    assert p.returncode == 0 and '"bindings"' in p.stdout
    p = run("view", str(out / "graph.ttl"), "--out", str(tmp_path / "v.html"))
    assert p.returncode == 0 and (tmp_path / "v.html").stat().st_size > 0
    # the page is titled by the article's headline, as the one kg build writes, not "graph.ttl"
    built = (out / "graph.html").read_text(encoding="utf-8")
    viewed = (tmp_path / "v.html").read_text(encoding="utf-8")
    title = built.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title and title != "graph.ttl" and f"<title>{title}</title>" in viewed


@pytest.mark.parametrize("args", [[], ["build"], ["build", "x.txt"], ["query", "g.ttl", "--format", "xml"],
                                  ["frobnicate"], ["build", "x.txt", "--out", "o", "--published", "June"]])
def test_usage_errors_are_one_line(args):
    p = run(*args)
    assert p.returncode == 2
    assert p.stderr.startswith("Error: ") and len(p.stderr.strip().splitlines()) == 1


def test_bad_base_iri_is_one_line(tmp_path):
    p = run("build", str(SAMPLE), "--out", str(tmp_path / "o"), "--base-iri", "not an iri")
    assert p.returncode == 1 and "--base-iri" in p.stderr and not (tmp_path / "o").exists()


def test_min_confidence_and_links_options(tmp_path):
    links = tmp_path / "l.csv"
    links.write_text("name,iri\nCuba,http://www.wikidata.org/entity/Q241\n", encoding="utf-8")
    p = run("build", str(SAMPLE), "--out", str(tmp_path / "o"), "--min-confidence", "0.85", "--links", str(links))
    assert p.returncode == 0, p.stderr
    ttl = (tmp_path / "o" / "graph.ttl").read_text(encoding="utf-8")
    assert "http://www.wikidata.org/entity/Q241" in ttl
    assert "kgo:confidence 0.6" not in ttl and "kgo:confidence 0.7" not in ttl
    p = run("build", str(SAMPLE), "--out", str(tmp_path / "o2"), "--min-confidence", "1.5")
    assert p.returncode == 2 and "between 0 and 1" in p.stderr


def test_same_input_gives_byte_identical_files(tmp_path):
    for name in ("a", "b"):
        p = run("build", str(SAMPLE), "--out", str(tmp_path / name), "-q")
        assert p.returncode == 0, p.stderr
    for f in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.html", "context.jsonld"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    assert not (tmp_path / "a" / "graph.ttl").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.fixture(scope="module")
def sample_ttl(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli")
    p = run("build", str(SAMPLE), "--out", str(out), "--formats", "ttl", "-q")
    assert p.returncode == 0, p.stderr
    assert sorted(x.name for x in out.iterdir()) == ["graph.ttl"]
    return out / "graph.ttl"


def test_query_param_takes_a_partial_name_and_says_so(sample_ttl):
    p = run("query", str(sample_ttl), "visits", "--param", "visitor=Raeisi")
    assert p.returncode == 0, p.stderr
    assert "Ebrahim Raeisi  Cuba" in p.stdout and "(3 rows)" in p.stdout
    assert "taken for 'Ebrahim Raeisi'" in p.stderr


def test_query_hints_when_a_param_matches_nothing(sample_ttl):
    p = run("query", str(sample_ttl), "timeline", "--param", "person=Raeissi")
    assert p.returncode == 0 and "(0 rows)" in p.stdout
    assert p.stderr.startswith("hint: --param person='Raeissi' names no entity") and "'Raeisi'" in p.stderr
    p = run("query", str(sample_ttl), "evidence", "--param", "event=visit-1")
    assert "hint: no rows with --param event='visit-1'" in p.stderr and "IRI" in p.stderr
    p = run("query", str(sample_ttl), "visits", "--param", "visitor=Cuba")  # a label, but no visitor
    assert p.stderr == "hint: no rows with --param visitor='Cuba'\n"


def test_query_tables_show_short_iris_and_data_formats_whole_ones(sample_ttl):
    q = "SELECT ?e ?c WHERE { ?e a <https://example.org/kg/ontology#Visit>, ?c } ORDER BY ?e ?c"
    table = run("query", str(sample_ttl), q).stdout
    assert "event/visit-" in table and "kgo:Visit" in table and "sem:Event" in table
    assert "https://" not in table
    csv_out = run("query", str(sample_ttl), q, "--format", "csv").stdout
    assert "https://example.org/kg/event/visit-" in csv_out and "kgo:" not in csv_out


def test_article_count_for_the_progress_line(tmp_path):
    from kg.cli import count_articles

    (tmp_path / "d").mkdir()
    for name in ("a.txt", "b.md", "README.md", "c.pdf"):
        (tmp_path / "d" / name).write_text("Some text.", encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "1", "text": "x"}\n\n{"id": "2", "text": "y"}\n', encoding="utf-8")
    assert count_articles([str(tmp_path / "d"), str(corpus)]) == 4  # README skipped, the blank line too
    assert count_articles([str(tmp_path / "missing.txt")]) is None
