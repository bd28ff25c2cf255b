"""An RDF graph written by kg -> the networkx graph the page is drawn from (for `kg view`)."""
from __future__ import annotations

import math

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from .event_types import event_types
from .export.vocab import DIRECT_PROPERTIES, ENTITY_CLASSES, EVENT_CLASSES, KGO, NIF, SCHEMA, SEM
from .graph import EvidenceItem, KgGraph

_TYPE_OF_CLASS = {v: k for k, v in ENTITY_CLASSES.items()}
_EVENT_OF_CLASS = {v[0]: k for k, v in EVENT_CLASSES.items()}
_REL_OF_PROP = {v[0]: k for k, v in DIRECT_PROPERTIES.items()}
EVENT_LABELS = {t.name: t.label for t in event_types().values()}


def article_titles(rdf: Graph) -> list[str]:
    """The headlines of the graph's articles (schema:NewsArticle), in IRI order."""
    articles = sorted(rdf.subjects(RDF.type, SCHEMA.NewsArticle), key=str)
    return [str(rdf.value(a, SCHEMA.headline) or "") for a in articles]


def graph_from_rdf(rdf: Graph) -> KgGraph:
    g: KgGraph = nx.MultiDiGraph()
    for cls, etype in _TYPE_OF_CLASS.items():
        for s in rdf.subjects(RDF.type, cls):
            g.add_node(str(s), kind="entity", type=etype, label=str(rdf.value(s, RDFS.label) or s),
                       aliases=sorted(str(a) for a in rdf.objects(s, SKOS.altLabel)),
                       iso=_text(rdf.value(s, SCHEMA.identifier)))
    def label(node: Node) -> str:
        return str(rdf.value(node, RDFS.label) or node)

    def evidence(node: Node) -> list[EvidenceItem]:
        out = []
        for x in sorted(rdf.objects(node, KGO.evidence), key=str):
            art = rdf.value(x, NIF.referenceContext)
            out.append({"text": str(rdf.value(x, NIF.anchorOf) or ""), "article": str(art or ""),
                        "title": str(rdf.value(art, SCHEMA.headline) or "") if art else "",
                        "url": str(rdf.value(art, SCHEMA.url) or "") if art else "",
                        "published": str(rdf.value(art, SCHEMA.datePublished) or "") if art else ""})
        return out

    for ev in rdf.subjects(RDF.type, SEM.Event):
        etype = next((_EVENT_OF_CLASS[c] for c in rdf.objects(ev, RDF.type)
                      if isinstance(c, URIRef) and c in _EVENT_OF_CLASS), "event")
        concept = rdf.value(ev, SEM.eventType)
        date = rdf.value(ev, SEM.hasTimeStamp)
        place = rdf.value(ev, SEM.hasPlace)
        conf = rdf.value(ev, KGO.confidence)
        g.add_node(str(ev), kind="event", type=etype, label=EVENT_LABELS.get(etype, etype),
                   cameo=str(rdf.value(concept, SKOS.notation)) if concept else None,
                   date=str(date) if date else None, place=label(place) if place else None,
                   agents=sorted(label(a) for a in rdf.objects(ev, KGO.agent)),
                   targets=sorted(label(t) for t in rdf.objects(ev, KGO.target)),
                   plover=_text(rdf.value(ev, KGO.plover)), mode=_text(rdf.value(ev, KGO.mode)),
                   count=_integer(rdf.value(ev, KGO.count)), instrument=_text(rdf.value(ev, KGO.instrument)),
                   confidence=_number(conf), evidence=evidence(ev))
        for role, prop in (("agent", KGO.agent), ("target", KGO.target), ("place", SEM.hasPlace)):
            for o in rdf.objects(ev, prop):
                if str(o) in g:
                    g.add_edge(str(ev), str(o), key=role, kind="role", role=role)
    for prop, rel in _REL_OF_PROP.items():
        for s, o in rdf.subject_objects(prop):
            if isinstance(s, URIRef) and str(s) in g and str(o) in g:
                g.add_edge(str(s), str(o), key=rel, kind="relation", relation=rel)
    return g


def _text(value: object) -> str | None:
    return str(value) if value is not None else None


def _integer(value: object) -> int | None:
    """A count literal as an int; None for none or a value that is no integer."""
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def _number(value: object) -> float | None:
    """A confidence literal as a number in [0, 1]; None for none, NaN or a value that is no number."""
    if value is None:
        return None
    try:
        number = float(str(value))
    except ValueError:
        return None
    return min(1.0, max(0.0, number)) if math.isfinite(number) else None
