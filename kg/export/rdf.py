"""Resolved -> rdflib Graph (SEM events, schema.org actors, NIF/PROV provenance) and files.

Every IRI is absolute and ASCII, built from a configurable base; there are no blank nodes.
"""
from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import BinaryIO

from rdflib import XSD, BNode, Graph, Literal
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from .._version import __version__
from ..errors import KgError
from ..event_types import direct_edges, event_types
from ..text import to_uri
from ..types import Entity, Event, Evidence, Relation, Resolved
from .vocab import DIRECT_PROPERTIES, ENTITY_CLASSES, EVENT_CLASSES, KGO, NIF, SCHEMA, SEM, cameo_concept, ontology

DEFAULT_BASE = "https://example.org/kg/"
FORMATS = ("ttl", "nt", "jsonld")  # what serialize() writes itself
PREFIXES = {"dcterms": str(DCTERMS), "kgo": str(KGO._NS), "nif": str(NIF._NS), "owl": str(OWL), "prov": str(PROV),
            "rdf": str(RDF), "rdfs": str(RDFS), "schema": str(SCHEMA), "sem": str(SEM._NS), "skos": str(SKOS),
            "xsd": str(XSD)}
_IRI_OK = re.compile(r"^(https?|urn|tag):[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]*[/#:]$")


def check_base(base: str) -> str:
    """The base IRI if usable: absolute, ASCII, ending in '/', '#' or ':'."""
    if not _IRI_OK.match(base):
        raise KgError(f"the base IRI must be an absolute ASCII IRI ending in '/', '#' or ':' "
                      f"(for example {DEFAULT_BASE}), not {base!r}")
    return base


def bind(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)


def to_rdf(res: Resolved, *, base: str = DEFAULT_BASE) -> Graph:
    """The rdflib Graph of a resolved result (for Python use; the build itself writes
    to_ntriples, which needs neither the time nor the memory of an rdflib Graph)."""
    return graph_of(to_ntriples(res, base=base))


def graph_of(ntriples: bytes) -> Graph:
    """An rdflib Graph of N-Triples, with kg's prefixes bound."""
    g = Graph()
    bind(g)
    return g.parse(data=ntriples, format="nt")


def to_ntriples(res: Resolved, *, base: str = DEFAULT_BASE) -> bytes:
    """The graph of a resolved result as sorted, duplicate-free N-Triples, ontology
    declarations included: the form every other output is written from."""
    return ntriples_file(res, base=base).read_bytes()


RUN_LINES = 50_000  # lines sorted in memory at a time (about 12 MB); more are merged from disk


def ntriples_file(res: Resolved, *, base: str = DEFAULT_BASE, run_lines: int = RUN_LINES) -> NTriples:
    """to_ntriples in a temporary file, sorted on disk (runs of `run_lines` lines, merged), so
    that memory does not grow with the graph: the lines are made record by record."""
    base = check_base(base)
    spool = NTriples.temporary()
    lines = _SortedLines(spool.path.parent, run_lines)
    for line in _ontology_lines(frozenset(e.cameo for e in res.events)):
        lines.add(line)
    _triples(res, base, lines.add)
    spool.count = lines.write(spool.path)
    return spool


