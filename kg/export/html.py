"""networkx graph -> one self-contained, offline HTML page (vis-network from pyvis, inlined).

pyvis supplies vis-network; the node and edge records are built here in vis-network's format
(pyvis's add_node/add_edge scan every earlier node and edge, which is quadratic on large graphs)
and the page is kg's own template (page.html), because pyvis's templates load Bootstrap from a
CDN even in "in_line" mode and turn every tooltip into innerHTML as soon as one title contains
"href". Here all article text travels as
JSON inside a <script type="application/json"> block and reaches the page through textContent
only. Graphs above LAYOUT_THRESHOLD nodes get positions computed in Python (networkx) and no
physics, so that thousands of nodes open at once.
"""
from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

import networkx as nx

STYLE = {  # type -> (colour, shape)
    "Person": ("#4e79a7", "dot"), "State": ("#e15759", "diamond"), "Place": ("#59a14f", "triangle"),
    "Organization": ("#b07aa1", "square"), "event": ("#f28e2b", "box"),
}
EVENT_COLOURS = {"visit": "#f28e2b", "meet": "#edc948", "sign_agreement": "#76b7b2", "praise": "#8cd17d",
                 "criticize": "#ff9d9a", "propose": "#bab0ac"}
EDGE_LABELS = {"visited": "visited", "met_with": "met with", "signed_agreement_with": "signed with",
               "leader_of": "leader of", "official_of": "official of"}
LAYOUT_THRESHOLD = 300


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def layout(g: nx.MultiDiGraph, seed: int = 7, iterations: int = 80) -> dict[str, tuple[float, float]]:
    """Positions for a large graph: Fruchterman-Reingold with the grid cut-off of the original
    paper (repulsion only between nodes closer than 2k, found with a k-d tree), vectorised with
    numpy, so thousands of nodes take seconds; scaled so that nodes sit about 60 px apart."""
    import numpy as np
    from scipy.spatial import cKDTree

    nodes = list(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    edges = np.array(sorted({(index[u], index[v]) for u, v in g.edges() if u != v}) or [(0, 0)], dtype=np.int64)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    temperature, cooling = 0.1, 0.1 / (iterations + 1)
    def push(disp, idx, force) -> None:  # disp[idx] += force, summing repeats (bincount: fast)
        disp[:, 0] += np.bincount(idx, weights=force[:, 0], minlength=n)
        disp[:, 1] += np.bincount(idx, weights=force[:, 1], minlength=n)

    for _ in range(iterations):
        disp = np.zeros((n, 2))
        pairs = cKDTree(pos).query_pairs(2 * k, output_type="ndarray")
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-9)
            force = delta * (k * k / dist ** 2)[:, None]
            push(disp, pairs[:, 0], force)
            push(disp, pairs[:, 1], -force)
        delta = pos[edges[:, 0]] - pos[edges[:, 1]]
        dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-9)
        force = delta * (dist / k)[:, None]
        push(disp, edges[:, 0], -force)
        push(disp, edges[:, 1], force)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    spread = float(np.abs(pos).max()) or 1.0
    scale = 30 * math.sqrt(n) / spread
    return {v: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for v, (x, y) in zip(nodes, pos)}


def page_data(g: nx.MultiDiGraph) -> dict:
    """Nodes, edges and options for the page (vis-network records)."""
    positions = layout(g) if g.number_of_nodes() > LAYOUT_THRESHOLD else {}
    nodes: list[dict] = []
    edges: list[dict] = []
    for n, d in sorted(g.nodes(data=True)):
        kind = d.get("kind", "entity")
        etype = d.get("type", "Place")
        colour, shape = STYLE["event"] if kind == "event" else STYLE.get(etype, STYLE["Place"])
        if kind == "event":
            colour = EVENT_COLOURS.get(etype, colour)
        label = d.get("label", n) if kind != "event" else f"{d.get('label')} {d.get('date') or ''}".strip()
        extra = {"x": positions[n][0], "y": positions[n][1]} if n in positions else {}
        node = {"id": n, "label": label, "color": colour, "shape": shape, "size": 12 if kind == "event" else 18,
                **extra}
        nodes.append(node)
        node.update({"kind": kind, "kgtype": etype, "name": d.get("label", n), "aliases": list(d.get("aliases") or []),
                     "date": d.get("date"), "evidence": list(d.get("evidence") or [])})
        for k in ("cameo", "plover", "place", "agents", "targets", "mode", "count", "instrument", "confidence", "iso"):
            if d.get(k) not in (None, "", []):
                node[k] = d[k]
    for i, (u, v, k, d) in enumerate(sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))):
        kind = d.get("kind", "role")
        count = len(d.get("events") or []) if kind == "relation" else 0
        label = EDGE_LABELS.get(k, k) + (f" ×{count}" if count > 1 else "")
        edges.append({"from": u, "to": v, "label": label, "arrows": "to", "dashes": kind == "role",
                      "color": "#bbbbbb" if kind == "role" else "#555555"})
        edges[-1].update({"id": f"e{i}", "kind": kind, "rel": k, "count": count, "date": d.get("date"),
                              "role": d.get("role"), "confidence": d.get("confidence"),
                              "evidence": list(d.get("evidence") or [])})
    physics = not positions
    options = {"physics": {"enabled": physics, "solver": "barnesHut", "stabilization": {"iterations": 300},
                           "barnesHut": {"springLength": 140}},
               "layout": {"improvedLayout": physics},
               "interaction": {"hover": True, "hideEdgesOnDrag": not physics, "tooltipDelay": 150},
               "edges": {"font": {"size": 10, "align": "middle"}, "smooth": False}}
    return {"nodes": nodes, "edges": edges, "options": options,
            "legend": {"entities": {k: v[0] for k, v in STYLE.items() if k != "event"}, "events": EVENT_COLOURS}}


def _json_for_script(obj: object) -> str:
    """JSON that cannot close its <script> element or start markup."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    for a, b in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(a, b)
    return text


def render_html(g: nx.MultiDiGraph, *, title: str = "kg event graph") -> str:
    """The complete page as a string."""
    js, css = _vis_assets()
    template = resources.files("kg.export").joinpath("page.html").read_text(encoding="utf-8")
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return (template.replace("{{TITLE}}", safe_title)
            .replace("{{VIS_CSS}}", css).replace("{{VIS_JS}}", js.replace("</script", "<\\/script"))
            .replace("{{DATA}}", _json_for_script(page_data(g))))
