"""kg: news articles -> event knowledge graph.

    >>> import kg
    >>> result = kg.build("data/raeisi-havana-2023.txt")        # doctest: +SKIP
    >>> kg.query(result, "SELECT ?s WHERE { ?s a <https://schema.org/Country> }")  # doctest: +SKIP

The heavy parts (spaCy, rdflib) load on first use, not on import.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

__all__ = ["__version__", "build", "query", "KgError", "InputError", "ModelError", "QueryError"]

from .errors import InputError, KgError, ModelError, QueryError

if TYPE_CHECKING:
    from .pipeline import Result


def build(paths_or_texts: Any, **options: Any) -> Result:
    """Build the event graph of articles: paths (text files, saved web pages, folders, JSONL
    corpora), http(s) URLs and/or article texts (a string holding a line break is taken as a
    text, "scheme://..." as a URL, any other string as a path).

    Options are those of kg.pipeline.build: model, base_iri, published, batch_size, urls, fetch.
    """
    from pathlib import Path

    from .pipeline import build as _build

    items = [paths_or_texts] if isinstance(paths_or_texts, (str, Path)) else list(paths_or_texts)
    texts = [x for x in items if isinstance(x, str) and "\n" in x]
    paths = [x for x in items if not (isinstance(x, str) and "\n" in x)]
    return _build(paths, texts=texts, **options)


def query(graph: Any, sparql: str, fmt: str | None = None, **params: str) -> Any:
    """Run SPARQL (text or a named query) on a Result, an rdflib Graph, a graph file or a
    pyoxigraph Store; keyword arguments bind query variables. With fmt ("table", "csv",
    "json") the formatted text, else a kg.sparql.QueryResult."""
    from .sparql import format_result, run_query

    target = graph.store if hasattr(graph, "ntriples") else graph
    result = run_query(target, sparql, params)
    return format_result(result, fmt) if fmt else result
