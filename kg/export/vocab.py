"""Vocabularies: closed namespaces for SEM, NIF and kg's own ontology, and the ontology itself."""
from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, DefinedNamespace

from .. import lexicons
from ..errors import LexiconError
from ..event_types import direct_relations, event_types

SCHEMA = Namespace("https://schema.org/")


class SEM(DefinedNamespace):
    """Simple Event Model (van Hage et al. 2011)."""

    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    _fail = True
    Event: URIRef
    EventType: URIRef
    Actor: URIRef
    Place: URIRef
    eventType: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTimeStamp: URIRef
    subEventOf: URIRef


class NIF(DefinedNamespace):
    """NLP Interchange Format core (the parts kg writes)."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True
    Context: URIRef
    String: URIRef
    OffsetBasedString: URIRef
    Sentence: URIRef
    anchorOf: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    referenceContext: URIRef
    sourceUrl: URIRef


ONTOLOGY_IRI = "https://example.org/kg/ontology#"


class KGO(DefinedNamespace):
    """kg's own terms: event classes, roles, direct actor relations, provenance details."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True
    Ontology: URIRef
    EventTypes: URIRef
    Visit: URIRef
    Meeting: URIRef
    AgreementSigning: URIRef
    Praise: URIRef
    Criticism: URIRef
    Proposal: URIRef
    Affiliation: URIRef
    Extraction: URIRef
    agent: URIRef
    target: URIRef
    evidence: URIRef
    confidence: URIRef
    mode: URIRef
    count: URIRef
    instrument: URIRef
    plover: URIRef
    role: URIRef
    trigger: URIRef
    visited: URIRef
    metWith: URIRef
    signedAgreementWith: URIRef
    leaderOf: URIRef
    officialOf: URIRef
    textSha256: URIRef


# from the event-type registry (kg/lexicons/event_types.tsv) and the CAMEO table (cameo.tsv)
EVENT_CLASSES = {t.name: (URIRef(ONTOLOGY_IRI + t.cls), t.class_label) for t in event_types().values()}
CAMEO_LABELS = lexicons.mapping("cameo.tsv", "code", "label")
DIRECT_PROPERTIES = {r.name: (URIRef(ONTOLOGY_IRI + r.property), r.label) for r in direct_relations()}
ENTITY_CLASSES = {"Person": SCHEMA.Person, "State": SCHEMA.Country, "Place": SCHEMA.Place,
                  "Organization": SCHEMA.Organization}


def cameo_concept(code: str) -> URIRef:
    return URIRef(f"{ONTOLOGY_IRI}cameo-{code}")


def ontology(codes: set[str]) -> Graph:
    """The declarations every output carries: classes, properties, the event-type scheme."""
    g = Graph(bind_namespaces="core")
    g.add((KGO.Ontology, RDF.type, OWL.Ontology))
    g.add((KGO.Ontology, RDFS.label, Literal("kg event ontology")))
    for cls, label in EVENT_CLASSES.values():
        g.add((cls, RDF.type, OWL.Class))
        g.add((cls, RDFS.subClassOf, SEM.Event))
        g.add((cls, RDFS.label, Literal(label, lang="en")))
    g.add((KGO.Affiliation, RDF.type, OWL.Class))
    g.add((KGO.Affiliation, RDFS.subClassOf, RDF.Statement))
    g.add((KGO.Affiliation, RDFS.label, Literal("Affiliation", lang="en")))
    g.add((KGO.EventTypes, RDF.type, SKOS.ConceptScheme))
    g.add((KGO.EventTypes, RDFS.label, Literal("CAMEO event types used by kg", lang="en")))
    for code in sorted(codes):
        c = cameo_concept(code)
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, RDF.type, SEM.EventType))
        g.add((c, SKOS.inScheme, KGO.EventTypes))
        g.add((c, SKOS.notation, Literal(code)))
        g.add((c, RDFS.label, Literal(CAMEO_LABELS.get(code, f"CAMEO {code}"), lang="en")))
    props = [(KGO.agent, "agent", SEM.hasActor), (KGO.target, "target", SEM.hasActor),
             (KGO.evidence, "evidence", PROV.wasDerivedFrom)]
    for p, label, parent in props:
        g.add((p, RDF.type, OWL.ObjectProperty))
        g.add((p, RDFS.subPropertyOf, parent))
        g.add((p, RDFS.label, Literal(label, lang="en")))
    for p, label in DIRECT_PROPERTIES.values():
        g.add((p, RDF.type, OWL.ObjectProperty))
        g.add((p, RDFS.label, Literal(label, lang="en")))
    for p, label in ((KGO.confidence, "confidence"), (KGO.mode, "mode"), (KGO.count, "count"),
                     (KGO.instrument, "instrument"), (KGO.plover, "PLOVER category"), (KGO.role, "role"),
                     (KGO.trigger, "trigger"), (KGO.textSha256, "SHA-256 of the text")):
        g.add((p, RDF.type, OWL.DatatypeProperty))
        g.add((p, RDFS.label, Literal(label, lang="en")))
    for term, label in EXTERNAL_LABELS.items():
        g.add((term, RDFS.label, Literal(label, lang="en")))
    return g


def _external_labels() -> dict[URIRef, str]:
    """The other vocabularies' terms kg uses, labelled for browsers of the graph (term_labels.tsv)."""
    namespaces: dict[str, Any] = {"sem": SEM, "schema": SCHEMA, "nif": NIF, "prov": PROV, "skos": SKOS, "rdf": RDF,
                                  "kgo": KGO}
    out: dict[URIRef, str] = {}
    for row in lexicons.rows("term_labels.tsv"):
        prefix, _, name = row["term"].partition(":")
        try:
            out[namespaces[prefix][name]] = row["label"]
        except (KeyError, AttributeError) as exc:
            raise LexiconError(f"{lexicons.lexicon_path('term_labels.tsv')}: unknown term {row['term']!r}") from exc
    return out


EXTERNAL_LABELS = _external_labels()
