"""SPARQL over kg's graphs: SELECT, ASK and CONSTRUCT, as table, CSV or SPARQL 1.1 JSON.

Graph files, stores and build results are queried with pyoxigraph (an embedded Oxigraph store:
fast on large graphs); an rdflib Graph is queried with rdflib. A store folder
(`--store DIR`) keeps the loaded graph between runs. Named queries live in kg/queries/*.rq; their
variables can be bound with parameters (`--param person="Xi Jinping"`).
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import QueryError

FORMATS = ("table", "csv", "json")
_SUFFIX_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD", ".json": "JSON_LD",
                   ".rdf": "RDF_XML", ".xml": "RDF_XML", ".n3": "N3", ".trig": "TRIG", ".nq": "N_QUADS"}
_RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml",
                   ".xml": "xml", ".n3": "n3", ".trig": "trig", ".nq": "nquads"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Term:
    """One RDF term of a result: kind is "uri", "literal" or "bnode"."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value


def make_term(kind: str, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
    """A result term from any source (pyoxigraph, rdflib, SPARQL JSON results): "typed-literal"
    (old SPARQL JSON) is a literal; xsd:string, and the datatype of a language-tagged literal,
    are left implicit."""
    kind = "literal" if kind == "typed-literal" else kind
    return Term(kind, value, None if lang or datatype == XSD_STRING else datatype, lang)


@dataclass
class QueryResult:
    """An engine-neutral result: SELECT rows, an ASK answer, or CONSTRUCT triples (N-Triples)."""

    kind: str  # "select" | "ask" | "graph"
    vars: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    ntriples: str = ""

    def values(self) -> list[tuple[str | None, ...]]:
        """Rows as plain strings (None for unbound), handy for comparisons and tests."""
        return [tuple(None if t is None else t.value for t in row) for row in self.rows]


# ------------------------------------------------------------------ named queries
def named_queries() -> dict[str, tuple[str, str]]:
    """name -> (description, SPARQL) for every kg/queries/*.rq."""
    out = {}
    for item in sorted(resources.files("kg.queries").iterdir(), key=lambda p: p.name):
        if item.name.endswith(".rq"):
            text = item.read_text(encoding="utf-8")
            first = text.splitlines()[0] if text else ""
            out[item.name[:-3]] = (first.lstrip("# ").strip(), text)
    return out


def resolve_query(text_or_name: str) -> str:
    """The SPARQL of a named query, or the text itself."""
    queries = named_queries()
    if text_or_name in queries:
        return queries[text_or_name][1]
    if re.fullmatch(r"[a-z0-9-]+", text_or_name.strip()):
        raise QueryError(f"no named query {text_or_name!r}; choose one of {', '.join(queries)}")
    return text_or_name


def parse_params(pairs: list[str]) -> dict[str, str]:
    """['person=Xi Jinping', ...] -> {'person': 'Xi Jinping'}."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise QueryError(f"a query parameter is name=value with a SPARQL variable name, not {pair!r}")
        out[key] = value
    return out


# ------------------------------------------------------------------ engines
def open_store(path: str | Path | None = None, files: list[str | Path] = ()) -> Any:
    """A pyoxigraph Store (on disk at `path`, else in memory) with `files` loaded."""
    import pyoxigraph as ox

    try:
        store = ox.Store(str(path)) if path else ox.Store()
    except OSError as exc:
        raise QueryError(f"cannot open store {path}: {exc}") from exc
    for f in files:
        load_file(store, f)
    return store


def ntriples_store(data: bytes) -> Any:
    """An in-memory pyoxigraph Store holding the N-Triples `data`."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return store


def _graph_file(path: str | Path, formats: dict[str, str]) -> tuple[Path, str]:
    """The file and its format name from its suffix; QueryError if missing or unknown."""
    p = Path(path)
    if not p.is_file():
        raise QueryError(f"no such graph file: {p}")
    fmt = formats.get(p.suffix.lower())
    if fmt is None:
        raise QueryError(f"unknown graph format {p.suffix!r}; use one of {', '.join(sorted(formats))}")
    return p, fmt


def load_file(store: Any, path: str | Path) -> None:
    import pyoxigraph as ox

    p, fmt = _graph_file(path, _SUFFIX_FORMATS)
    try:
        store.bulk_load(path=str(p), format=getattr(ox.RdfFormat, fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"cannot parse {p} as {fmt.lower().replace('_', '-')}: {' '.join(str(exc).split())[:200]}") from exc


def replace_store(path: str | Path, ntriples: str | Path) -> int:
    """Make `path` an Oxigraph store holding exactly the graph in `ntriples`; the triple count."""
    import shutil

    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise QueryError(f"a store is a folder, not the file {folder}")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / "CURRENT").exists():
        raise QueryError(f"{folder} is not empty and holds no Oxigraph store; give an empty or new folder")
    if folder.is_dir():
        shutil.rmtree(folder)
    store = open_store(folder, [ntriples])
    store.flush()
    count = len(store)
    del store
    return count


def load_graph(path: str | Path):
    """Parse an RDF file into an rdflib Graph (format from its suffix)."""
    from rdflib import Graph

    p, fmt = _graph_file(path, _RDFLIB_FORMATS)
    g = Graph()
    try:
        g.parse(str(p), format=fmt)
    except Exception as exc:  # rdflib raises many types for bad syntax
        raise QueryError(f"cannot parse {p} as {fmt}: {' '.join(str(exc).split())[:200]}") from exc
    return g


def run_query(target: Any, sparql: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run SPARQL (a text or a named query) on a graph file, a pyoxigraph Store or an rdflib Graph.

    Args:
        target: path of a .ttl/.nt/.jsonld file, a pyoxigraph.Store, or an rdflib.Graph.
        sparql: the query text or the name of a query in kg/queries.
        params: variable name -> value; a value starting with http(s):// or urn: is an IRI,
            anything else a plain literal.
    Raises:
        QueryError: unreadable graph, bad syntax, unknown named query.
    """
    sparql = resolve_query(sparql)
    params = params or {}
    from rdflib import Graph

    if isinstance(target, Graph):
        return _rdflib_query(target, sparql, params)
    store = open_store(files=[target]) if isinstance(target, (str, Path)) else target
    return _oxigraph_query(store, sparql, params)


def _is_iri(value: str) -> bool:
    return value.startswith(("http://", "https://", "urn:"))


def _oxigraph_query(store: Any, sparql: str, params: dict[str, str]) -> QueryResult:
    import pyoxigraph as ox

    subs = {ox.Variable(k): (ox.NamedNode(v) if _is_iri(v) else ox.Literal(v)) for k, v in params.items()}
    try:
        res = store.query(sparql, substitutions=subs or None)
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"bad SPARQL query: {' '.join(str(exc).split())[:200]}") from exc
    if isinstance(res, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(res))
    if isinstance(res, ox.QueryTriples):
        lines = [f"{t.subject} {t.predicate} {t.object} ." for t in res]
        return QueryResult("graph", ntriples="\n".join(sorted(lines)) + ("\n" if lines else ""))
    names = [v.value for v in res.variables]
    rows = [[_ox_term(sol[name]) for name in names] for sol in res]
    return QueryResult("select", names, rows)


def _ox_term(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return make_term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return make_term("bnode", term.value)
    return make_term("literal", term.value, term.datatype.value if term.datatype else None, term.language)


def _rdflib_query(g: Any, sparql: str, params: dict[str, str]) -> QueryResult:
    from rdflib import BNode, Literal, URIRef, Variable

    bindings = {Variable(k): (URIRef(v) if _is_iri(v) else Literal(v)) for k, v in params.items()}
    try:
        res = g.query(sparql, initBindings=bindings or None)
    except Exception as exc:  # rdflib's parser raises pyparsing errors and others
        raise QueryError(f"bad SPARQL query: {' '.join(str(exc).split())[:200]}") from exc
    if res.type == "ASK":
        return QueryResult("ask", boolean=bool(res.askAnswer))
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        lines = res.graph.serialize(format="nt").split("\n")
        return QueryResult("graph", ntriples="\n".join(sorted(x for x in lines if x.strip())) + "\n")
    names = [str(v) for v in res.vars]

    def term(t: Any) -> Term | None:
        if t is None:
            return None
        if isinstance(t, URIRef):
            return make_term("uri", str(t))
        if isinstance(t, BNode):
            return make_term("bnode", str(t))
        return make_term("literal", str(t), str(t.datatype) if t.datatype else None, t.language)

    return QueryResult("select", names, [[term(r[v]) for v in res.vars] for r in res])


# ------------------------------------------------------------------ output
def format_result(result: QueryResult, fmt: str = "table") -> str:
    """SELECT as an aligned table, CSV or SPARQL 1.1 JSON results; ASK as true/false (JSON
    {"boolean": ...}); CONSTRUCT as N-Triples."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}) if fmt == "json" else str(result.boolean).lower()
    if result.kind == "graph":
        return result.ntriples.rstrip("\n")
    if fmt == "json":
        return json.dumps({"head": {"vars": result.vars},
                           "results": {"bindings": [
                               {v: _json_term(t) for v, t in zip(result.vars, row) if t is not None}
                               for row in result.rows]}}, ensure_ascii=False, indent=1)
    rows = [["" if t is None else t.value for t in row] for row in result.rows]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.vars)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(result.vars)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(result.vars, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _json_term(t: Term) -> dict[str, str]:
    out = {"type": t.kind, "value": t.value}
    if t.lang:
        out["xml:lang"] = t.lang
    elif t.datatype:
        out["datatype"] = t.datatype
    return out
