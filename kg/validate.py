"""SHACL validation of kg's output against kg/shapes.ttl (pySHACL)."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.focus}: {self.message}" + (f" (at {self.path})" if self.path else "")


def shapes_text() -> str:
    return resources.files("kg").joinpath("shapes.ttl").read_text(encoding="utf-8")


def validate(graph: Any) -> list[Violation]:
    """Violations of kg's shapes in an rdflib Graph (empty when it conforms)."""
    import pyshacl
    from rdflib import Graph, Namespace, URIRef

    sh = Namespace(SH)
    shapes = Graph().parse(data=shapes_text(), format="turtle")
    _conforms, report, _text = pyshacl.validate(graph, shacl_graph=shapes, inference="rdfs",
                                                abort_on_first=False, allow_warnings=True)
    out = []
    for result in report.subjects(URIRef(SH + "resultSeverity"), sh.Violation):
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        message = report.value(result, sh.resultMessage)
        out.append(Violation(str(focus), "" if path is None else _short(str(path)), str(message or "violation")))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))


def _short(iri: str) -> str:
    for prefix, ns in (("sem:", "http://semanticweb.cs.vu.nl/2009/11/sem/"), ("kgo:", "https://example.org/kg/ontology#"),
                       ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"), ("schema:", "https://schema.org/"),
                       ("nif:", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")):
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri
