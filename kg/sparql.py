"""SPARQL over a graph file or an rdflib Graph: SELECT, ASK and CONSTRUCT, as table/CSV/JSON."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rdflib import Graph
from rdflib.query import Result

from .errors import QueryError

FORMATS = ("table", "csv", "json")
_PARSERS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml",
            ".xml": "xml", ".n3": "n3", ".trig": "trig"}


def load_graph(path: str | Path) -> Graph:
    """Parse an RDF file (format from its suffix)."""
    p = Path(path)
    if not p.is_file():
        raise QueryError(f"no such graph file: {p}")
    fmt = _PARSERS.get(p.suffix.lower())
    if fmt is None:
        raise QueryError(f"unknown graph format {p.suffix!r}; use one of {', '.join(sorted(_PARSERS))}")
    g = Graph()
    try:
        g.parse(str(p), format=fmt)
    except Exception as exc:  # rdflib raises many types for bad syntax
        raise QueryError(f"cannot parse {p} as {fmt}: {' '.join(str(exc).split())[:200]}") from exc
    return g


def run_query(graph: Graph | str | Path, sparql: str) -> Result:
    """Run a SPARQL query; QueryError on bad syntax."""
    g = graph if isinstance(graph, Graph) else load_graph(graph)
    try:
        return g.query(sparql)
    except Exception as exc:
        raise QueryError(f"bad SPARQL query: {' '.join(str(exc).split())[:200]}") from exc


def _cell(v) -> str:
    return "" if v is None else str(v)


def format_result(result: Result, fmt: str = "table") -> str:
    """Render a query result: SELECT as table/CSV/JSON (SPARQL 1.1 results), ASK as true/false,
    CONSTRUCT/DESCRIBE as Turtle."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json" else str(bool(result.askAnswer)).lower()
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    names = [str(v) for v in result.vars]
    rows = [[_cell(r[v]) for v in result.vars] for r in result]
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(names)
        w.writerows(rows)
        return buf.getvalue()
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
