"""Resolved -> networkx MultiDiGraph.

Nodes: entities (kind="entity", type, label, aliases) and events (kind="event", type, label,
CAMEO code, date, place, participants, confidence, evidence). Edges: event -> participant
(kind="role": "agent", "target", "place") and direct actor edges (kind="relation": "visited",
"met_with", "signed_agreement_with", "leader_of", "official_of") with the events behind them.
Evidence items are dicts: sentence text, article id, title, address and publication date.
"""
from __future__ import annotations

from typing import TypeAlias

import networkx as nx

from .event_types import direct_edges, event_types
from .types import EntityRef, Event, Evidence, Resolved

EvidenceItem = dict[str, str]  # sentence text, article id, title, address, publication date
KgGraph: TypeAlias = "nx.MultiDiGraph[str]"  # node ids: entity and event keys; attributes as above

DIRECT = {t.name: t.direct.name for t in event_types().values() if t.direct}  # event type -> relation


def build_graph(res: Resolved) -> KgGraph:
    """The networkx view of a resolved result (node ids are the entity and event keys)."""
    g: KgGraph = nx.MultiDiGraph()
    articles = {a.id: a for a in res.articles}
    labels = {e.key: e.label for e in res.entities}

    def evidence(items: tuple[Evidence, ...]) -> list[EvidenceItem]:
        out = []
        for x in items:
            art = articles.get(x.article_id)
            out.append({"text": x.text, "article": x.article_id, "title": art.title if art else "",
                        "url": (art.url or "") if art else "",
                        "published": art.published.isoformat() if art and art.published else ""})
        return out

    for e in res.entities:
        g.add_node(e.key, kind="entity", type=e.type, label=e.label, aliases=list(e.aliases), iso=e.iso)
    for ev in res.events:
        g.add_node(ev.key, kind="event", type=ev.type, label=ev.label, cameo=ev.cameo, plover=ev.plover,
                   date=ev.date.isoformat() if ev.date else None, place=labels.get(ev.place) if ev.place else None,
                   agents=[labels.get(a, a) for a in ev.agents], targets=[labels.get(t, t) for t in ev.targets],
                   mode=ev.mode, count=ev.count, instrument=ev.instrument, confidence=ev.confidence,
                   evidence=evidence(ev.evidence))
        for role, refs in (("agent", ev.agents), ("target", ev.targets), ("place", (ev.place,) if ev.place else ())):
            for ref in refs:
                if ref in g:
                    g.add_edge(ev.key, ref, key=role, kind="role", role=role)
        rel = DIRECT.get(ev.type)
        if rel:
            for a, b in direct_edges(ev.type, ev.agents, ev.targets):
                _direct(g, a, b, rel, ev, evidence(ev.evidence))
    for r in res.relations:
        if r.subject in g and r.object in g:
            g.add_edge(r.subject, r.object, key=r.predicate, kind="relation", relation=r.predicate,
                       role=r.role, evidence=evidence(r.evidence), confidence=r.confidence, events=[])
    return g


def _direct(g: KgGraph, a: EntityRef, b: EntityRef, rel: str, ev: Event, items: list[EvidenceItem]) -> None:
    if a not in g or b not in g or a == b:
        return
    if g.has_edge(a, b, key=rel):
        data = g.edges[a, b, rel]
        data["events"].append(ev.key)
        data["evidence"] += [x for x in items if x not in data["evidence"]]
    else:
        g.add_edge(a, b, key=rel, kind="relation", relation=rel, events=[ev.key], evidence=list(items),
                   date=ev.date.isoformat() if ev.date else None)
