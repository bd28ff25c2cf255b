"""Writing outputs: all or nothing, no temporary files left, inputs never overwritten, and
nothing replaced when there is nothing to build."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIRST = ("Talks in Lima\n\nLIMA, June 9 (Wire) -- Brazilian President Luiz Inacio Lula da Silva met Peruvian "
         "President Dina Boluarte in Lima on Friday.\n")
SECOND = ("Visit to Oslo\n\nOSLO, July 1 (Wire) -- Kenyan President William Ruto visited Norway on Monday and met "
          "Norwegian Prime Minister Jonas Gahr Store.\n")
NAMES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.html", "context.jsonld")


def kg(*args: str, capsys) -> tuple[int, str, str]:
    from kg.cli import main

    capsys.readouterr()
    code = main([*args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def built(nlp, tmp_path, capsys):
    """An output folder holding a build of FIRST; (folder, input file of FIRST, file of SECOND)."""
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = kg("build", str(first), "--out", str(out), "--no-cache", "-q", capsys=capsys)
    assert code == 0, err
    assert set(snapshot(out)) == set(NAMES)
    return out, first, second


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    return lines[0]


def test_failed_rename_keeps_the_old_set_and_leaves_no_temporary_file(built, capsys):
    out, _, second = built
    (out / "context.jsonld").unlink()  # the last file renamed: make its rename fail
    (out / "context.jsonld").mkdir()
    (out / "context.jsonld" / "keep").write_text("x", encoding="utf-8")
    before = snapshot(out)
    code, _, err = kg("build", str(second), "--out", str(out), "--no-cache", "-q", capsys=capsys)
    assert snapshot(out) == before  # not new graph files beside an old page
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)  # no temporary file
    assert code == 1
    assert "cannot write the outputs" in one_error_line(err)


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_temporary_files_of_killed_runs_are_removed(built, capsys):
    out, first, _ = built
    dead = _dead_pid()
    stale = [out / f".graph.ttl.kg{dead}-a1b2c3d4.tmp", out / f".graph.html.kg{dead}-zz_9yy8x.tmp",
             out / ".graph.nt.k3j_x9q2.tmp"]  # the last one: kg 0.1's name (tempfile.mkstemp)
    alive = out / f".graph.ttl.kg{os.getpid()}-abcdefgh.tmp"  # a running process's file
    others = [out / "notes.tmp", out / ".graph.ttl.notes.tmp", out / ".mine.k3j_x9q2.tmp"]
    for p in [*stale, alive, *others]:
        p.write_text("partial", encoding="utf-8")
    code, _, err = kg("build", str(first), "--out", str(out), "--no-cache", "-q", capsys=capsys)
    assert code == 0, err
    assert not any(p.exists() for p in stale)
    assert alive.exists() and all(p.exists() for p in others)


def test_view_refuses_to_overwrite_its_graph(built, capsys):
    out, _, _ = built
    graph = out / "graph.ttl"
    before = graph.read_bytes()
    code, _, err = kg("view", str(graph), "--out", str(graph), capsys=capsys)
    assert code == 1 and "overwrite" in one_error_line(err)
    assert graph.read_bytes() == before
    code, _, err = kg("view", str(graph), "--out", str(out / "." / "graph.ttl"), capsys=capsys)
    assert code == 1 and graph.read_bytes() == before


def test_build_refuses_an_input_as_output(built, tmp_path, capsys):
    out, _, second = built
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "second.txt").write_bytes(second.read_bytes())
    code, _, err = kg("build", str(folder), "--out", str(folder), "--no-cache", "-q", capsys=capsys)
    assert code == 1 and "one of the inputs" in one_error_line(err)
    assert sorted(p.name for p in folder.iterdir()) == ["second.txt"]
    before = snapshot(out)
    code, _, err = kg("build", str(out / "graph.ttl"), "--out", str(out), "--no-cache", "-q", capsys=capsys)
    assert code == 1 and "input and an output" in one_error_line(err)
    assert snapshot(out) == before


@pytest.mark.parametrize("kind", ["empty folder", "folder without articles", "blank jsonl"])
def test_no_article_is_an_error_that_leaves_the_outputs_alone(built, tmp_path, capsys, kind):
    out, _, _ = built
    before = snapshot(out)
    if kind == "blank jsonl":
        source = tmp_path / "corpus.jsonl"
        source.write_text("\n   \n\n", encoding="utf-8")
    else:
        source = tmp_path / "in"
        source.mkdir()
        if kind == "folder without articles":
            (source / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
            (source / "README.md").write_text("# notes\n", encoding="utf-8")  # skipped in folders
    code, _, err = kg("build", str(source), "--out", str(out), "--no-cache", "-q", capsys=capsys)
    assert code == 1
    assert f"no article found in {source}" in one_error_line(err)
    assert snapshot(out) == before
