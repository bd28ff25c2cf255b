"""SPARQL over kg's graphs: SELECT, ASK and CONSTRUCT, as table, CSV or SPARQL 1.1 JSON.

Graph files, stores and build results are queried with pyoxigraph (an embedded Oxigraph store:
fast on large graphs); an rdflib Graph is queried with rdflib. A store folder
(`--store DIR`) keeps the loaded graph between runs. Named queries live in kg/queries/*.rq; their
variables can be bound with parameters (`--param person="Anna Berg"`).
"""
from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from .errors import QueryError

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

FORMATS = ("table", "csv", "json")
_SUFFIX_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD", ".json": "JSON_LD",
                   ".rdf": "RDF_XML", ".xml": "RDF_XML", ".n3": "N3", ".trig": "TRIG", ".nq": "N_QUADS"}
_RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml",
                   ".xml": "xml", ".n3": "n3", ".trig": "trig", ".nq": "nquads"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_T = TypeVar("_T")


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
    """['person=Anna Berg', ...] -> {'person': 'Anna Berg'}."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise QueryError(f"a query parameter is name=value with a SPARQL variable name, not {pair!r}")
        out[key] = value
    return out


# ------------------------------------------------------------------ engines
def open_store(path: str | Path | None = None, files: Sequence[str | Path] = ()) -> Any:
    """A pyoxigraph Store with `files` loaded: in memory, or the existing store folder `path`
    opened read-only (a query never writes to it; a folder that holds no store is an error and
    is left as it is)."""
    import pyoxigraph as ox

    if path is None:
        store = ox.Store()
        for f in files:
            load_file(store, f)
        return store
    if files:
        raise QueryError("a store folder is opened read-only; load files with replace_store")
    folder = Path(path)
    if not folder.is_dir():
        raise QueryError(f"no such store folder: {folder} (make one with kg build --store)")
    if not is_store(folder):
        raise QueryError(f"{folder} holds no Oxigraph store (make one with kg build --store)")
    try:
        return ox.Store.read_only(str(folder))
    except OSError as exc:
        raise QueryError(f"cannot open store {folder}: {' '.join(str(exc).split())[:200]}") from exc


STORE_MARK = "kg-store.txt"  # written into every store folder kg makes; kg replaces no folder without it


def is_store(folder: str | Path) -> bool:
    """Whether `folder` holds an Oxigraph (RocksDB) store."""
    return (Path(folder) / "CURRENT").is_file()


def is_kg_store(folder: str | Path) -> bool:
    """Whether `folder` is a store that kg made (and so may replace)."""
    return is_store(folder) and (Path(folder) / STORE_MARK).is_file()


def ntriples_store(data: bytes | Path) -> ox.Store:
    """An in-memory pyoxigraph Store holding the N-Triples `data` (bytes, or a file's path)."""
    import pyoxigraph as ox

    store = ox.Store()
    if isinstance(data, Path):
        store.bulk_load(path=data, format=ox.RdfFormat.N_TRIPLES)
    else:
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
        detail = " ".join(str(exc).split())[:200]
        raise QueryError(f"cannot parse {p} as {fmt.lower().replace('_', '-')}: {detail}") from exc


def replace_store(path: str | Path, ntriples: str | Path) -> int:
    """Make `path` an Oxigraph store holding exactly the graph in `ntriples`; the triple count.

    Only a new or empty folder or a store that kg made (it holds STORE_MARK) is replaced. The
    new store is built in a sibling folder and swapped in by renames, so any failure (a bad
    graph, a full disk) leaves the old store as it was; such folders that a killed run left
    (.NAME.kg-new-XXXXXXXX, .NAME.kg-old-XXXXXXXX) are removed.
    """
    import gc
    import shutil
    import tempfile

    import pyoxigraph as ox

    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise QueryError(f"a store is a folder, not the file {folder}")
    if folder.is_dir() and any(folder.iterdir()) and not is_kg_store(folder):
        raise QueryError(f"{folder} is not empty and is no store made by kg (no {STORE_MARK}); "
                         "kg replaces only its own stores: give an empty or new folder")
    folder.parent.mkdir(parents=True, exist_ok=True)
    leftover = re.compile(rf"\.{re.escape(folder.name)}\.kg-(?:new|old)-[A-Za-z0-9_]{{8}}")
    for stale in folder.parent.iterdir():  # what a killed run left beside the store
        if leftover.fullmatch(stale.name) and stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
    new = Path(tempfile.mkdtemp(prefix=f".{folder.name}.kg-new-", dir=folder.parent))
    try:
        store = ox.Store(str(new))
        load_file(store, ntriples)
        store.flush()
        count = len(store)
        del store
        gc.collect()  # close the RocksDB files before the folder moves
        (new / STORE_MARK).write_text("Oxigraph store made by kg (kg build --store); kg may replace it.\n",
                                      encoding="utf-8")
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.kg-old-", dir=folder.parent))
            folder.replace(old / "store")
            try:
                new.replace(folder)
            except OSError:
                (old / "store").replace(folder)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            new.replace(folder)
    except OSError as exc:
        raise QueryError(f"cannot write store {folder}: {exc.strerror or exc} (the old store is kept)") from exc
    finally:
        if new.exists():
            shutil.rmtree(new, ignore_errors=True)
    return count


def load_graph(path: str | Path) -> Graph:
    """Parse an RDF file into an rdflib Graph (format from its suffix)."""
    from rdflib import Graph

    p, fmt = _graph_file(path, _RDFLIB_FORMATS)
    g = Graph()
    try:
        g.parse(str(p), format=fmt)
    except Exception as exc:  # rdflib raises many types for bad syntax
        raise QueryError(f"cannot parse {p} as {fmt}: {' '.join(str(exc).split())[:200]}") from exc
    return g


def run_query(target: Any, sparql: str, params: dict[str, str] | None = None, *,
              federation: bool = False) -> QueryResult:
    """Run SPARQL (a text or a named query) on a graph file, a pyoxigraph Store or an rdflib Graph.

    Args:
        target: path of a .ttl/.nt/.jsonld file, a pyoxigraph.Store, or an rdflib.Graph.
        sparql: the query text or the name of a query in kg/queries.
        params: variable name -> value; a value starting with http(s):// or urn: is an IRI,
            anything else a plain literal.
        federation: allow SERVICE (requests to other SPARQL endpoints); refused by default.
    Raises:
        QueryError: unreadable graph, bad syntax, unknown named query, SERVICE without federation.
    """
    stream = stream_query(target, sparql, params, federation=federation)
    if stream.kind == "graph":
        lines = sorted(stream.lines)
        return QueryResult("graph", ntriples="\n".join(lines) + ("\n" if lines else ""))
    return QueryResult(stream.kind, stream.vars, list(stream.rows), stream.boolean)


@dataclass(frozen=True)
class QueryStream:
    """A result read as it is written: SELECT rows and CONSTRUCT lines are iterators, so a
    huge result never has to fit in memory."""

    kind: str  # "select" | "ask" | "graph"
    vars: list[str] = field(default_factory=list)
    rows: Iterator[list[Term | None]] = field(default_factory=lambda: iter(()))
    boolean: bool | None = None
    lines: Iterator[str] = field(default_factory=lambda: iter(()))  # N-Triples, one triple each


def stream_query(target: Any, sparql: str, params: dict[str, str] | None = None, *,
                 federation: bool = False) -> QueryStream:
    """run_query without collecting the result: rows and triples are produced as they are read."""
    sparql = resolve_query(sparql)
    if not federation:
        found = remote_operations(sparql)
        if found:
            raise QueryError(f"the query uses {found[0]}, which sends requests to other servers; "
                             "kg makes none unless asked (kg query --federation)")
    params = params or {}
    from rdflib import Graph

    if isinstance(target, Graph):
        res = _rdflib_query(target, sparql, params)
        return QueryStream(res.kind, res.vars, iter(res.rows), res.boolean, iter(res.ntriples.splitlines()))
    store = open_store(files=[target]) if isinstance(target, (str, Path)) else target
    return _oxigraph_query(store, sparql, params)


_SPARQL_SKIP = re.compile(r"""
    "{3}(?:[^"\\]|\\.|"(?!""))*"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}   # long strings
  | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'                          # strings
  | <[^<>"{}|^`\\\x00-\x20]*>                                         # IRIs
  | \#[^\n]*                                                          # comments
  | [?$]\w+                                                           # variables
  | (?:[A-Za-z][\w.-]*)?:[\w.%:-]*                                      # prefixed names
""", re.VERBOSE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_REMOTE = re.compile(r"(?<![\w-])(SERVICE|LOAD)(?![\w-])", re.IGNORECASE)


def remote_operations(sparql: str) -> list[str]:
    """The SPARQL keywords in `sparql` that make the engine send requests elsewhere (SERVICE in
    queries, LOAD in updates), upper-cased; strings, IRIs, comments and names are skipped.
    Codepoint escapes (\\u0053ERVICE) are decoded first, as SPARQL parsers do."""
    text = _CODEPOINT.sub(lambda m: chr(min(int(m.group(1) or m.group(2), 16), 0x10FFFF)), sparql)
    code = _SPARQL_SKIP.sub(" ", text)
    return sorted({m.group(1).upper() for m in _REMOTE.finditer(code)}, reverse=True)


def _is_iri(value: str) -> bool:
    return value.startswith(("http://", "https://", "urn:"))


def _oxigraph_query(store: Any, sparql: str, params: dict[str, str]) -> QueryStream:
    import pyoxigraph as ox

    subs = {ox.Variable(k): (ox.NamedNode(v) if _is_iri(v) else ox.Literal(v)) for k, v in params.items()}
    try:
        res = store.query(sparql, substitutions=subs or None)
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"bad SPARQL query: {' '.join(str(exc).split())[:200]}") from exc
    except OSError as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())[:200]}") from exc
    if isinstance(res, ox.QueryBoolean):
        return QueryStream("ask", boolean=bool(res))
    if isinstance(res, ox.QueryTriples):
        return QueryStream("graph", lines=_checked(f"{t.subject} {t.predicate} {t.object} ." for t in res))
    names = [v.value for v in res.variables]
    return QueryStream("select", names, _checked([_ox_term(sol[name]) for name in names] for sol in res))


