"""The per-article cache holds data only, verified on read: a planted, damaged, foreign or
unreadable entry is ignored and the article parsed again, with the same output."""
import json
import os
import pickle
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ARTICLES = {
    "kyiv.txt": "President visits Kyiv\n\nKYIV, May 3 (Wire) -- French President Emmanuel Macron visited Kyiv on "
                "Tuesday and met Ukrainian President Volodymyr Zelensky. The two leaders signed an agreement on "
                "energy. Macron praised the courage of the Ukrainian people.\n",
    "lima.txt": "Talks in Lima\n\nLIMA, June 9 (Wire) -- Brazilian President Luiz Inacio Lula da Silva met Peruvian "
                "President Dina Boluarte in Lima on Friday. Lula criticised the tariffs of the United States.\n",
    "oslo.txt": "Visit to Oslo\n\nOSLO, July 1 (Wire) -- Kenyan President William Ruto visited Norway on Monday. "
                "Ruto met Norwegian Prime Minister Jonas Gahr Store in Oslo and proposed a trade deal.\n",
}


class Planted:
    """A pickle that, when loaded, makes a folder: proof that loading ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file() and not p.name.startswith("."))


def test_extraction_round_trips_through_json(extract_text):
    from kg.serial import from_dict, to_dict

    ex = extract_text(ARTICLES["kyiv.txt"], published=date(2023, 5, 3))
    assert ex.events and ex.mentions and ex.refs and ex.labels  # a real, full extraction
    data = json.loads(json.dumps(to_dict(ex)))
    back = from_dict(data)
    assert back == ex
    assert [type(e.date) for e in back.events] == [type(e.date) for e in ex.events]
    assert list(back.refs) == list(ex.refs) and all(isinstance(k, int) for k in back.refs)
    assert isinstance(back.article.published, date)


def test_serial_form_refuses_other_shapes(extract_text):
    from kg.serial import SchemaError, from_dict, to_dict

    data = to_dict(extract_text("Macron visited Kyiv on Tuesday."))
    for broken in ({**data, "extra": 1}, {k: v for k, v in data.items() if k != "events"},
                   {**data, "refs": {"0": "state/FR"}}, {**data, "article": {**data["article"], "published": 5}},
                   {"py/object": "os.system"}, [1, 2], "text"):
        with pytest.raises(SchemaError):
            from_dict(broken)


def _damage_protocol(path: Path, _others: list[bytes], _marker: Path) -> None:
    path.write_bytes(b"\x80\x09" + b"\x00" * 40)  # "unsupported pickle protocol: 9"


def _damage_pickle(path: Path, _others: list[bytes], marker: Path) -> None:
    path.write_bytes(pickle.dumps(Planted(marker)))


def _damage_garbage(path: Path, _others: list[bytes], _marker: Path) -> None:
    path.write_bytes(b"not a cache entry\n{]")


def _damage_truncate(path: Path, _others: list[bytes], _marker: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _damage_foreign(path: Path, others: list[bytes], _marker: Path) -> None:
    path.write_bytes(others[0])  # another article's entry, as it was written


def _damage_edit(path: Path, _others: list[bytes], _marker: Path) -> None:
    # a well-formed entry of this format whose payload was edited: the checksum no longer matches
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Macron", b"Mallon").replace(b"Lula", b"Lola").replace(b"Ruto", b"Rudo"))


@pytest.mark.parametrize("damage", [_damage_protocol, _damage_pickle, _damage_garbage, _damage_truncate,
                                    _damage_foreign, _damage_edit])
def test_bad_entries_are_ignored_and_reparsed(nlp, corpus, tmp_path, damage):
    from kg.pipeline import build

    cache = tmp_path / "cache"
    reference = build([corpus], cache=cache)
    entries = _entries(cache)
    assert len(entries) == len(ARTICLES)
    marker = tmp_path / "code-ran"
    snapshot = {p: p.read_bytes() for p in entries}
    for p in entries:
        damage(p, [data for q, data in snapshot.items() if q != p], marker)
    again = build([corpus], cache=cache)
    assert not marker.exists()
    assert again.parsed == len(ARTICLES)
    assert len(again.articles) == len(ARTICLES)
    assert again.ntriples == reference.ntriples
    third = build([corpus], cache=cache)  # the entries were written again, valid
    assert third.parsed == 0 and third.ntriples == reference.ntriples


def _run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def test_fifo_in_place_of_an_entry_does_not_hang_the_build(corpus, tmp_path):
    cache = tmp_path / "cache"
    p = _run("build", str(corpus), "--out", str(tmp_path / "a"), "--cache-dir", str(cache), "-q")
    assert p.returncode == 0, p.stderr
    for entry in _entries(cache):
        entry.unlink()
        os.mkfifo(entry)
    try:
        p = _run("build", str(corpus), "--out", str(tmp_path / "b"), "--cache-dir", str(cache))
    except subprocess.TimeoutExpired:
        pytest.fail("the build hung on a FIFO in the cache folder")
    assert p.returncode == 0, p.stderr
    assert f"parsed: {len(ARTICLES)} (cached: 0)" in p.stdout
    assert (tmp_path / "a" / "graph.nt").read_bytes() == (tmp_path / "b" / "graph.nt").read_bytes()


def test_edited_lexicon_invalidates_the_cache(corpus, tmp_path):
    from kg.lexicons import SHIPPED

    cache = tmp_path / "cache"
    p = _run("build", str(corpus), "--out", str(tmp_path / "before"), "--cache-dir", str(cache))
    assert p.returncode == 0, p.stderr
    assert re.search(r"^events: .*\bpraise [1-9]", p.stdout, re.M), p.stdout
    lex = tmp_path / "lexicons"
    lex.mkdir()
    lines = (SHIPPED / "triggers.tsv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if ln.startswith("#") or "\tpraise\t" not in ln]
    assert len(kept) < len(lines)
    (lex / "triggers.tsv").write_text("".join(kept), encoding="utf-8")
    env = {"KG_LEXICONS": str(lex)}
    p = _run("build", str(corpus), "--out", str(tmp_path / "cached"), "--cache-dir", str(cache), env=env)
    assert p.returncode == 0, p.stderr
    assert f"parsed: {len(ARTICLES)} (cached: 0)" in p.stdout
    assert not re.search(r"^events: .*\bpraise ", p.stdout, re.M), p.stdout  # the removed words' events are gone
    p = _run("build", str(corpus), "--out", str(tmp_path / "fresh"), "--no-cache", "-q", env=env)
    assert p.returncode == 0, p.stderr
    cached = (tmp_path / "cached" / "graph.nt").read_bytes()
    assert cached == (tmp_path / "fresh" / "graph.nt").read_bytes()
    assert cached != (tmp_path / "before" / "graph.nt").read_bytes()


def test_city_table_is_json_and_a_planted_pickle_is_not_loaded(tmp_path):
    code = ("import kg.extract.lexicon as L; t = L._cities(); assert t.get('lagos', ('', 0))[0] == 'NG', "
            "t.get('lagos'); print(len(t))")
    cache = tmp_path / "cache"
    env = {"KG_CACHE_DIR": str(cache), "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                           env={**os.environ, **env})
    assert first.returncode == 0, first.stderr
    tables = [p for p in cache.iterdir() if p.name.startswith("cities-")]
    assert tables
    marker = tmp_path / "code-ran"
    for p in tables:
        p.write_bytes(pickle.dumps(Planted(marker)))
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                           env={**os.environ, **env})
    assert again.returncode == 0, again.stderr
    assert not marker.exists()
    assert again.stdout == first.stdout


def test_read_entry_checks_key_format_size_and_file_type(tmp_path):
    from kg.cache import FORMAT, read_entry, write_entry

    path = tmp_path / "e.json"
    write_entry(path, "k1", b'{"a": 1}')
    assert read_entry(path, "k1") == b'{"a": 1}'
    assert read_entry(path, "k2") is None  # another key
    assert read_entry(path, "k1", max_bytes=8) is None  # too large
    old = path.read_bytes().replace(FORMAT.encode(), b"kg-cache/1")
    (tmp_path / "old.json").write_bytes(old)
    assert read_entry(tmp_path / "old.json", "k1") is None  # another format version
    (tmp_path / "link.json").symlink_to(path)
    assert read_entry(tmp_path / "link.json", "k1") is None  # not a regular file
    (tmp_path / "dir.json").mkdir()
    assert read_entry(tmp_path / "dir.json", "k1") is None
    assert read_entry(tmp_path / "missing.json", "k1") is None
