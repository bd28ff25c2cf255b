from datetime import date

import pytest

from kg.errors import InputError
from kg.ingest import parse_article, read_inputs


@pytest.mark.parametrize("text, place, published", [
    ("Headline\n\nMOSCOW, March 22 (Reuters) - Ivanov met Li on Tuesday, March 21, 2023.", "MOSCOW", date(2023, 3, 22)),
    ("Headline\n\nHavana, June 16 (RHC)-- Tehrani praised Cuba. Photo on June 15, 2023.", "Havana", date(2023, 6, 16)),
    ("Headline\n\nGUANGZHOU, China, April 7, 2023 — Chen hosted Moreau.", "GUANGZHOU", date(2023, 4, 7)),
    ("Headline\n\nSEOUL, Sept. 14 — Pak met Ivanov on Sept. 13, 2023.", "SEOUL", date(2023, 9, 14)),
])
def test_dateline_gives_place_and_date(text, place, published):
    a = parse_article(text, article_id="x")
    assert a.dateline_place == place
    assert a.published == published
    assert a.parse_text().startswith("Headline") and len(a.parse_text()) == len(a.text)


def test_year_from_file_name_when_text_has_none(tmp_path):
    f = tmp_path / "visit-2021.txt"
    f.write_text("Title\n\nPARIS, May 3 — Macron received Scholz.", encoding="utf-8")
    (a,) = read_inputs([f])
    assert a.published == date(2021, 5, 3)
    assert a.title == "Title"


def test_published_option_wins_over_guess(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Title\n\nPARIS, May 3 — Macron received Scholz.", encoding="utf-8")
    (a,) = read_inputs([f], published=date(2019, 5, 3))
    assert a.published == date(2019, 5, 3)


def test_source_address_is_read_from_text():
    a = parse_article("T\n\nBody.\n\n<https://example.com/news/1>\n", article_id="x")
    assert a.url == "https://example.com/news/1"


def test_folder_is_read_recursively_and_skips_readme(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("B title\n\nText.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A title\n\nText.", encoding="utf-8")
    (tmp_path / "README.md").write_text("not an article", encoding="utf-8")
    assert [a.id for a in read_inputs([tmp_path])] == ["a", "b"]


def test_jsonl_corpus(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": "n1", "text": "T1\\n\\nBody one.", "published": "2023-01-02", "url": "https://e.x/1"}\n'
                 '\n{"id": "n2", "text": "T2\\n\\nBody two.", "title": "Given"}\n', encoding="utf-8")
    arts = list(read_inputs([f]))
    assert [(a.id, a.published, a.url, a.title) for a in arts] == [
        ("n1", date(2023, 1, 2), "https://e.x/1", "T1"), ("n2", None, None, "Given")]


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"), (b"  \n\n", "is empty"), (b"\x00\x01\x02binary", "binary"),
    (b"caf\xe9 au lait", "not UTF-8"),
])
def test_bad_files_raise_one_clear_error(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        list(read_inputs([f]))


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_inputs([tmp_path / "nope.txt"]))


def test_bad_jsonl_line_names_the_line(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": "n1", "text": "ok"}\n{"id": 2}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"c.jsonl:2"):
        list(read_inputs([f]))