def _checked(items: Iterator[_T]) -> Iterator[_T]:
    """`items`, with an error of the engine while reading them as a QueryError."""
    try:
        yield from items
    except (OSError, ValueError) as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())[:200]}") from exc


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
TABLE_SAMPLE = 1000  # rows that set the column widths of a table; later rows are printed as they come


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """SELECT as an aligned table, CSV or SPARQL 1.1 JSON results; ASK as true/false (JSON
    {"boolean": ...}); CONSTRUCT as N-Triples."""
    buf = io.StringIO()
    stream = QueryStream(result.kind, result.vars, iter(result.rows), result.boolean,
                         iter(result.ntriples.splitlines()))
    write_result(stream, fmt, buf)
    return buf.getvalue().rstrip("\n")


def write_result(result: QueryStream, fmt: str, out: TextIO, *, short: Callable[[str], str] | None = None) -> None:
    """Write `result` to `out` as format_result does, row by row (a table's column widths come
    from its first TABLE_SAMPLE rows). Control characters in table cells are escaped, so
    article text cannot send escape sequences to a terminal. `short` (table only) shows an
    IRI in a shorter form (see short_iri); CSV and JSON keep whole IRIs."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.kind == "ask":
        out.write((json.dumps({"head": {}, "boolean": result.boolean}) if fmt == "json"
                   else str(result.boolean).lower()) + "\n")
        return
    if result.kind == "graph":
        for line in result.lines:
            out.write(line + "\n")
        return
    if fmt == "json":
        _write_json(result, out)
        return
    if fmt == "csv":
        cells = (["" if t is None else t.value for t in row] for row in result.rows)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.vars)
        for row in cells:
            writer.writerow(row)
        return
    shown = ([_printable("" if t is None else short(t.value) if short and t.kind == "uri" else t.value) for t in row]
             for row in result.rows)
    sample = list(itertools.islice(shown, TABLE_SAMPLE))
    widths = [max([len(n)] + [len(r[i]) for r in sample]) for i, n in enumerate(result.vars)]
    out.write("  ".join(n.ljust(w) for n, w in zip(result.vars, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    count = 0
    for r in itertools.chain(sample, shown):
        out.write("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n")
        count += 1
    out.write(f"({count} row{'s' if count != 1 else ''})\n")


def _write_json(result: QueryStream, out: TextIO) -> None:
    """SPARQL 1.1 JSON results, laid out as json.dumps(indent=1) would, one binding at a time."""
    head = json.dumps({"head": {"vars": result.vars}, "results": {"bindings": []}}, ensure_ascii=False, indent=1)
    before, _, after = head.rpartition("[]")
    out.write(before + "[")
    sep = "\n"
    for row in result.rows:
        binding = {v: _json_term(t) for v, t in zip(result.vars, row, strict=True) if t is not None}
        text = json.dumps(binding, ensure_ascii=False, indent=1)
        out.write(sep + "\n".join("   " + line for line in text.splitlines()))
        sep = ",\n"
    out.write(("\n  ]" if sep != "\n" else "]") + after + "\n")


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _printable(text: str) -> str:
    """`text` with control, line-separator and bidi-override characters as escapes (\\x1b, \\n)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _json_term(t: Term) -> dict[str, str]:
    out = {"type": t.kind, "value": t.value}
    if t.lang:
        out["xml:lang"] = t.lang
    elif t.datatype:
        out["datatype"] = t.datatype
    return out


