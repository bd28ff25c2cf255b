"""networkx graph -> one self-contained, offline HTML page (vis-network from pyvis, inlined).

pyvis supplies vis-network; the node and edge records are built here in vis-network's format
(pyvis's add_node/add_edge scan every earlier node and edge, which is quadratic on large graphs)
and the page is kg's own template (page.html), because pyvis's templates load Bootstrap from a
CDN even in "in_line" mode and turn every tooltip into innerHTML as soon as one title contains
"href". Here all article text travels as
JSON inside a <script type="application/json"> block and reaches the page through textContent
only. Graphs above LAYOUT_THRESHOLD nodes get positions computed in Python (layout(), numpy) and
no physics, so that thousands of nodes open at once.
"""
from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

import networkx as nx

from .. import lexicons
from ..event_types import direct_relations, event_types

# entity type -> (colour, shape), from kg/lexicons/entity_styles.tsv
STYLE = {row["type"]: (row["colour"], row["shape"]) for row in lexicons.rows("entity_styles.tsv")}
EVENT_COLOURS = {t.name: t.colour for t in event_types().values()}  # kg/lexicons/event_types.tsv
EDGE_LABELS = {r.name: r.label for r in direct_relations()}
LAYOUT_THRESHOLD = 300


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def layout(g: nx.MultiDiGraph, seed: int = 7, iterations: int = 80, neighbours: int = 10, grid: int = 16,
           gravity: float = 0.05, spacing: float = 40.0) -> dict[str, tuple[float, float]]:
    """Positions for a large graph: Fruchterman-Reingold forces, vectorised with numpy, with the
    repulsion split as in particle-mesh methods: exactly from each node's nearest neighbours
    (a k-d tree query) and, beyond its own cell, from the centres of mass of a coarse grid. So an
    iteration costs O(n log n) whatever the density (hubs with a thousand events pull news graphs
    into dense balls, where an all-pairs cut-off radius meets millions of pairs). A weak gravity
    keeps small components beside the big one. Scaled so that the median distance of a node to its
    nearest neighbour is `spacing` pixels."""
    import numpy as np
    from scipy.spatial import cKDTree

    nodes = list(g.nodes)
    n = len(nodes)
    if n < 2:
        return {v: (0.0, 0.0) for v in nodes}
    index = {v: i for i, v in enumerate(nodes)}
    edges = np.array(sorted({(index[u], index[v]) for u, v in g.edges() if u != v}) or [(0, 0)], dtype=np.int64)
    pos = np.random.default_rng(seed).random((n, 2))
    k = math.sqrt(1.0 / n)
    kk = min(neighbours, n - 1)
    temperature, cooling = 0.1, 0.1 / (iterations + 1)

    def push(disp, idx, force) -> None:  # disp[idx] += force, summing repeats (bincount: fast)
        disp[:, 0] += np.bincount(idx, weights=force[:, 0], minlength=n)
        disp[:, 1] += np.bincount(idx, weights=force[:, 1], minlength=n)

    for _ in range(iterations):
        # near field: the nearest neighbours, exactly
        dist, near = cKDTree(pos).query(pos, k=kk + 1)
        dist, near = np.maximum(dist[:, 1:], 1e-9), near[:, 1:]
        w = k * k / dist ** 2
        disp = np.stack([((pos[:, 0, None] - pos[near, 0]) * w).sum(axis=1),
                         ((pos[:, 1, None] - pos[near, 1]) * w).sum(axis=1)], axis=1)
        # far field: the mass of every other grid cell, at its centre of mass
        lo, hi = pos.min(axis=0), pos.max(axis=0)
        cxy = np.minimum(((pos - lo) / np.maximum(hi - lo, 1e-9) * grid).astype(np.int64), grid - 1)
        cell = cxy[:, 0] * grid + cxy[:, 1]
        mass = np.bincount(cell, minlength=grid * grid).astype(float)
        full = np.nonzero(mass)[0]
        centre = np.stack([np.bincount(cell, weights=pos[:, 0], minlength=grid * grid)[full],
                           np.bincount(cell, weights=pos[:, 1], minlength=grid * grid)[full]], axis=1)
        centre /= mass[full, None]
        weight = mass[full] * (k * k)
        for s in range(0, n, 4096):  # in slices: n x cells arrays stay small
            dx = pos[s:s + 4096, 0, None] - centre[None, :, 0]
            dy = pos[s:s + 4096, 1, None] - centre[None, :, 1]
            w = weight / np.maximum(dx * dx + dy * dy, 1e-18)
            w[cell[s:s + 4096, None] == full[None, :]] = 0.0
            disp[s:s + 4096, 0] += (dx * w).sum(axis=1)
            disp[s:s + 4096, 1] += (dy * w).sum(axis=1)
        # attraction along edges, gravity towards the centre
        delta = pos[edges[:, 0]] - pos[edges[:, 1]]
        dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-9)
        force = delta * (dist / k)[:, None]
        push(disp, edges[:, 0], -force)
        push(disp, edges[:, 1], force)
        disp -= gravity * (pos - pos.mean(axis=0)) / k
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    nearest = cKDTree(pos).query(pos, k=2)[0][:, 1]
    pos *= spacing / max(float(np.median(nearest)), 1e-9)
    return {v: (round(float(x), 1), round(float(y), 1)) for v, (x, y) in zip(nodes, pos)}


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
        if "confidence" in node:
            node["confidence"] = _finite(node["confidence"])
    for i, (u, v, k, d) in enumerate(sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))):
        kind = d.get("kind", "role")
        count = len(d.get("events") or []) if kind == "relation" else 0
        label = EDGE_LABELS.get(k, k) + (f" ×{count}" if count > 1 else "")
        edges.append({"from": u, "to": v, "label": label, "arrows": "to", "dashes": kind == "role",
                      "color": "#bbbbbb" if kind == "role" else "#555555"})
        edges[-1].update({"id": f"e{i}", "kind": kind, "rel": k, "count": count, "date": d.get("date"),
                              "role": d.get("role"), "confidence": _finite(d.get("confidence")),
                              "evidence": list(d.get("evidence") or [])})
    physics = not positions
    options = {"physics": {"enabled": physics, "solver": "barnesHut", "stabilization": {"iterations": 300},
                           "barnesHut": {"springLength": 140}},
               "layout": {"improvedLayout": physics},
               "interaction": {"hover": True, "hideEdgesOnDrag": not physics, "tooltipDelay": 150},
               "edges": {"font": {"size": 10, "align": "middle"}, "smooth": False}}
    return {"nodes": nodes, "edges": edges, "options": options,
            "legend": {"entities": {k: v[0] for k, v in STYLE.items() if k != "event"}, "events": EVENT_COLOURS}}


