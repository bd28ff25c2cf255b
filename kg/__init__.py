"""kg: news articles -> event knowledge graph.

    >>> import kg
    >>> result = kg.build("data/raeisi-havana-2023.txt")        # doctest: +SKIP
    >>> kg.query(result, "SELECT ?s WHERE { ?s a <https://schema.org/Country> }")  # doctest: +SKIP
    >>> kg.events_frame("out/graph.ttl")         # pandas, one row per event   # doctest: +SKIP

The heavy parts (spaCy, rdflib) load on first use, not on import.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

__all__ = ["__version__", "build", "query", "events_frame", "entities_frame", "KgError", "InputError", "ModelError",
           "QueryError"]

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


def events_frame(result_or_graph: Any) -> Any:
    """A pandas DataFrame with one row per event of a build Result or of a graph file kg wrote
    (.ttl, .nt, .jsonld): the columns of kg.export.tables.EVENT_COLUMNS (needs the `pandas` extra).

        >>> kg.events_frame(kg.build("data/raeisi-havana-2023.txt"))   # doctest: +SKIP
    """
    from .export.tables import EVENT_COLUMNS, event_rows, frame

    res, base = _records(result_or_graph)
    return frame(event_rows(res, base), EVENT_COLUMNS)


def entities_frame(result_or_graph: Any) -> Any:
    """A pandas DataFrame with one row per entity of a build Result or of a graph file
    (kg.export.tables.ENTITY_COLUMNS: type, label, aliases, country, offices, ...)."""
    from .export.tables import ENTITY_COLUMNS, entity_rows, frame

    res, base = _records(result_or_graph)
    return frame(entity_rows(res, base), ENTITY_COLUMNS)


def _records(result_or_graph: Any) -> Any:
    if hasattr(result_or_graph, "resolved"):
        return result_or_graph.resolved, result_or_graph.base_iri
    from .export.formats import read_records

    return read_records(result_or_graph)