# ------------------------------------------------------------------ readable tables
def graph_base(target: Any) -> str:
    """The base IRI of a graph kg wrote ("" when it names no kg agent): `{base}kg` is its
    prov:SoftwareAgent."""
    rows = run_query(target, "SELECT ?a ?l WHERE { ?a a <http://www.w3.org/ns/prov#SoftwareAgent> ; "
                             "<http://www.w3.org/2000/01/rdf-schema#label> ?l }").values()
    for agent, label in sorted(rows, key=repr):
        if agent and agent.endswith("kg") and (label or "").startswith("kg "):
            return agent[:-2]
    return ""


def short_iri(iri: str, base: str = "") -> str:
    """An IRI as a table shows it: in a vocabulary kg uses, a prefixed name ("kgo:Visit",
    "schema:Country"); under the graph's base, the rest ("person/anna-berg"); else whole."""
    from .export.rdf import PREFIXES

    for prefix, ns in _longest_first(PREFIXES):
        if iri.startswith(ns) and len(iri) > len(ns) and re.fullmatch(r"[A-Za-z_][\w.-]*", iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    if base and iri.startswith(base) and len(iri) > len(base):
        return iri[len(base):]
    return iri


def _longest_first(prefixes: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(prefixes.items(), key=lambda x: -len(x[1]))


# ------------------------------------------------------------------ parameters naming entities
_LABEL_OF = r"(?:rdfs:label|<http://www\.w3\.org/2000/01/rdf-schema\#label>)\s*[?$]{}(?!\w)"
_ENTITY_LABELS = """SELECT ?label ?alt WHERE {
  VALUES ?class { <https://schema.org/Person> <https://schema.org/Country> <https://schema.org/Place>
                  <https://schema.org/Organization> }
  ?x a ?class ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
  OPTIONAL { ?x <http://www.w3.org/2004/02/skos/core#altLabel> ?alt } }"""
MAX_MATCHES = 20  # labels a parameter may stand for; the query runs once for each


@dataclass(frozen=True)
class ParamMatch:
    """What a --param value naming an entity was taken for: the labels bound in its place."""

    name: str
    value: str
    labels: tuple[str, ...]  # (value,) when a label is the value itself; () when nothing matched
    exact: bool


def _fold(text: str) -> str:
    """Lower case without accents ("Raúl" -> "raul")."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def match_params(target: Any, sparql: str, params: dict[str, str]) -> tuple[list[dict[str, str]], list[ParamMatch]]:
    """The parameter sets to run the query with, and what each label parameter matched.

    A parameter whose variable the query binds to an rdfs:label (`?p rdfs:label ?person`) and
    whose value is no IRI stands for an entity: a label equal to the value binds as it is;
    else the labels of the entities whose label or alias equals the value ignoring case and
    accents ("raul castro", the alias "Raeisi"), else those containing it ("Castro" -> "Raúl
    Castro"); the query then runs once per label (at most MAX_MATCHES). Other parameters bind
    as given. A value with no match binds as it is (and finds nothing).
    """
    sparql = resolve_query(sparql)
    names = [n for n, v in params.items() if not _is_iri(v) and re.search(_LABEL_OF.format(re.escape(n)), sparql)]
    if not names:
        return [dict(params)], []
    labels: dict[str, set[str]] | None = None  # folded label or alias -> labels
    matches = []
    choices: list[list[tuple[str, str]]] = []
    for name in names:
        value = params[name]
        if run_query(target, "ASK { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?v }", {"v": value}).boolean:
            matches.append(ParamMatch(name, value, (value,), True))
            continue
        if labels is None:
            labels = {}
            for label, alt in run_query(target, _ENTITY_LABELS).values():
                if label is None:
                    continue
                for text in (label, alt):
                    if text:
                        labels.setdefault(_fold(text), set()).add(label)
        want = _fold(value.strip())
        found = labels.get(want) or {lab for text, labs in labels.items() if want and want in text for lab in labs}
        matches.append(ParamMatch(name, value, tuple(sorted(found)[:MAX_MATCHES]), False))
    for m in matches:
        choices.append([(m.name, label) for label in (m.labels or (m.value,))])
    sets = []
    for combo in itertools.islice(itertools.product(*choices), MAX_MATCHES):
        sets.append({**params, **dict(combo)})
    return sets, matches


def stream_each(target: Any, sparql: str, param_sets: Sequence[dict[str, str]], *,
                federation: bool = False) -> QueryStream:
    """stream_query once per parameter set, the results one after the other (ASK: any true)."""
    if len(param_sets) == 1:
        return stream_query(target, sparql, param_sets[0], federation=federation)
    streams = [stream_query(target, sparql, p, federation=federation) for p in param_sets]
    first = streams[0]
    if first.kind == "ask":
        return QueryStream("ask", boolean=any(s.boolean for s in streams))
    return QueryStream(first.kind, first.vars, itertools.chain.from_iterable(s.rows for s in streams),
                       lines=itertools.chain.from_iterable(s.lines for s in streams))
