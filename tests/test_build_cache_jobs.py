"""Incremental builds, parallel parsing and streaming: the output never depends on them."""
import shutil
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"


def run(*args):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=600)


def test_second_build_parses_only_the_new_article(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    extra = corpus / "ruto-paris.txt"
    moved = tmp_path / "held-back.txt"
    extra.rename(moved)
    cache = tmp_path / "cache"
    p = run("build", str(corpus), "--out", str(tmp_path / "a"), "--cache-dir", str(cache))
    assert p.returncode == 0, p.stderr
    assert "parsed: 1 (cached: 0)" in p.stdout
    moved.rename(extra)
    p = run("build", str(corpus), "--out", str(tmp_path / "b"), "--cache-dir", str(cache))
    assert "parsed: 1 (cached: 1)" in p.stdout
    p = run("build", str(corpus), "--out", str(tmp_path / "c"), "--cache-dir", str(cache), "--no-cache")
    assert "parsed: 2 (cached: 0)" in p.stdout
    for f in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.html"):
        assert (tmp_path / "b" / f).read_bytes() == (tmp_path / "c" / f).read_bytes(), f


def test_jobs_give_byte_identical_output(tmp_path):
    for jobs in ("1", "2"):
        p = run("build", str(FIXTURES), str(Path(__file__).parent.parent / "data"), "--out", str(tmp_path / jobs),
                "--jobs", jobs, "--no-cache")
        assert p.returncode == 0, p.stderr
    for f in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.html"):
        assert (tmp_path / "1" / f).read_bytes() == (tmp_path / "2" / f).read_bytes(), f


def test_results_keep_no_article_text(nlp):
    from kg.pipeline import build

    result = build([FIXTURES])
    assert all(a.text == "" for a in result.articles)
    assert all(x.text for e in result.events for x in e.evidence)


def test_dask_engine_on_a_local_cluster_equals_the_local_build(tmp_path):
    import pytest

    pytest.importorskip("distributed")
    data = Path(__file__).parent.parent / "data"
    for name, extra in (("local", []), ("dask", ["--engine", "dask", "--scheduler", "local"])):
        p = run("build", str(FIXTURES), str(data), "--out", str(tmp_path / name), "--no-cache", *extra)
        assert p.returncode == 0, p.stderr
    for f in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.html"):
        assert (tmp_path / "local" / f).read_bytes() == (tmp_path / "dask" / f).read_bytes(), f


def test_dask_driver_loads_no_spacy_pipeline(tmp_path):
    """The Dask driver reads the pipeline's meta.json for the cache key; only workers parse."""
    import pytest

    pytest.importorskip("distributed")
    code = ("import sys, kg.nlp, kg.pipeline\n"
            "def refuse(*a, **k): raise SystemExit('the driver loaded a spaCy pipeline')\n"
            "kg.nlp.load_model = refuse\n"
            "r = kg.pipeline.build([sys.argv[1]], engine='dask', scheduler='local', cache=sys.argv[2])\n"
            "print(len(r.articles), r.parsed)\n")
    p = subprocess.run([sys.executable, "-c", code, str(FIXTURES), str(tmp_path / "cache")], capture_output=True,
                       text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    n, parsed = p.stdout.split()[-2:]
    assert int(n) > 0 and int(parsed) == int(n)
