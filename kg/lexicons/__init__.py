"""kg's words and tables as data: the one loader for every lexicon file in this folder.

Two kinds of file:
- ``NAME.tsv``: a table with a header line (``rows``);
- ``NAME.txt``: a word list, one entry per line (``words``).
In both, blank lines and lines starting with ``#`` are comments. Users extend a lexicon by
pointing ``KG_LEXICONS`` at a folder holding their own copy of any of these files: a file found
there replaces the shipped one of the same name. ``fingerprint()`` hashes the files in use, so
the per-article cache knows when a lexicon changed.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import os
from pathlib import Path

from ..errors import LexiconError

SHIPPED = Path(__file__).resolve().parent

__all__ = ["SHIPPED", "fingerprint", "lexicon_path", "mapping", "rows", "words"]


def _override() -> Path | None:
    folder = os.environ.get("KG_LEXICONS")
    return Path(folder) if folder else None


def lexicon_path(name: str) -> Path:
    """The file in use for lexicon ``name`` (with its extension): the user's copy, else kg's."""
    folder = _override()
    if folder is not None and (folder / name).is_file():
        return folder / name
    return SHIPPED / name


def _lines(name: str) -> list[str]:
    path = lexicon_path(name)
    try:
        with path.open(encoding="utf-8") as handle:
            return [ln.rstrip("\n") for ln in handle if ln.strip() and not ln.lstrip().startswith("#")]
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise LexiconError(f"cannot read lexicon {path}: {exc.strerror or exc}") from exc


class _Row(dict[str, str]):
    """A table row whose missing column is a clear error naming the file, not a KeyError."""

    path: Path

    def __missing__(self, key: str) -> str:
        raise LexiconError(f"{self.path}: no column {key!r} (columns: {', '.join(self) or 'none'})")


def _row(path: Path, cells: dict[str, str]) -> _Row:
    row = _Row(cells)
    row.path = path
    return row


@functools.cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of table ``name`` (``"titles.tsv"``), each a dict of stripped cells."""
    reader = csv.DictReader(_lines(name), delimiter="\t")
    path = lexicon_path(name)
    return tuple(_row(path, {k: (v or "").strip() for k, v in row.items() if k is not None}) for row in reader)


@functools.cache
def words(name: str) -> frozenset[str]:
    """The entries of word list ``name`` (``"modals"`` reads ``modals.txt``), lower-cased."""
    return frozenset(ln.strip().lower() for ln in _lines(f"{name}.txt"))


@functools.cache
def mapping(name: str, key: str, value: str) -> dict[str, str]:
    """Table ``name`` as a dict from column ``key`` (lower-cased) to column ``value``."""
    return {row[key].lower(): row[value] for row in rows(name)}


def fingerprint() -> str:
    """A hash of every lexicon file in use (shipped or overridden), names and contents."""
    h = hashlib.sha256()
    names = {p.name for p in SHIPPED.iterdir() if p.suffix in (".tsv", ".txt")}
    folder = _override()
    if folder is not None and folder.is_dir():
        names |= {p.name for p in folder.iterdir() if p.suffix in (".tsv", ".txt")}
    for name in sorted(names):
        path = lexicon_path(name)
        h.update(name.encode())
        h.update(str(path.parent == SHIPPED).encode())
        h.update(path.read_bytes() if path.is_file() else b"")
    return h.hexdigest()[:16]
