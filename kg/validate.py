"""SHACL validation of kg's output against kg/shapes.ttl (pySHACL)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import QueryError

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.focus}: {self.message}" + (f" (at {self.path})" if self.path else "")


def load_graph_offline(path: str | Path) -> Any:
    """An rdflib Graph of a graph file, reading nothing but that file: a JSON-LD document's
    contexts must be inline, or name kg's own (context.jsonld, put inline here); any other
    remote or file context (@context or @import by address) is refused, never fetched."""
    from .sparql import _RDFLIB_FORMATS, load_graph

    p = Path(path)
    if _RDFLIB_FORMATS.get(p.suffix.lower()) != "json-ld" or not p.is_file():
        return load_graph(p)
    from rdflib import Graph

    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
        doc = _inline_contexts(doc, p)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else " ".join(str(exc).split())[:200]
        raise QueryError(f"cannot parse {p} as json-ld: {reason}") from exc
    g = Graph()
    try:
        g.parse(data=json.dumps(doc), format="json-ld", base=p.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types for bad syntax
        raise QueryError(f"cannot parse {p} as json-ld: {' '.join(str(exc).split())[:200]}") from exc
    return g


def _inline_contexts(doc: Any, path: Path) -> Any:
    """`doc` with every context given by address replaced by kg's own (QueryError for another)."""
    from .export.rdf import JSONLD_CONTEXT

    def inline(ctx: Any) -> Any:
        if isinstance(ctx, list):
            return [inline(c) for c in ctx]
        if isinstance(ctx, str):
            if ctx.rsplit("/", 1)[-1] == "context.jsonld" and ":" not in ctx:
                return dict(JSONLD_CONTEXT)
            raise QueryError(f"{path}: refusing to fetch the JSON-LD context {ctx[:100]!r}; kg reads only "
                             f"inline contexts (or its own context.jsonld)")
        return ctx

    stack = [doc]
    while stack:  # every object, contexts and scoped contexts included, without recursion
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if "@import" in node:
                raise QueryError(f"{path}: refusing to fetch the JSON-LD context {str(node['@import'])[:100]!r} "
                                 f"(@import); kg reads only inline contexts")
            if "@context" in node:
                node["@context"] = inline(node["@context"])
            stack.extend(node.values())
    return doc


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
