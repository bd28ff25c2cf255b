"""Resolved -> networkx MultiDiGraph.

Nodes: entities (kind="entity", type, label, aliases) and events (kind="event", type, CAMEO code,
date, place, evidence). Edges: event -> participant (role "agent"/"target"/"place") and the
direct actor edges "visited", "met_with", "signed_agreement_with", "leader_of", "official_of".
"""
from __future__ import annotations

from itertools import combinations

import networkx as nx

from .types import Resolved

DIRECT = {"visit": "visited", "meet": "met_with", "sign_agreement": "signed_agreement_with"}


def build_graph(res: Resolved) -> nx.MultiDiGraph:
    """The networkx view of a resolved result (node ids are the entity and event keys)."""
    g = nx.MultiDiGraph()
    for e in res.entities:
        g.add_node(e.key, kind="entity", type=e.type, label=e.label, aliases=list(e.aliases), iso=e.iso)
    for ev in res.events:
        g.add_node(ev.key, kind="event", type=ev.type, label=ev.label, cameo=ev.cameo, plover=ev.plover,
                   date=ev.date.isoformat() if ev.date else None, place=ev.place, mode=ev.mode,
                   count=ev.count, instrument=ev.instrument, confidence=ev.confidence,
                   evidence=[x.text for x in ev.evidence])
        for role, refs in (("agent", ev.agents), ("target", ev.targets), ("place", (ev.place,) if ev.place else ())):
            for r in refs:
                if r in g:
                    g.add_edge(ev.key, r, key=role, kind="role", role=role)
        rel = DIRECT.get(ev.type)
        if rel == "visited":
            for a in ev.agents:
                for t in ev.targets:
                    _direct(g, a, t, rel, ev)
        elif rel:
            for a, b in combinations(sorted(set(ev.agents)), 2):
                _direct(g, a, b, rel, ev)
    for r in res.relations:
        if r.subject in g and r.object in g:
            g.add_edge(r.subject, r.object, key=r.predicate, kind="relation", relation=r.predicate,
                       role=r.role, evidence=[x.text for x in r.evidence], confidence=r.confidence)
    return g


def _direct(g: nx.MultiDiGraph, a: str, b: str, rel: str, ev) -> None:
    if a not in g or b not in g or a == b:
        return
    if g.has_edge(a, b, key=rel):
        data = g.edges[a, b, rel]
        data["events"].append(ev.key)
        data["evidence"] += [x.text for x in ev.evidence]
    else:
        g.add_edge(a, b, key=rel, kind="relation", relation=rel, events=[ev.key],
                   evidence=[x.text for x in ev.evidence], date=ev.date.isoformat() if ev.date else None)
