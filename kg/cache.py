"""A cache of per-article extractions, so that a rebuild parses only what changed.

Key: the article (id, text, date, title, address, dateline), the spaCy pipeline (name, version
and spaCy's version), a fingerprint of kg's code and one of the lexicons in use (shipped or
KG_LEXICONS), so that any change to what the extractor reads invalidates the cache. Location:
--cache-dir, else $KG_CACHE_DIR, else $XDG_CACHE_HOME/kg, else ~/.cache/kg.

Entries are data only, never code: one file per key holding a JSON header line (format version,
the key, the payload's size and sha256) and the payload, the extraction as JSON (kg.serial).
Reading checks all of it; a file that does not verify (another key, a bad checksum, bad JSON,
a record of another shape, not a regular file, too large) is ignored, logged, and the article is
parsed again. The cache is never needed for a correct result, only for a fast one.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import stat
import tempfile
from dataclasses import replace
from pathlib import Path

from .serial import SchemaError, article_to_dict, from_dict, to_dict
from .types import Article, ArticleExtraction

log = logging.getLogger(__name__)

FORMAT = "kg-cache/2"  # the header's format tag; another one is not read
MAX_ENTRY = 256 * 2**20  # bytes: a larger file is no entry kg wrote


def default_dir() -> Path:
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of kg's own source and shipped data files."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.suffix in (".py", ".tsv", ".txt", ".rq") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def write_entry(path: Path, key: str, payload: bytes) -> None:
    """Write a verified entry (header line + payload) atomically; OSError if it cannot."""
    header = {"format": FORMAT, "key": key, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(json.dumps(header, sort_keys=True).encode("ascii") + b"\n")
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_entry(path: Path, key: str, max_bytes: int = MAX_ENTRY) -> bytes | None:
    """The payload of the entry at `path` if it verifies (a regular file, kg's format, `key`,
    the size and checksum of its header), else None (a missing file quietly, anything else
    with a warning). Never blocks on a FIFO or device and never follows a symbolic link."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("cache entry %s ignored: %s", path, exc.strerror or exc)
        return None
    if not stat.S_ISREG(st.st_mode):
        log.warning("cache entry %s ignored: not a regular file", path)
        return None
    if st.st_size > max_bytes:
        log.warning("cache entry %s ignored: %d bytes, more than %d", path, st.st_size, max_bytes)
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        log.warning("cache entry %s ignored: %s", path, exc.strerror or exc)
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else since lstat
            log.warning("cache entry %s ignored: not a regular file", path)
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        log.warning("cache entry %s ignored: %s", path, exc.strerror or exc)
        return None
    finally:
        os.close(fd)
    problem = _check(data, key, max_bytes)
    if problem:
        log.warning("cache entry %s ignored: %s", path, problem)
        return None
    return data[data.index(b"\n") + 1:]


def _check(data: bytes, key: str, max_bytes: int) -> str | None:
    """Why `data` is not a valid entry for `key` (None: it is)."""
    if len(data) > max_bytes:
        return "too large"
    line, sep, payload = data.partition(b"\n")
    if not sep:
        return "no header"
    try:
        header = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return "not a kg cache entry (bad header)"
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return "not a kg cache entry of this version"
    if header.get("key") != key:
        return "written for another key"
    if header.get("size") != len(payload):
        return "truncated or extended"
    if header.get("sha256") != hashlib.sha256(payload).hexdigest():
        return "checksum mismatch"
    return None


class Cache:
    """Verified JSON ArticleExtractions in a folder, one file per key."""

    def __init__(self, folder: str | Path | None, model_id: str) -> None:
        from . import lexicons

        self.folder = Path(folder) if folder else default_dir()
        self.model_id = model_id
        self.lexicons = lexicons.fingerprint()  # once per build: the files in use now
        self.hits = self.misses = 0

    def key(self, a: Article) -> str:
        """What the extraction of `a` depends on: kg, the lexicons, the model and the article
        (all its fields but `source`, the path it was read from, which the output never uses)."""
        h = hashlib.sha256()
        article = json.dumps(article_to_dict(replace(a, source="")), sort_keys=True)
        for part in (FORMAT, code_fingerprint(), self.lexicons, self.model_id, article):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, a: Article) -> ArticleExtraction | None:
        key = self.key(a)
        path = self._path(key)
        payload = read_entry(path, key)
        found = None
        if payload is not None:
            try:
                found = from_dict(json.loads(payload))
            except (ValueError, SchemaError, TypeError, RecursionError) as exc:
                log.warning("cache entry %s ignored: %s", path, exc)
            else:
                if found.article != replace(a, text="", source=found.article.source):
                    log.warning("cache entry %s ignored: written for article %r", path, found.article.id)
                    found = None
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return replace(found, article=a)

    def put(self, a: Article, ex: ArticleExtraction) -> None:
        key = self.key(a)
        stored = replace(ex, article=replace(ex.article, text=""))  # the text is the key's business, not the entry's
        try:
            payload = json.dumps(to_dict(stored), separators=(",", ":")).encode("ascii")
            write_entry(self._path(key), key, payload)
        except (OSError, ValueError) as exc:
            log.debug("cache entry for %s not written: %s", a.id, exc)  # a cache only saves time
