"""Command-line arguments: one-line errors or a quiet exit, and --model loads only spaCy pipelines."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def one_error_line(p: subprocess.CompletedProcess) -> bool:
    return (p.returncode in (1, 2) and p.stderr.startswith("Error: ") and len(p.stderr.strip().splitlines()) == 1
            and "Traceback" not in p.stderr)


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("g")
    p = run("build", str(SAMPLE), "--out", str(out), "-q")
    assert p.returncode == 0, p.stderr
    return out / "graph.nt"


@pytest.mark.parametrize("args", [["--batch-size", "-5"], ["--batch-size", "0"], ["--jobs", "-1"],
                                  ["--min-confidence", "nan"]])
def test_bad_build_numbers(tmp_path, args):
    p = run("build", str(SAMPLE), "--out", str(tmp_path / "o"), *args)
    assert one_error_line(p) and args[0] in p.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_bad_chunk_size(graph, value):
    p = run("push", str(graph), "--endpoint", "http://127.0.0.1:9/store", "--chunk-mb", value)
    assert one_error_line(p) and "--chunk-mb" in p.stderr


def test_a_param_the_query_does_not_use_is_an_error(graph):
    p = run("query", str(graph), "visits", "--param", "nobody=x")
    assert one_error_line(p) and "nobody" in p.stderr and "RuntimeError" not in p.stderr
    assert run("query", str(graph), "SELECT ?s ?c WHERE { ?s a ?c } LIMIT 1", "--param", "c=urn:x").returncode == 0


def test_a_binary_query_file_is_an_error(graph, tmp_path):
    q = tmp_path / "q.rq"
    q.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\xff\xfe binary")
    p = run("query", str(graph), "--file", str(q))
    assert one_error_line(p) and str(q) in p.stderr and "UnicodeDecodeError" not in p.stderr


def test_a_closed_pipe_ends_quietly(graph):
    cmd = [sys.executable, "-m", "kg", "query", str(graph), "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"]
    p = subprocess.run(" ".join(f"'{c}'" for c in cmd) + " | head -n 1", shell=True, capture_output=True, text=True,
                       timeout=300)
    assert p.stdout.count("\n") == 1
    assert p.stderr == ""


@pytest.mark.parametrize("model", ["this", "antigravity", "numpy", "os.path"])
def test_model_accepts_only_spacy_pipelines(tmp_path, model):
    p = run("build", str(SAMPLE), "--out", str(tmp_path / "o"), "--model", model)
    assert one_error_line(p) and "spaCy pipeline" in p.stderr
    assert "Beautiful is better than ugly" not in p.stdout + p.stderr


def test_model_folder_needs_a_spacy_config(tmp_path):
    folder = tmp_path / "not-a-pipeline"
    folder.mkdir()
    (folder / "__init__.py").write_text("print('imported')\n", encoding="utf-8")
    p = run("build", str(SAMPLE), "--out", str(tmp_path / "o"), "--model", str(folder))
    assert one_error_line(p) and "config.cfg" in p.stderr and "imported" not in p.stdout


def test_an_installed_pipeline_still_loads(nlp):
    from kg.nlp import DEFAULT_MODEL, load_model

    assert load_model(DEFAULT_MODEL) is not None


@pytest.mark.parametrize(("name", "content"), [
    ("numbers.tsv", "word\tnumber\none\t1\n"),  # the column kg reads is missing
    ("titles.tsv", b"phrase\trelation\trole\npr\xe9sident\tleader_of\tpresident\n"),  # not UTF-8
])
def test_a_broken_user_lexicon_is_one_line_naming_the_file(tmp_path, name, content):
    lex = tmp_path / "lex"
    lex.mkdir()
    path = lex / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Talks\n\nKenyan President William Ruto met Ghana's president.\n", encoding="utf-8")
    env = {**os.environ, "KG_LEXICONS": str(lex)}
    p = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"),
                        "--no-cache"], capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 1
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and str(path) in lines[0], p.stderr
    assert "KeyError" not in p.stderr and "UnicodeDecodeError" not in p.stderr