def _triples(res: Resolved, base: str, add: Callable[[str], None]) -> None:
    """Every line of the graph of `res` (some more than once), to `add`."""
    a, label = _u(RDF.type), _u(RDFS.label)

    in_fragment = "#" in base  # then a key's own '#' (an evidence span's) is escaped: one '#' an IRI

    def iri(key: str) -> str:
        return _iri(base + (key.replace("#", "%23") if in_fragment else key))

    agent = iri("kg")
    add(f"{agent} {a} {_u(PROV.SoftwareAgent)} .")
    add(f"{agent} {label} {_lit(f'kg {__version__}')} .")
    run = iri("run/" + hashlib.sha1("|".join(sorted(x.id for x in res.articles)).encode()).hexdigest()[:12])
    add(f"{run} {a} {_u(PROV.Activity)} .")
    add(f"{run} {a} {_u(KGO.Extraction)} .")
    add(f"{run} {_u(PROV.wasAssociatedWith)} {agent} .")
    for art in res.articles:
        node = iri(f"article/{art.id}")
        for cls in (SCHEMA.NewsArticle, PROV.Entity, NIF.Context):
            add(f"{node} {a} {_u(cls)} .")
        if art.title:
            add(f"{node} {_u(SCHEMA.headline)} {_lit(art.title)} .")
        if art.url:
            url = _lit(art.url, XSD.anyURI)
            add(f"{node} {_u(SCHEMA.url)} {url} .")
            add(f"{node} {_u(NIF.sourceUrl)} {url} .")
        if art.published:
            add(f"{node} {_u(SCHEMA.datePublished)} {_lit(art.published.isoformat(), XSD.date)} .")
        if art.author:
            add(f"{node} {_u(SCHEMA.author)} {_lit(art.author)} .")
        if art.site:
            add(f"{node} {_u(SCHEMA.publisher)} {_lit(art.site)} .")
        if art.text_sha256:  # of the text the evidence offsets index (a web page's extracted text)
            add(f"{node} {_u(KGO.textSha256)} {_lit(art.text_sha256)} .")
        add(f"{run} {_u(PROV.used)} {node} .")
    for e in res.entities:
        _entity(add, iri, e)
    labels = {e.key: e.label for e in res.entities}
    for ev in res.events:
        node = iri(ev.key)
        cls, cls_label = EVENT_CLASSES[ev.type]
        add(f"{node} {a} {_u(SEM.Event)} .")
        add(f"{node} {a} {_u(cls)} .")
        add(f"{node} {_u(SEM.eventType)} {_u(cameo_concept(ev.cameo))} .")
        who = ", ".join(labels.get(x, x) for x in ev.agents)
        whom = ", ".join(labels.get(t, t) for t in ev.targets)
        text = f"{cls_label}: {who}" + (f" -> {whom}" if whom else "") + (
            f" ({ev.date.isoformat()})" if ev.date else "")
        add(f"{node} {label} {_lit(text)} .")
        for role, refs in ((KGO.agent, ev.agents), (KGO.target, ev.targets)):
            for ref in refs:
                add(f"{node} {_u(role)} {iri(ref)} .")
                add(f"{node} {_u(SEM.hasActor)} {iri(ref)} .")  # stated: stores without RDFS see it
        if ev.place:
            add(f"{node} {_u(SEM.hasPlace)} {iri(ev.place)} .")
        if ev.date:
            add(f"{node} {_u(SEM.hasTimeStamp)} {_lit(ev.date.isoformat(), XSD.date)} .")
        add(f"{node} {_u(KGO.plover)} {_lit(ev.plover)} .")
        add(f"{node} {_u(KGO.confidence)} {_lit(_confidence(ev.confidence, ev.key), XSD.decimal)} .")
        if ev.mode:
            add(f"{node} {_u(KGO.mode)} {_lit(ev.mode)} .")
        if ev.count:
            add(f"{node} {_u(KGO.count)} {_lit(str(int(ev.count)), XSD.integer)} .")
        if ev.instrument:
            add(f"{node} {_u(KGO.instrument)} {_lit(ev.instrument)} .")
        add(f"{node} {_u(PROV.wasGeneratedBy)} {run} .")
        if ev.parent:
            add(f"{node} {_u(SEM.subEventOf)} {iri(ev.parent)} .")
        for x in ev.evidence:
            add(f"{node} {_u(KGO.evidence)} {_evidence(add, iri, x)} .")
        _direct_edges(add, iri, ev)
    for r in res.relations:
        _relation(add, iri, r)


class NTriples:
    """Sorted N-Triples in a file (count: its lines). One made by temporary() lives in a folder
    of its own, removed when the last reference to this object goes (or at exit)."""

    def __init__(self, path: Path, count: int = 0) -> None:
        self.path = path
        self.count = count

    @classmethod
    def temporary(cls) -> NTriples:
        import shutil
        import tempfile
        import weakref

        folder = Path(tempfile.mkdtemp(prefix="kg-nt-"))
        spool = cls(folder / "graph.nt")
        weakref.finalize(spool, shutil.rmtree, folder, True)
        return spool

    @classmethod
    def of_bytes(cls, data: bytes) -> NTriples:
        """N-Triples bytes (sorted, one triple a line) in a temporary file."""
        spool = cls.temporary()
        spool.path.write_bytes(data)
        spool.count = data.count(b"\n")
        return spool

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()

    def chunks(self, size: int = 1 << 20) -> Iterator[bytes]:
        with self.path.open("rb") as handle:
            while chunk := handle.read(size):
                yield chunk


