"""Resolved -> rdflib Graph (SEM events, schema.org actors, NIF/PROV provenance) and files.

Every IRI is absolute and ASCII, built from a configurable base; there are no blank nodes.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from .. import __version__
from ..errors import KgError
from ..types import Evidence, Resolved
from .vocab import (DIRECT_PROPERTIES, ENTITY_CLASSES, EVENT_CLASSES, KGO, NIF, SCHEMA, SEM,
                    cameo_concept, ontology)

DEFAULT_BASE = "https://example.org/kg/"
TURTLE_PREFIXES = ("dcterms", "kgo", "nif", "owl", "prov", "rdf", "rdfs", "schema", "sem", "skos", "xsd")
FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
_IRI_OK = re.compile(r"^(https?|urn|tag):[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]*[/#:]$")


def check_base(base: str) -> str:
    """The base IRI if usable: absolute, ASCII, ending in '/', '#' or ':'."""
    if not _IRI_OK.match(base):
        raise KgError(f"--base-iri must be an absolute ASCII IRI ending in '/', '#' or ':' "
                      f"(for example {DEFAULT_BASE}), not {base!r}")
    return base


def bind(g: Graph) -> None:
    for prefix, ns in (("sem", SEM._NS), ("schema", SCHEMA), ("nif", NIF._NS), ("kgo", KGO._NS),
                       ("prov", PROV), ("skos", SKOS), ("dcterms", DCTERMS), ("owl", OWL)):
        g.bind(prefix, ns, override=True, replace=True)


def to_rdf(res: Resolved, *, base: str = DEFAULT_BASE) -> Graph:
    """The RDF graph of a resolved result, ontology declarations included."""
    base = check_base(base)

    def iri(key: str) -> URIRef:
        return URIRef(base + key)

    g = ontology({e.cameo for e in res.events})
    bind(g)
    g.add((iri("kg"), RDF.type, PROV.SoftwareAgent))
    g.add((iri("kg"), RDFS.label, Literal(f"kg {__version__}")))
    run = iri("run/" + hashlib.sha1("|".join(sorted(a.id for a in res.articles)).encode()).hexdigest()[:12])
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, RDF.type, KGO.Extraction))
    g.add((run, PROV.wasAssociatedWith, iri("kg")))
    for a in res.articles:
        art = iri(f"article/{a.id}")
        g.add((art, RDF.type, SCHEMA.NewsArticle))
        g.add((art, RDF.type, PROV.Entity))
        g.add((art, RDF.type, NIF.Context))
        if a.title:
            g.add((art, SCHEMA.headline, Literal(a.title)))
        if a.url:
            g.add((art, SCHEMA.url, Literal(a.url, datatype=XSD.anyURI)))
            g.add((art, NIF.sourceUrl, Literal(a.url, datatype=XSD.anyURI)))
        if a.published:
            g.add((art, SCHEMA.datePublished, Literal(a.published.isoformat(), datatype=XSD.date)))
        g.add((run, PROV.used, art))
    for e in res.entities:
        node = iri(e.key)
        g.add((node, RDF.type, ENTITY_CLASSES[e.type]))
        g.add((node, RDFS.label, Literal(e.label)))
        g.add((node, SCHEMA.name, Literal(e.label)))
        for alias in e.aliases:
            g.add((node, SKOS.altLabel, Literal(alias)))
        if e.iso:
            g.add((node, SCHEMA.identifier, Literal(e.iso)))
        for link in e.links:
            g.add((node, SKOS.exactMatch, URIRef(link)))
        for art_id in e.articles:
            g.add((iri(f"article/{art_id}"), SCHEMA.mentions, node))
    labels = {e.key: e.label for e in res.entities}
    for ev in res.events:
        node = iri(ev.key)
        cls, cls_label = EVENT_CLASSES[ev.type]
        g.add((node, RDF.type, SEM.Event))
        g.add((node, RDF.type, cls))
        g.add((node, SEM.eventType, cameo_concept(ev.cameo)))
        who = ", ".join(labels.get(a, a) for a in ev.agents)
        whom = ", ".join(labels.get(t, t) for t in ev.targets)
        text = f"{cls_label}: {who}" + (f" -> {whom}" if whom else "") + (f" ({ev.date.isoformat()})" if ev.date else "")
        g.add((node, RDFS.label, Literal(text)))
        for a in ev.agents:
            g.add((node, KGO.agent, iri(a)))
            g.add((node, SEM.hasActor, iri(a)))  # stated, not only inferred: stores without RDFS see it
        for t in ev.targets:
            g.add((node, KGO.target, iri(t)))
            g.add((node, SEM.hasActor, iri(t)))
        if ev.place:
            g.add((node, SEM.hasPlace, iri(ev.place)))
        if ev.date:
            g.add((node, SEM.hasTimeStamp, Literal(ev.date.isoformat(), datatype=XSD.date)))
        g.add((node, KGO.plover, Literal(ev.plover)))
        g.add((node, KGO.confidence, Literal(f"{ev.confidence:.2f}", datatype=XSD.decimal)))
        if ev.mode:
            g.add((node, KGO.mode, Literal(ev.mode)))
        if ev.count:
            g.add((node, KGO.count, Literal(ev.count, datatype=XSD.integer)))
        if ev.instrument:
            g.add((node, KGO.instrument, Literal(ev.instrument)))
        g.add((node, PROV.wasGeneratedBy, run))
        if ev.parent:
            g.add((node, SEM.subEventOf, iri(ev.parent)))
        for x in ev.evidence:
            g.add((node, KGO.evidence, _evidence(g, iri, x)))
        _direct_edges(g, iri, ev)
    for r in res.relations:
        prop, _label = DIRECT_PROPERTIES[r.predicate]
        s, o = iri(r.subject), iri(r.object)
        g.add((s, prop, o))
        stmt = iri("relation/" + hashlib.sha1(f"{r.subject}|{r.predicate}|{r.object}".encode()).hexdigest()[:12])
        g.add((stmt, RDF.type, KGO.Affiliation))
        g.add((stmt, RDF.subject, s))
        g.add((stmt, RDF.predicate, prop))
        g.add((stmt, RDF.object, o))
        g.add((stmt, KGO.role, Literal(r.role)))
        g.add((stmt, KGO.confidence, Literal(f"{r.confidence:.2f}", datatype=XSD.decimal)))
        for x in r.evidence:
            g.add((stmt, KGO.evidence, _evidence(g, iri, x)))
    return g


def _evidence(g: Graph, iri: Callable[[str], URIRef], x: Evidence) -> URIRef:
    node = iri(f"article/{x.article_id}#char={x.start},{x.end}")
    g.add((node, RDF.type, NIF.OffsetBasedString))
    g.add((node, RDF.type, NIF.Sentence))
    g.add((node, NIF.anchorOf, Literal(x.text)))
    g.add((node, NIF.beginIndex, Literal(x.start, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.endIndex, Literal(x.end, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.referenceContext, iri(f"article/{x.article_id}")))
    return node


def _direct_edges(g: Graph, iri: Callable[[str], URIRef], ev) -> None:
    if ev.type == "visit":
        for a in ev.agents:
            for t in ev.targets:
                if a != t:
                    g.add((iri(a), KGO.visited, iri(t)))
    elif ev.type in ("meet", "sign_agreement"):
        prop = KGO.metWith if ev.type == "meet" else KGO.signedAgreementWith
        parts = sorted(set(ev.agents))
        for i, a in enumerate(parts):
            for b in parts[i + 1:]:
                g.add((iri(a), prop, iri(b)))


JSONLD_CONTEXT = {"rdf": str(RDF), "sem": str(SEM._NS), "schema": str(SCHEMA), "nif": str(NIF._NS), "kgo": str(KGO._NS),
                  "prov": str(PROV), "skos": str(SKOS), "rdfs": str(RDFS), "owl": str(OWL),
                  "xsd": str(XSD), "dcterms": str(DCTERMS)}


def serialize(g: Graph, fmt: str) -> bytes:
    """Turtle (written by Oxigraph from the sorted N-Triples: fast, strict, deterministic),
    N-Triples (sorted lines) or JSON-LD bytes."""
    if fmt == "ttl":
        import pyoxigraph as ox

        prefixes = {p: str(ns) for p, ns in sorted(g.namespaces()) if p in TURTLE_PREFIXES}
        quads = ox.parse(serialize(g, "nt"), format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(quads, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    if fmt == "nt":
        # split on "\n" only: str.splitlines() would also cut at \x1c-\x1e, \x85, \u2028, which
        # N-Triples allows raw inside literals
        lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")))
        return ("\n".join(line for line in lines if line.strip()) + "\n").encode("utf-8")
    if fmt == "jsonld":
        return _compact_jsonld(serialize(g, "nt"))
    return g.serialize(format=FORMATS.get(fmt, fmt), encoding="utf-8")


def _compact_jsonld(ntriples: bytes) -> bytes:
    """JSON-LD with kg's context: Oxigraph writes the expanded form (fast), then IRIs become
    prefixed names of the context, and nodes and values are sorted so that equal graphs give
    equal bytes."""
    import json

    import pyoxigraph as ox

    prefixes = sorted(((p, ns) for p, ns in JSONLD_CONTEXT.items()), key=lambda x: -len(x[1]))

    def compact(iri: str) -> str:
        for p, ns in prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{p}:{iri[len(ns):]}"
        return iri

    def value(v: dict) -> dict:
        out = dict(v)
        if "@id" in out:
            out["@id"] = compact(out["@id"])
        if "@type" in out:
            out["@type"] = compact(out["@type"])
        return out

    def key(x: object) -> str:
        return json.dumps(x, sort_keys=True, ensure_ascii=False)

    expanded = json.loads(ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.JSON_LD))
    nodes = []
    for node in expanded:
        new: dict[str, object] = {}
        for k, vals in node.items():
            if k == "@id":
                new[k] = compact(vals)
            elif k == "@type":
                new[k] = sorted(compact(t) for t in vals)
            else:
                new[compact(k)] = sorted((value(v) for v in vals), key=key)
        nodes.append(new)
    doc = {"@context": JSONLD_CONTEXT, "@graph": sorted(nodes, key=lambda n: (str(n.get("@id", "")), key(n)))}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def context_document() -> bytes:
    """The JSON-LD context kg's graph.jsonld uses, as a document of its own (context.jsonld)."""
    import json

    return (json.dumps({"@context": JSONLD_CONTEXT}, indent=2, sort_keys=True) + "\n").encode("utf-8")


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
