"""kg's networkx graph -> GEXF and GraphML (for Gephi, Cytoscape, yEd, igraph).

Both formats hold only scalar attributes, so `scalar_graph` flattens the graph of
`kg.graph.build_graph`: a list becomes one string joined with "; " (agents, targets, aliases,
the events behind an actor edge), evidence becomes its sentences joined with " | " plus
`articles` (their addresses or ids); a missing value (None) is left out; characters XML cannot
hold are dropped. Every node also gets `iri` (its IRI in the RDF graph) and `label`, which
Gephi shows. Node ids are kg's keys ("person/ebrahim-raeisi", "event/visit-...").
"""
from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

import networkx as nx

from .tables import EVIDENCE_SEP, SEP

if TYPE_CHECKING:
    from ..graph import KgGraph

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: object) -> str:
    return _XML_BAD.sub("", str(value))


def _flat(attrs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in attrs.items():
        if value is None:
            continue
        if name == "evidence":
            out["evidence"] = _text(EVIDENCE_SEP.join(dict.fromkeys(x["text"] for x in value)))
            out["articles"] = _text(SEP.join(dict.fromkeys(x.get("url") or x.get("article", "") for x in value)))
        elif isinstance(value, (list, tuple, set)):
            out[name] = _text(SEP.join(str(v) for v in value))
        elif isinstance(value, (bool, int, float)):
            out[name] = value
        else:
            out[name] = _text(value)
    return out


def scalar_graph(g: KgGraph, base: str) -> nx.MultiDiGraph[str]:
    """A copy of `g` whose node and edge attributes are strings, numbers and booleans only."""
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, attrs in g.nodes(data=True):
        flat = _flat(dict(attrs))
        flat["iri"] = base + (node.replace("#", "%23") if "#" in base else node)
        flat.setdefault("label", node)
        out.add_node(_text(node), **flat)
    for a, b, key, attrs in g.edges(keys=True, data=True):
        out.add_edge(_text(a), _text(b), key=_text(key), **_flat(dict(attrs)))
    return out


def to_gexf(g: KgGraph, base: str) -> bytes:
    """GEXF 1.2 (networkx's writer)."""
    buf = io.BytesIO()
    nx.write_gexf(scalar_graph(g, base), buf, encoding="utf-8")
    return buf.getvalue()


def to_graphml(g: KgGraph, base: str) -> bytes:
    """GraphML (networkx's writer; typed keys for every attribute)."""
    buf = io.BytesIO()
    nx.write_graphml(scalar_graph(g, base), buf, encoding="utf-8")
    return buf.getvalue()
