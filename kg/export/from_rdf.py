"""An RDF graph written by kg -> the records it was written from (kg.types.Resolved).

`kg export` and `kg.events_frame("graph.ttl")` read a graph file back through this, so the
tables of a file and of a build (`kg/export/tables.py`) come from one code path. What the
graph does not hold comes back empty: article texts, the order of an event's participants
(sorted by IRI), `background`. Keys are the IRIs with the graph's base taken off (the base is
read from kg's `prov:SoftwareAgent`, `{base}kg`); a graph without one keeps whole IRIs as keys
and base "".
"""
from __future__ import annotations

import math
from datetime import date
from typing import cast

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from ..types import Article, Entity, EntityRef, EntityType, Event, Evidence, Relation, Resolved
from .vocab import DIRECT_PROPERTIES, ENTITY_CLASSES, EVENT_CLASSES, KGO, NIF, SCHEMA, SEM

_TYPE_OF_CLASS: dict[URIRef, EntityType] = {v: cast(EntityType, k) for k, v in ENTITY_CLASSES.items()}
_EVENT_OF_CLASS = {v[0]: k for k, v in EVENT_CLASSES.items()}
_REL_OF_PROP = {v[0]: k for k, v in DIRECT_PROPERTIES.items()}


def graph_base(rdf: Graph) -> str:
    """The base IRI the graph was written with ("" if it names no kg agent)."""
    for agent in sorted(rdf.subjects(RDF.type, PROV.SoftwareAgent), key=str):
        text = str(agent)
        if text.endswith("kg") and str(rdf.value(agent, RDFS.label) or "").startswith("kg "):
            return text[:-2]
    return ""


def resolved_from_rdf(rdf: Graph) -> tuple[Resolved, str]:
    """The records of a graph kg wrote, and its base IRI (see the module's note)."""
    base = graph_base(rdf)

    def key(node: Node) -> str:
        text = str(node)
        if base and text.startswith(base):
            text = text[len(base):]
            return text.replace("%23", "#") if "#" in base else text
        return text

    def text(node: Node, prop: URIRef) -> str:
        return str(rdf.value(node, prop) or "")

    def evidence(node: Node) -> tuple[Evidence, ...]:
        out = []
        for x in sorted(rdf.objects(node, KGO.evidence), key=str):
            article = rdf.value(x, NIF.referenceContext)
            out.append(Evidence(key(article).removeprefix("article/") if article else "",
                                _int(rdf.value(x, NIF.beginIndex)) or 0, _int(rdf.value(x, NIF.endIndex)) or 0,
                                text(x, NIF.anchorOf)))
        return tuple(sorted(out, key=lambda e: (e.article_id, e.start, e.end)))

    articles = []
    for node in sorted(rdf.subjects(RDF.type, SCHEMA.NewsArticle), key=str):
        url = rdf.value(node, SCHEMA.url)
        articles.append(Article(key(node).removeprefix("article/"), "", title=text(node, SCHEMA.headline),
                                url=str(url) if url else None, published=_date(rdf.value(node, SCHEMA.datePublished))))
    mentioned: dict[str, list[str]] = {}
    for art, ent in rdf.subject_objects(SCHEMA.mentions):
        mentioned.setdefault(str(ent), []).append(key(art).removeprefix("article/"))
    entities = []
    for cls, etype in _TYPE_OF_CLASS.items():
        for node in rdf.subjects(RDF.type, cls):
            iso = rdf.value(node, SCHEMA.identifier)
            entities.append(Entity(EntityRef(key(node)), etype, text(node, RDFS.label) or str(node),
                                   aliases=tuple(sorted(str(a) for a in rdf.objects(node, SKOS.altLabel))),
                                   iso=str(iso) if iso else None,
                                   articles=tuple(sorted(mentioned.get(str(node), []))),
                                   links=tuple(sorted(str(x) for x in rdf.objects(node, SKOS.exactMatch)))))
    events = []
    for node in rdf.subjects(RDF.type, SEM.Event):
        ev_type = next((_EVENT_OF_CLASS[c] for c in rdf.objects(node, RDF.type)
                        if isinstance(c, URIRef) and c in _EVENT_OF_CLASS), None)
        if ev_type is None:
            continue
        concept = rdf.value(node, SEM.eventType)
        place, parent = rdf.value(node, SEM.hasPlace), rdf.value(node, SEM.subEventOf)
        events.append(Event(
            key(node), ev_type, text(concept, SKOS.notation) if concept else "", text(node, KGO.plover),
            _event_label(ev_type),
            tuple(EntityRef(key(a)) for a in sorted(rdf.objects(node, KGO.agent), key=str)),
            tuple(EntityRef(key(t)) for t in sorted(rdf.objects(node, KGO.target), key=str)),
            EntityRef(key(place)) if place else None, _date(rdf.value(node, SEM.hasTimeStamp)), evidence(node),
            mode=text(node, KGO.mode), count=_int(rdf.value(node, KGO.count)),
            instrument=text(node, KGO.instrument) or None,
            confidence=_float(rdf.value(node, KGO.confidence)), parent=key(parent) if parent else None))
    relations = []
    for stmt in rdf.subjects(RDF.type, KGO.Affiliation):
        prop, s, o = (rdf.value(stmt, p) for p in (RDF.predicate, RDF.subject, RDF.object))
        if isinstance(prop, URIRef) and prop in _REL_OF_PROP and s is not None and o is not None:
            relations.append(Relation(EntityRef(key(s)), _REL_OF_PROP[prop], EntityRef(key(o)), text(stmt, KGO.role),
                                      evidence(stmt), confidence=_float(rdf.value(stmt, KGO.confidence))))
    resolved = Resolved(tuple(articles), tuple(sorted(entities, key=lambda e: e.key)),
                        tuple(sorted(relations, key=lambda r: (r.subject, r.predicate, r.object))),
                        tuple(sorted(events, key=lambda e: e.key)))
    return resolved, base


def _event_label(etype: str) -> str:
    from ..event_types import event_type

    return event_type(etype).label


def _date(value: Node | None) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value is not None else None
    except ValueError:
        return None


def _int(value: Node | None) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def _float(value: Node | None) -> float:
    """A confidence literal as a number in [0, 1]; 1.0 when missing (kg writes one for every
    event); NaN, "no confidence", for a literal that is no number (never read as certain: the page
    shows none, the tables leave the cell empty)."""
    if not isinstance(value, Literal):
        return 1.0
    try:
        number = float(str(value))
    except ValueError:
        return math.nan
    return min(1.0, max(0.0, number)) if math.isfinite(number) else math.nan
