"""Bad input: one clear line naming the file and line (or a warning and the repaired value), checked
when reading, before any parsing; an article longer than spaCy's limit is parsed in parts."""
import json
import logging
import subprocess
import sys

import pytest

from kg.errors import InputError
from kg.ingest import read_inputs


def run(*args):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=600)


GOOD = json.dumps({"id": "ok", "text": "A headline\n\nThe weather was fine."})


@pytest.mark.parametrize("line, message", [
    ('{"id": "a", "text": "x", "deep": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"id": ' + "9" * 5000 + ', "text": "x"}', "number too long"),
    ('{"id": ' + "9" * 200 + ', "text": "x"}', "200 digits"),
    ('{"id": ["a"], "text": "x"}', '"id" must be a string'),
    ('{"id": "a", "text": 5}', '"text" string'),
])
def test_unreadable_lines_are_one_error_naming_file_and_line(tmp_path, line, message):
    f = tmp_path / "c.jsonl"
    f.write_text(GOOD + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        list(read_inputs([f]))
    assert f"{f}:2: " in str(info.value) and "Error" not in str(info.value)


@pytest.mark.parametrize("record, field, repaired", [
    ({"url": 123}, "url", None),
    ({"title": 5}, "title", "A headline"),
    ({"title": "Head\ud800line"}, "title", "Head\ufffdline"),
    ({"text": "A headline\n\nThe \ud800 weather was fine."}, "text", "A headline\n\nThe \ufffd weather was fine."),
])
def test_repairable_values_give_a_warning_and_the_repaired_value(tmp_path, caplog, record, field, repaired):
    f = tmp_path / "c.jsonl"
    rec = {"id": "a", "text": "A headline\n\nThe weather was fine.", **record}
    f.write_text(json.dumps(rec) + "\n", encoding="utf-8")  # json.dumps writes a lone surrogate as \ud800
    with caplog.at_level(logging.WARNING, logger="kg.ingest"):
        (art,) = list(read_inputs([f]))
    assert getattr(art, field) == repaired
    assert [r.getMessage() for r in caplog.records if f"{f}:1: " in r.getMessage() and f'"{field}"' in r.getMessage()]


def test_a_bad_line_stops_the_build_before_any_parsing(tmp_path):
    first = tmp_path / "a.txt"
    first.write_text("A headline\n\nThe weather was fine.", encoding="utf-8")
    bad = tmp_path / "b.jsonl"
    bad.write_text(GOOD + "\n" + '{"id": "x", "text": "y", "url": 1, "n": ' + "9" * 5000 + "}\n", encoding="utf-8")
    stream = read_inputs([first, bad])
    with pytest.raises(InputError, match=r"b\.jsonl:2"):
        next(stream)  # the first article is not handed on before every JSONL line was read


@pytest.mark.parametrize("record", [{"url": 123}, {"title": 5}, {"title": "T\ud800"}, {"text": "Head\n\nA \ud800 b."}])
def test_cli_repairs_with_one_warning_line(tmp_path, record):
    f = tmp_path / "c.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "Head\n\nThe weather was fine.", **record}) + "\n", encoding="utf-8")
    p = run("build", str(f), "--out", str(tmp_path / "o"), "-q", "--no-cache")
    assert p.returncode == 0, p.stderr
    assert p.stderr.startswith("WARNING: ") and len(p.stderr.strip().splitlines()) == 1 and f"{f}:1" in p.stderr
    assert "Error" not in p.stderr
    (tmp_path / "o" / "graph.nt").read_text(encoding="utf-8")  # valid UTF-8 throughout


@pytest.mark.parametrize("line", ['{"id": ' + "9" * 5000 + ', "text": "x"}',
                                  '{"text": "x", "d": ' + "[" * 50_000 + "]" * 50_000 + "}"])
def test_cli_unreadable_line_is_one_error(tmp_path, line):
    f = tmp_path / "c.jsonl"
    f.write_text(line + "\n", encoding="utf-8")
    p = run("build", str(f), "--out", str(tmp_path / "o"), "-q", "--no-cache")
    assert p.returncode == 1 and p.stderr.startswith(f"Error: {f}:1: ") and len(p.stderr.strip().splitlines()) == 1
    assert "Error: " + "ValueError" not in p.stderr and "RecursionError" not in p.stderr


def test_split_text_parts_join_to_the_text_and_end_at_paragraphs():
    from kg.nlp import split_text

    text = "".join(f"Paragraph {i} says a thing.\nAnd another.\n\n" for i in range(500))
    parts = split_text(text, 1000)
    assert "".join(parts) == text and all(len(p) <= 1000 for p in parts) and len(parts) > 10
    assert all(p.endswith("\n\n") for p in parts[:-1])
    assert split_text("x" * 2500, 1000) == ["x" * 1000, "x" * 1000, "x" * 500]  # no break: cut at the limit
    assert split_text("short", 1000) == ["short"]


def test_an_article_over_spacys_limit_is_parsed_in_parts_and_extracted_as_one(tmp_path, nlp):
    from kg.pipeline import build

    # 1.2 M characters in few tokens (spaces pad each paragraph), so the test parses quickly
    pad = " " * 2000
    filler = "The rain fell on the old town." + pad + "\n\n"
    first = "Talks in Lima\n\nPresident Alda Moreno of Chile visited Lima on Monday.\n\n"
    last = "President Alda Moreno met President Tomas Rey in Lima on Tuesday.\n"
    text = first + filler * (1_200_000 // len(filler) + 1) + last
    assert len(text) > 1_200_000 > nlp.max_length
    f = tmp_path / "long.txt"
    f.write_text(text, encoding="utf-8")
    other = tmp_path / "short.txt"
    other.write_text("Short news\n\nThe weather was fine.", encoding="utf-8")
    result = build([f, other])
    assert [a.id for a in result.articles] == ["long", "short"]
    spans = [x for e in result.events for x in e.evidence]
    assert {x.text for x in spans} >= {last.strip()}
    for x in spans:
        assert text[x.start:x.end] == x.text
    assert max(x.start for x in spans) > 1_200_000
    people = {e.label for e in result.entities if e.type == "Person"}
    assert "Alda Moreno" in people