def _finite(value: object) -> object:
    """A confidence for the page: a number in [0, 1], or None for none or a NaN (no JSON number)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return min(1.0, max(0.0, float(value))) if math.isfinite(value) else None
    return value


def _json_for_script(obj: object) -> str:
    """JSON that cannot close its <script> element or start markup. ASCII only (other characters
    as \\u escapes): a large graph's JSON then takes one byte per character in memory."""
    text = json.dumps(obj, ensure_ascii=True, sort_keys=True, allow_nan=False)  # NaN is no JSON
    for a, b in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(a, b)
    return text


def render_html(g: nx.MultiDiGraph, *, title: str = "kg event graph") -> str:
    """The complete page as a string."""
    return page_bytes(g, title=title).decode("utf-8")


def page_bytes(g: nx.MultiDiGraph, *, title: str = "kg event graph") -> bytes:
    """The complete page as UTF-8 bytes, encoded a part at a time: the graph's JSON is ASCII,
    while vis-network's code holds CJK characters, which would make one str of the whole page
    take two bytes per character."""
    js, css = _vis_assets()
    template = resources.files("kg.export").joinpath("page.html").read_text(encoding="utf-8")
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    js = js.replace("</script", "<\\/script")
    head, tail = (part.replace("{{VIS_CSS}}", css).replace("{{VIS_JS}}", js).replace("{{TITLE}}", safe_title)
                  for part in template.split("{{DATA}}"))  # the title last: nothing is filled into it
    return b"".join((head.encode("utf-8"), _json_for_script(page_data(g)).encode("ascii"), tail.encode("utf-8")))
