"""An RDF graph written by kg -> the networkx graph the page is drawn from (for `kg view`): the
records read back by kg.export.from_rdf, drawn by kg.graph as a build draws them, so a page of a
graph file and the page of its build come from one code path."""
from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF

from .export.from_rdf import resolved_from_rdf
from .export.vocab import SCHEMA
from .graph import KgGraph, build_graph


def article_titles(rdf: Graph) -> list[str]:
    """The headlines of the graph's articles (schema:NewsArticle), in IRI order."""
    articles = sorted(rdf.subjects(RDF.type, SCHEMA.NewsArticle), key=str)
    return [str(rdf.value(a, SCHEMA.headline) or "") for a in articles]


def graph_from_rdf(rdf: Graph) -> KgGraph:
    return build_graph(resolved_from_rdf(rdf)[0])