class _SortedLines:
    """A set of lines, handed out sorted: kept in memory up to `limit` lines, then written in
    sorted runs to `folder` and merged (heapq) when written out. UTF-8 bytes sort as their
    characters do, so the result is sorted(set(lines)) whatever the runs."""

    def __init__(self, folder: Path, limit: int) -> None:
        self.folder, self.limit = folder, limit
        self.lines: set[str] = set()
        self.runs: list[Path] = []

    def add(self, line: str) -> None:
        self.lines.add(line)
        if len(self.lines) >= self.limit:
            self._spill()

    def _spill(self) -> None:
        run = self.folder / f"run-{len(self.runs)}.nt"
        with run.open("wb") as handle:
            handle.write(_join_lines(sorted(self.lines)))
        self.lines = set()
        self.runs.append(run)

    def write(self, path: Path) -> int:
        """Write the sorted, duplicate-free lines to `path`; how many."""
        import heapq

        if not self.runs:
            lines = sorted(self.lines)
            self.lines = set()
            path.write_bytes(_join_lines(lines))
            return len(lines)
        self._spill()
        count, last = 0, None
        handles = [run.open("rb") for run in self.runs]
        try:
            with path.open("wb") as out:
                for line in heapq.merge(*handles):
                    if line != last:
                        out.write(line)
                        count += 1
                        last = line
        finally:
            for h in handles:
                h.close()
            for run in self.runs:
                run.unlink(missing_ok=True)
        return count




def _entity(add: Callable[[str], None], iri: Callable[[str], str], e: Entity) -> None:
    node = iri(e.key)
    add(f"{node} {_u(RDF.type)} {_u(ENTITY_CLASSES[e.type])} .")
    add(f"{node} {_u(RDFS.label)} {_lit(e.label)} .")
    add(f"{node} {_u(SCHEMA.name)} {_lit(e.label)} .")
    for alias in e.aliases:
        add(f"{node} {_u(SKOS.altLabel)} {_lit(alias)} .")
    if e.iso:
        add(f"{node} {_u(SCHEMA.identifier)} {_lit(e.iso)} .")
    for link in e.links:
        add(f"{node} {_u(SKOS.exactMatch)} {_iri(to_uri(link))} .")
    for art_id in e.articles:
        add(f"{iri(f'article/{art_id}')} {_u(SCHEMA.mentions)} {node} .")


def _relation(add: Callable[[str], None], iri: Callable[[str], str], r: Relation) -> None:
    """The direct edge and, reified, the office behind it (role, confidence, evidence)."""
    prop = _u(DIRECT_PROPERTIES[r.predicate][0])
    s, o = iri(r.subject), iri(r.object)
    add(f"{s} {prop} {o} .")
    stmt = iri("relation/" + hashlib.sha1(f"{r.subject}|{r.predicate}|{r.object}".encode()).hexdigest()[:12])
    add(f"{stmt} {_u(RDF.type)} {_u(KGO.Affiliation)} .")
    add(f"{stmt} {_u(RDF.subject)} {s} .")
    add(f"{stmt} {_u(RDF.predicate)} {prop} .")
    add(f"{stmt} {_u(RDF.object)} {o} .")
    add(f"{stmt} {_u(KGO.role)} {_lit(r.role)} .")
    add(f"{stmt} {_u(KGO.confidence)} {_lit(_confidence(r.confidence, r.subject), XSD.decimal)} .")
    for x in r.evidence:
        add(f"{stmt} {_u(KGO.evidence)} {_evidence(add, iri, x)} .")


def _confidence(value: float, what: str) -> str:
    """A confidence as an xsd:decimal in [0, 1] ('nan' is no decimal: refused)."""
    if not math.isfinite(value):
        raise KgError(f"{what}: confidence must be a number in [0, 1], not {value}")
    return f"{min(1.0, max(0.0, value)):.2f}"


def _join_lines(lines: list[str], chunk: int = 65536) -> bytes:
    """The lines as UTF-8 bytes, each ended by a line break, joined a slice at a time: one str of
    a large graph would take up to four bytes per character (one non-Latin-1 character decides)."""
    return b"".join(("\n".join(lines[i:i + chunk]) + "\n").encode("utf-8") for i in range(0, len(lines), chunk))


def _evidence(add: Callable[[str], None], iri: Callable[[str], str], x: Evidence) -> str:
    node = iri(f"article/{x.article_id}#char={x.start},{x.end}")
    add(f"{node} {_u(RDF.type)} {_u(NIF.OffsetBasedString)} .")
    add(f"{node} {_u(RDF.type)} {_u(NIF.Sentence)} .")
    add(f"{node} {_u(NIF.anchorOf)} {_lit(x.text)} .")
    add(f"{node} {_u(NIF.beginIndex)} {_lit(str(x.start), XSD.nonNegativeInteger)} .")
    add(f"{node} {_u(NIF.endIndex)} {_lit(str(x.end), XSD.nonNegativeInteger)} .")
    add(f"{node} {_u(NIF.referenceContext)} {iri(f'article/{x.article_id}')} .")
    return node


def _direct_edges(add: Callable[[str], None], iri: Callable[[str], str], ev: Event) -> None:
    kind = event_types().get(ev.type)
    if kind is None or kind.direct is None:
        return
    prop = _u(DIRECT_PROPERTIES[kind.direct.name][0])
    for a, b in direct_edges(ev.type, ev.agents, ev.targets):
        add(f"{iri(a)} {prop} {iri(b)} .")


# N-Triples terms. Literals escape backslash, quote, and every control character (as ECHAR or
# \\uXXXX), so that each triple is one line whatever the text holds and every parser agrees.
_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]}
_ESCAPES.update({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
                 ord("\b"): "\\b", ord("\f"): "\\f"})
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@cache
def _u(term: str) -> str:
    """A vocabulary term as an N-Triples IRI."""
    return f"<{term}>"


def _iri(text: str) -> str:
    if _IRI_BAD.search(text):
        raise KgError(f"not a valid IRI: {text!r}")
    return f"<{text}>"


def _lit(text: str, datatype: str | None = None, lang: str | None = None) -> str:
    body = '"' + text.translate(_ESCAPES) + '"'
    if lang:
        return f"{body}@{lang}"
    return f"{body}^^<{datatype}>" if datatype and datatype != str(XSD.string) else body


def _term(node: Node) -> str:
    """An rdflib term in N-Triples."""
    if isinstance(node, Literal):
        return _lit(str(node), str(node.datatype) if node.datatype else None, node.language)
    if isinstance(node, BNode):
        return f"_:{node}"
    return _iri(str(node))


@lru_cache(maxsize=64)
def _ontology_lines(codes: frozenset[str]) -> list[str]:
    return [f"{_term(s)} {_term(p)} {_term(o)} ." for s, p, o in ontology(set(codes))]


JSONLD_CONTEXT = dict(sorted(PREFIXES.items()))


