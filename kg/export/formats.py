"""The export formats beside RDF and the page, by name: what `kg export` and `kg build --formats` write.

    csv, parquet   one row per event (kg.export.tables.EVENT_COLUMNS)
    jsonl          one PLOVER-style record per event (kg.export.tables.plover_records)
    gexf, graphml  the networkx graph with scalar attributes (kg.export.network)
"""
from __future__ import annotations

from pathlib import Path

from ..errors import KgError
from ..types import Resolved

EXPORT_FORMATS = ("csv", "parquet", "jsonl", "gexf", "graphml")


def export_bytes(res: Resolved, base: str, fmt: str) -> bytes:
    """The file of format `fmt` for the records `res` (IRIs under `base`); the same bytes for a
    build's records and for those read back from its graph file (kg.export.tables.canonical)."""
    from . import tables

    if fmt == "csv":
        return tables.to_csv(tables.event_rows(res, base), tables.EVENT_COLUMNS)
    if fmt == "parquet":
        return tables.to_parquet(tables.event_rows(res, base), tables.EVENT_COLUMNS)
    if fmt == "jsonl":
        return tables.to_jsonl(tables.plover_records(res, base))
    if fmt in ("gexf", "graphml"):
        from ..graph import build_graph
        from .network import to_gexf, to_graphml

        g = build_graph(tables.canonical(res))
        return to_gexf(g, base) if fmt == "gexf" else to_graphml(g, base)
    raise KgError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


def format_of(path: str | Path) -> str:
    """The export format named by a file's extension (KgError for another)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in EXPORT_FORMATS:
        shown = f"'.{suffix}'" if suffix else "no extension"
        raise KgError(f"{path}: cannot tell the format from {shown}; give a file ending in "
                      + ", ".join(f".{f}" for f in EXPORT_FORMATS))
    return suffix


def read_records(graph_file: str | Path) -> tuple[Resolved, str]:
    """The records and base IRI of a graph file kg wrote (.ttl, .nt, .jsonld)."""
    from ..validate import load_graph_offline
    from .from_rdf import resolved_from_rdf

    return resolved_from_rdf(load_graph_offline(graph_file))
