"""A cache of per-article extractions, so that a rebuild parses only what changed.

Key: the article (id, text, date, title, address), the spaCy pipeline (name and version) and a
fingerprint of kg itself (its code and lexicons), so that any change to the extractor invalidates
the cache. Location: --cache-dir, else $KG_CACHE_DIR, else $XDG_CACHE_HOME/kg, else ~/.cache/kg.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from .types import Article, ArticleExtraction


def default_dir() -> Path:
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of kg's own source and lexicon files."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.suffix in (".py", ".tsv", ".txt", ".rq") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


class Cache:
    """Pickled ArticleExtractions in a folder, one file per key."""

    def __init__(self, folder: str | Path | None, model_id: str) -> None:
        self.folder = Path(folder) if folder else default_dir()
        self.model_id = model_id
        self.hits = self.misses = 0

    def key(self, a: Article) -> str:
        h = hashlib.sha256()
        for part in (code_fingerprint(), self.model_id, a.id, a.text, str(a.published), a.title, a.url or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pkl"

    def get(self, a: Article) -> ArticleExtraction | None:
        path = self._path(self.key(a))
        try:
            with path.open("rb") as handle:
                found = pickle.load(handle)  # noqa: S301 (kg's own cache folder)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, a: Article, ex: ArticleExtraction) -> None:
        path = self._path(self.key(a))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(ex, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