def serialize(g: Graph | bytes, fmt: str) -> bytes:
    """An rdflib Graph, or sorted N-Triples from to_ntriples, as Turtle (written by Oxigraph:
    fast, strict, deterministic), sorted N-Triples or JSON-LD bytes."""
    if isinstance(g, Graph):
        if fmt not in FORMATS:
            return g.serialize(format=fmt, encoding="utf-8")
        g = _join_lines(sorted({f"{_term(s)} {_term(p)} {_term(o)} ." for s, p, o in g}))
    if fmt == "nt":
        return g
    if fmt == "ttl":
        import pyoxigraph as ox

        ttl = ox.serialize(ox.parse(g, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                           prefixes=PREFIXES)
        assert ttl is not None  # given no output file, serialize returns the bytes
        return ttl
    if fmt == "jsonld":
        return b"".join(jsonld_chunks(g))
    raise KgError(f"unknown output format {fmt!r}; choose ttl, nt or jsonld")


def serialize_chunks(ntriples: bytes | NTriples, fmt: str) -> Iterator[bytes]:
    """serialize(ntriples, fmt) in chunks, for writing to a file: JSON-LD a node at a time and
    N-Triples in file-sized slices (a large graph's are never whole in memory), Turtle in one
    piece (write_format streams it to a file)."""
    if fmt == "jsonld":
        yield from jsonld_chunks(ntriples)
    elif isinstance(ntriples, NTriples):
        yield from ntriples.chunks() if fmt == "nt" else [serialize(ntriples.read_bytes(), fmt)]
    else:
        yield serialize(ntriples, fmt)


def write_format(handle: BinaryIO, ntriples: NTriples, fmt: str) -> None:
    """serialize(ntriples, fmt) written to `handle` as it is made: Oxigraph's Turtle writer reads
    the sorted N-Triples file triple by triple, so no output is whole in memory."""
    if fmt == "ttl":
        import pyoxigraph as ox

        ox.serialize(ox.parse(path=ntriples.path, format=ox.RdfFormat.N_TRIPLES), handle,
                     format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return
    for chunk in serialize_chunks(ntriples, fmt):
        handle.write(chunk)


def jsonld_chunks(ntriples: bytes | NTriples) -> Iterator[bytes]:
    """JSON-LD with kg's context, one node object per subject, made as the sorted N-Triples
    stream it comes from goes by (a subject's lines are contiguous there) and handed out about a
    megabyte at a time, so memory does not grow with the graph; properties and values are sorted,
    so equal graphs give equal bytes."""
    import json

    import pyoxigraph as ox

    prefixes = sorted(JSONLD_CONTEXT.items(), key=lambda x: -len(x[1]))
    xsd_string = str(XSD.string)
    rdf_type = str(RDF.type)

    @lru_cache(maxsize=4096)
    def compact(iri: str) -> str:
        for p, ns in prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{p}:{iri[len(ns):]}"
        return iri

    def value(o: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, str]:
        if isinstance(o, ox.Literal):
            if o.language:
                return {"@language": o.language, "@value": o.value}
            dt = o.datatype.value
            return {"@value": o.value} if dt == xsd_string else {"@type": compact(dt), "@value": o.value}
        return {"@id": compact(o.value) if isinstance(o, ox.NamedNode) else str(o)}

    def node(subject: str, types: list[str], props: dict[str, list[dict[str, str]]]) -> str:
        out: dict[str, str | list[str] | list[dict[str, str]]] = {"@id": compact(subject)}
        if types:
            out["@type"] = sorted(compact(t) for t in types)
        for p, vals in props.items():
            out[compact(p)] = sorted(vals, key=value_json)
        return node_json(out).replace("\n", "\n  ")

    chunks = ['{\n "@context": ', json.dumps(JSONLD_CONTEXT, indent=1).replace("\n", "\n "), ',\n "@graph": [']
    size = 0
    current: str | None = None
    types: list[str] = []
    props: dict[str, list[dict[str, str]]] = {}
    first = True
    triples = ox.parse(path=ntriples.path, format=ox.RdfFormat.N_TRIPLES) if isinstance(ntriples, NTriples) \
        else ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    for t in triples:
        s = t.subject.value
        if s != current:
            if current is not None:
                chunks.append(("\n  " if first else ",\n  ") + node(current, types, props))
                size += len(chunks[-1])
                first = False
                if size > 1 << 20:
                    yield "".join(chunks).encode("utf-8")
                    chunks, size = [], 0
            current, types, props = s, [], {}
        p, o = t.predicate.value, t.object
        if p == rdf_type and isinstance(o, ox.NamedNode):
            types.append(o.value)
        else:
            props.setdefault(p, []).append(value(o))
    if current is not None:
        chunks.append(("\n  " if first else ",\n  ") + node(current, types, props))
    chunks.append("\n ]\n}\n")
    yield "".join(chunks).encode("utf-8")


def value_json(v: dict[str, str]) -> str:
    """json.dumps(v, ensure_ascii=False, sort_keys=True) of a JSON-LD value object (the C encoder's
    string escapes, without the pure-Python encoder's walk)."""
    from json.encoder import encode_basestring as enc

    return "{" + ", ".join(f"{enc(k)}: {enc(x)}" for k, x in sorted(v.items())) + "}"


def node_json(node: dict[str, str | list[str] | list[dict[str, str]]]) -> str:
    """json.dumps(node, ensure_ascii=False, sort_keys=True, indent=1) of a JSON-LD node object
    (strings, lists of strings and lists of value objects), byte for byte: json's indenting
    encoder is pure Python and was most of the time JSON-LD took."""
    from json.encoder import encode_basestring as enc

    def item(x: str | dict[str, str]) -> str:
        if isinstance(x, str):
            return "  " + enc(x)
        if not x:
            return "  {}"
        return "  {\n" + ",\n".join(f"   {enc(k)}: {enc(v)}" for k, v in sorted(x.items())) + "\n  }"

    parts = []
    for key, val in sorted(node.items()):
        if isinstance(val, str):
            text = enc(val)
        elif not val:
            text = "[]"
        else:
            text = "[\n" + ",\n".join(item(x) for x in val) + "\n ]"
        parts.append(f" {enc(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}" if parts else "{}"


def context_document() -> bytes:
    """The JSON-LD context kg's graph.jsonld uses, as a document of its own (context.jsonld)."""
    import json

    return (json.dumps({"@context": JSONLD_CONTEXT}, indent=2, sort_keys=True) + "\n").encode("utf-8")


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    from ..outputs import write_temp

    tmp = write_temp(path, data)
    os.replace(tmp, path)
