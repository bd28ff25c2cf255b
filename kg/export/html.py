"""networkx graph -> one self-contained, offline HTML page (vis-network from pyvis, inlined).

pyvis supplies vis-network; the node and edge records are built here in vis-network's format
(pyvis's add_node/add_edge scan every earlier node and edge, which is quadratic on large graphs)
and the page is kg's own template (page.html), because pyvis's templates load Bootstrap from a
CDN even in "in_line" mode and turn every tooltip into innerHTML as soon as one title contains
"href". Here all article text travels as JSON inside a <script type="application/json"> block
and reaches the page as text only (textContent; tooltips are strings, which vis-network shows
with innerText). Both views are laid out here (layouts(): seeded, numpy) and the page runs no
physics, so nothing moves when a view or a filter changes and thousands of nodes open at once.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import lexicons
from ..event_types import OFFICE_RELATIONS, direct_edges, direct_relations, event_types
from ..types import Resolved

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ..graph import KgGraph

JsonRecord = dict[str, Any]  # a vis-network node, edge or option record: JSON values

# entity type -> (colour, shape), from kg/lexicons/entity_styles.tsv
STYLE = {row["type"]: (row["colour"], row["shape"]) for row in lexicons.rows("entity_styles.tsv")}
EVENT_COLOURS = {t.name: t.colour for t in event_types().values()}  # kg/lexicons/event_types.tsv
EDGE_LABELS = {r.name: r.label for r in direct_relations()}
OFFICES = {r.name for r in OFFICE_RELATIONS}
LAYOUT_THRESHOLD = 300


def _vis_assets() -> tuple[str, str]:
    from importlib.util import find_spec

    spec = find_spec("pyvis")  # found, not imported: pyvis imports IPython (a third of a second)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pyvis is not installed: kg's page takes vis-network from it")
    lib = Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / "vis-9.1.2"
    return ((lib / "vis-network.min.js").read_text(encoding="utf-8"),
            (lib / "vis-network.css").read_text(encoding="utf-8"))


def layout(g: KgGraph, seed: int = 7, iterations: int = 80, neighbours: int = 10, grid: int = 16,
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

    def push(disp: npt.NDArray[np.float64], idx: npt.NDArray[np.int64], force: npt.NDArray[np.float64]) -> None:
        """disp[idx] += force, summing repeats (bincount: fast)."""
        disp[:, 0] += np.bincount(idx, weights=force[:, 0], minlength=n)
        disp[:, 1] += np.bincount(idx, weights=force[:, 1], minlength=n)

    far: npt.NDArray[np.float64] = np.zeros((n, 2))
    far_every = 1 if n <= 1000 else 2  # the far field changes slowly and was most of a round's time
    for step in range(iterations):
        # near field: the nearest neighbours, exactly
        dist, near = cKDTree(pos).query(pos, k=kk + 1)
        dist, near = np.maximum(dist[:, 1:], 1e-9), near[:, 1:]
        w = k * k / dist ** 2
        disp = np.stack([((pos[:, 0, None] - pos[near, 0]) * w).sum(axis=1),
                         ((pos[:, 1, None] - pos[near, 1]) * w).sum(axis=1)], axis=1)
        if step % far_every == 0:
            far = _far_field(pos, k * k, grid)
        disp += far
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
    return {v: (round(float(x), 1), round(float(y), 1)) for v, (x, y) in zip(nodes, pos, strict=True)}


def _far_field(pos: npt.NDArray[np.float64], k2: float, grid: int) -> npt.NDArray[np.float64]:
    """The repulsion on each node of the mass of every other cell of a grid x grid partition of
    the layout, at the cell's centre of mass."""
    import numpy as np

    n = len(pos)
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    cxy = np.minimum(((pos - lo) / np.maximum(hi - lo, 1e-9) * grid).astype(np.int64), grid - 1)
    cell = cxy[:, 0] * grid + cxy[:, 1]
    mass = np.bincount(cell, minlength=grid * grid).astype(float)
    full = np.nonzero(mass)[0]
    centre: npt.NDArray[np.float64] = np.stack([np.bincount(cell, weights=pos[:, 0], minlength=grid * grid)[full],
                                                np.bincount(cell, weights=pos[:, 1], minlength=grid * grid)[full]],
                                               axis=1)
    centre /= mass[full, None]
    weight = mass[full] * k2
    out: npt.NDArray[np.float64] = np.zeros((n, 2))
    for s in range(0, n, 4096):  # in slices: n x cells arrays stay small
        dx = pos[s:s + 4096, 0, None] - centre[None, :, 0]
        dy = pos[s:s + 4096, 1, None] - centre[None, :, 1]
        w = weight / np.maximum(dx * dx + dy * dy, 1e-18)
        w[cell[s:s + 4096, None] == full[None, :]] = 0.0
        out[s:s + 4096, 0] = (dx * w).sum(axis=1)
        out[s:s + 4096, 1] = (dy * w).sum(axis=1)
    return out


PAGE_LIMIT = 6000  # nodes on one page; a larger graph's page shows a bounded selection (select())
PARTICLES = lexicons.words("name_particles")
CAMEO_NAMES = lexicons.mapping("cameo.tsv", "code", "label")
PLOVER_NAMES = lexicons.mapping("plover.tsv", "code", "label")
SHORT_LABEL = 22  # characters of an actor's name in an event's label
SHORT_PERSON = 12  # a person's name longer than this is shortened to the family name


def short_name(label: str, etype: str) -> str:
    """An actor's name in an event label: a person's family name with its particles ("Raeisi",
    "Al Thani", "von der Aue") when the name is long (a short one, "Xi Jinping", "Joe Biden", stays
    whole: family-name-first names are short), other names as they are, cut to SHORT_LABEL characters."""
    if etype == "Person" and len(label) > SHORT_PERSON:
        words = label.split()
        i = len(words) - 1
        while i > 0 and words[i - 1].lower() in PARTICLES:
            i -= 1
        label = " ".join(words[i:]) if words else label
    return label if len(label) <= SHORT_LABEL else label[:SHORT_LABEL - 1].rstrip() + "\u2026"


def _roles(g: KgGraph) -> dict[str, dict[str, list[str]]]:
    """event -> role -> participant node ids, in edge order."""
    out: dict[str, dict[str, list[str]]] = {}
    for u, v, d in g.edges(data=True):
        if d.get("kind") == "role":
            out.setdefault(u, {}).setdefault(str(d.get("role")), []).append(v)
    return out


def _taking_part(g: KgGraph, roles: dict[str, dict[str, list[str]]]) -> dict[str, int]:
    """node -> how many events it takes part in (as agent, target or place)."""
    count = {n: 0 for n in g.nodes}
    for parts in roles.values():
        for n in {x for xs in parts.values() for x in xs}:
            count[n] += 1
    return count


def _actor_pairs(g: KgGraph, roles: dict[str, dict[str, list[str]]]) -> dict[tuple[str, str, str], list[str]]:
    """The actor view's edges: (actor, actor, event type) -> its events. A type with a direct
    relation draws it (kg.event_types.direct_edges: a visitor -> the visited, each pair of a
    meeting's parties); any other type each agent -> each target."""
    pairs: dict[tuple[str, str, str], list[str]] = {}
    for ev, parts in sorted(roles.items()):
        etype = str(g.nodes[ev].get("type"))
        kind = event_types().get(etype)
        agents, targets = parts.get("agent", []), parts.get("target", [])
        if kind is not None and kind.direct:
            links = list(direct_edges(etype, tuple(agents), tuple(targets)))
        else:
            links = [(a, t) for a in agents for t in targets]
        for a, b in links:
            if a != b:
                pairs.setdefault((a, b, etype), []).append(ev)
    return pairs


def event_label(g: KgGraph, ev: str, roles: dict[str, list[str]]) -> str:
    """Who, whom and what: "Raeisi \u2192 Cuba, visit"; "Raeisi & Castro, meeting" for joint events."""
    d = g.nodes[ev]
    kind = event_types().get(str(d.get("type")))
    names = {role: [short_name(str(g.nodes[n].get("label", n)), str(g.nodes[n].get("type")))
                    for n in roles.get(role, [])] for role in ("agent", "target")}

    def join(xs: list[str], sep: str) -> str:
        return sep.join(xs[:2]) + (f" +{len(xs) - 2}" if len(xs) > 2 else "")

    joint = kind is None or kind.joint
    who = join(sorted(names["agent"]), " & " if joint else ", ")  # by name: RDF keeps no order
    whom = join(names["target"], ", ")
    what = kind.label if kind else str(d.get("label") or d.get("type"))
    return (f"{who} \u2192 {whom}" if whom else who or "?") + f", {what}"


def _pick(parts: dict[str, set[str]], limit: int) -> set[str]:
    """The events (event -> its participants) of the most connected actors, each with all its
    participants, in the order of their best-connected participant, until `limit` nodes."""
    degree = Counter(x for xs in parts.values() for x in xs)  # actor -> events it takes part in

    def rank(ev: str) -> tuple[int, str]:
        return (-max((degree[x] for x in parts[ev]), default=0), ev)
    keep: set[str] = set()
    for ev in sorted(parts, key=rank):
        new = {ev, *parts[ev]} - keep
        if len(keep) + len(new) > limit:
            break
        keep |= new
    return keep


def select(g: KgGraph, limit: int = PAGE_LIMIT) -> tuple[KgGraph, JsonRecord | None]:
    """The part of a graph a page shows: all of it up to `limit` nodes; above, the most connected
    actors and their events (_pick), affiliations between them, and a note of what was left out.
    Entities with no event are left out first."""
    n_events = sum(1 for _, d in g.nodes(data=True) if d.get("kind") == "event")
    n_entities = g.number_of_nodes() - n_events
    if g.number_of_nodes() <= limit:
        return g, None
    keep = _pick({ev: {x for xs in parts.values() for x in xs} for ev, parts in _roles(g).items()}, limit)
    sub = g.subgraph(keep).copy()
    shown_events = sum(1 for _, d in sub.nodes(data=True) if d.get("kind") == "event")
    return sub, {"entities": [sub.number_of_nodes() - shown_events, n_entities],
                 "events": [shown_events, n_events], "limit": limit}


def select_records(res: Resolved, limit: int = PAGE_LIMIT) -> tuple[Resolved, JsonRecord | None]:
    """select() made on the records, before any graph: the page of a large archive builds the
    graph of the part it shows only. Direct edges (visited, met with) are drawn from the events
    shown."""
    if len(res.entities) + len(res.events) <= limit:
        return res, None
    known = {e.key for e in res.entities}
    parts = {ev.key: {str(x) for x in (*ev.agents, *ev.targets, ev.place) if x in known} for ev in res.events}
    keep = _pick({k: v for k, v in parts.items() if v}, limit)
    sub = replace(res, entities=tuple(e for e in res.entities if e.key in keep),
                  events=tuple(e for e in res.events if e.key in keep),
                  relations=tuple(r for r in res.relations if r.subject in keep and r.object in keep))
    return sub, {"entities": [len(sub.entities), len(res.entities)], "events": [len(sub.events), len(res.events)],
                 "limit": limit}


def _park(nodes: list[str], pos: dict[str, tuple[float, float]], step: float) -> dict[str, tuple[float, float]]:
    """Positions for nodes outside a layout: rows below it, in the given order."""
    if not nodes:
        return {}
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    width = max(max(xs) - min(xs), step * 8)
    per_row = max(1, int(width // step))
    top = max(ys) + 2 * step
    return {v: (round(min(xs) + (i % per_row) * step, 1), round(top + (i // per_row) * step, 1))
            for i, v in enumerate(nodes)}


def layouts(g: KgGraph, seed: int = 7, roles: dict[str, dict[str, list[str]]] | None = None,
            ) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]]]:
    """Seeded positions for the two views: the event view lays out events with their participants
    (role edges); the actor view lays out the actors with the edges it draws (_actor_pairs and the
    offices). Nodes with no edge in a view are parked in rows below it, by type and name."""
    import networkx as nx

    role_edges = [(u, v) for u, v, d in g.edges(data=True) if d.get("kind") == "role"]
    relations = [(u, v) for u, v, d in g.edges(data=True) if d.get("kind") == "relation"]
    events = {n for n, d in g.nodes(data=True) if d.get("kind") == "event"}
    ev_actor = [(a, b) for a, b, _ in _actor_pairs(g, _roles(g) if roles is None else roles)]

    def order(n: str) -> tuple[str, str]:
        return (str(g.nodes[n].get("type")), str(g.nodes[n].get("label", n)).lower())

    out = []
    for actors_only, edges in ((False, role_edges + relations), (True, relations + ev_actor)):
        h: KgGraph = nx.MultiDiGraph()  # nodes and edges in sorted order: the same layout for a build and its file
        h.add_nodes_from(sorted({n for e in edges for n in e}))
        h.add_edges_from(sorted(edges))
        n = h.number_of_nodes()  # room for the labels: more between few nodes, whose labels all show
        spacing = 40.0 if n > LAYOUT_THRESHOLD else 150.0 if n <= 60 else 100.0 if actors_only else 70.0
        # fewer rounds for large graphs (the page opens with a layout, it need not be converged)
        pos = layout(h, seed=seed, spacing=spacing, iterations=80 if n <= 1000 else 50) if n else {}
        rest = sorted((n for n in g.nodes if n not in pos and not (actors_only and n in events)), key=order)
        pos.update(_park(rest, pos, spacing * 1.5))
        out.append({v: (float(round(x)), float(round(y))) for v, (x, y) in pos.items()})  # whole pixels,
        # as vis-network reports them
    return out[0], out[1]


def _unique(items: Iterable[JsonRecord]) -> list[JsonRecord]:
    """Evidence items once each (two events of a pair may rest on one sentence)."""
    seen: set[tuple[object, object]] = set()
    out = []
    for x in items:
        if (x.get("article"), x.get("text")) not in seen:
            seen.add((x.get("article"), x.get("text")))
            out.append(x)
    return out


def _edge(id_: str, u: str, v: str, label: str, kind: str, colour: str, *, arrows: str = "to",
          **extra: object) -> JsonRecord:
    """A vis-network edge record with kg's own fields (kind: role, actor or office)."""
    return dict(id=id_, label=label, arrows=arrows, color=colour, kind=kind, **{"from": u, "to": v}, **extra)


def page_data(g: KgGraph, *, limit: int = PAGE_LIMIT, bounded: JsonRecord | None = None) -> JsonRecord:
    """Nodes, edges and options for the page (vis-network records), with the positions of both
    views, each entity's number of events, and the actor view's edges (one per pair and event
    type, with the events behind it). `bounded`: g is already a selection (select_records), and
    this the note of what it leaves out."""
    if bounded is None:
        g, bounded = select(g, limit)
    roles = _roles(g)
    event_pos, actor_pos = layouts(g, roles=roles)
    n_events = _taking_part(g, roles)
    nodes: list[JsonRecord] = []
    edges: list[JsonRecord] = []
    for n in sorted(g.nodes):
        d = g.nodes[n]
        kind = d.get("kind", "entity")
        etype = d.get("type", "Place")
        colour, shape = STYLE["event"] if kind == "event" else STYLE.get(etype, STYLE["Place"])
        if kind == "event":
            colour = EVENT_COLOURS.get(etype, colour)
            label = event_label(g, n, roles.get(n, {}))
        else:
            label = d.get("label", n)
        x, y = event_pos.get(n, (0.0, 0.0))
        size = 10 if kind == "event" else round(12 + 5 * math.sqrt(n_events[n]), 1)
        node: JsonRecord = {"id": n, "label": label, "color": colour, "shape": shape, "size": size, "x": x, "y": y}
        if n in actor_pos:
            node["ax"], node["ay"] = actor_pos[n]
        nodes.append(node)
        node.update({"kind": kind, "kgtype": etype, "name": d.get("label", n), "aliases": list(d.get("aliases") or []),
                     "date": d.get("date"), "evidence": list(d.get("evidence") or []), "events": n_events[n]})
        if kind == "event":
            first = (d.get("evidence") or [{}])[0]  # the article that tells it: the actor view counts
            # undated events once per article (page.html, occasions())
            node["art"] = str(first.get("article", n))
        else:
            node["short"] = short_name(str(d.get("label", n)), str(etype))
        for k in ("cameo", "plover", "place", "agents", "targets", "mode", "count", "instrument", "confidence", "iso"):
            if d.get(k) not in (None, "", []):
                node[k] = sorted(d[k]) if k in ("agents", "targets") else d[k]  # by name: a graph file keeps no order
        if "cameo" in node:
            node["cameo_label"] = CAMEO_NAMES.get(str(node["cameo"]), "")
        if "plover" in node:
            node["plover_label"] = PLOVER_NAMES.get(str(node["plover"]).lower(), "")
        if "confidence" in node:
            node["confidence"] = _finite(node["confidence"])
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if d.get("kind", "role") != "role":
            continue
        edges.append(_edge(f"r{len(edges)}", u, v, str(k), "role", "#bbbbbb", dashes=True, role=d.get("role")))
    # the actor view: one edge per pair and event type, then the offices (leader of, official of)
    for (a, b, etype), evs in sorted(_actor_pairs(g, roles).items()):
        kind = event_types().get(etype)
        edges.append(_edge(f"a{len(edges)}", a, b, kind.actor_label if kind else etype, "actor",
                           EVENT_COLOURS.get(etype, "#555555"), arrows="" if kind and kind.joint else "to",
                           kgtype=etype, events=evs,
                           evidence=_unique(x for ev in evs for x in g.nodes[ev].get("evidence") or [])))
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if d.get("kind") == "relation" and k in OFFICES:
            edges.append(_edge(f"o{len(edges)}", u, v, EDGE_LABELS.get(k, str(k)), "office", "#555555",
                               dashes=[2, 4], role=d.get("role"), confidence=_finite(d.get("confidence")),
                               evidence=list(d.get("evidence") or []), events=[]))
    options = {"physics": {"enabled": False},
               "layout": {"improvedLayout": False},
               "nodes": {"font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}},
               "interaction": {"hover": True, "hideEdgesOnDrag": g.number_of_nodes() > LAYOUT_THRESHOLD,
                               "hideEdgesOnZoom": g.number_of_nodes() > 1500,
                               "tooltipDelay": 150, "navigationButtons": False, "keyboard": False},
               "edges": {"font": {"size": 10, "align": "middle", "strokeWidth": 3}, "smooth": False,
                         "color": {"inherit": False}}}
    shapes = {k: v[1] for k, v in STYLE.items()}
    return {"nodes": nodes, "edges": edges, "options": options, "bounded": bounded,
            "legend": {"entities": {k: v[0] for k, v in STYLE.items() if k != "event"}, "events": EVENT_COLOURS,
                       "shapes": shapes, "labels": {t.name: t.label for t in event_types().values()}}}


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


def render_html(g: KgGraph, *, title: str = "kg event graph", limit: int = PAGE_LIMIT) -> str:
    """The complete page as a string."""
    return page_bytes(g, title=title, limit=limit).decode("utf-8")


def page_bytes(g: KgGraph | Resolved, *, title: str = "kg event graph", limit: int = PAGE_LIMIT) -> bytes:
    """The complete page of a graph, or of records (only the part shown made a graph:
    select_records), as UTF-8 bytes, encoded a part at a time: the graph's JSON is ASCII,
    while vis-network's code holds CJK characters, which would make one str of the whole page
    take two bytes per character."""
    js, css = _vis_assets()
    template = resources.files("kg.export").joinpath("page.html").read_text(encoding="utf-8")
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    js = js.replace("</script", "<\\/script")
    head, tail = (part.replace("{{VIS_CSS}}", css).replace("{{VIS_JS}}", js).replace("{{TITLE}}", safe_title)
                  for part in template.split("{{DATA}}"))  # the title last: nothing is filled into it
    if isinstance(g, Resolved):
        from ..graph import build_graph

        sub, bounded = select_records(g, limit)
        data = _json_for_script(page_data(build_graph(sub), limit=limit, bounded=bounded)).encode("ascii")
    else:
        data = _json_for_script(page_data(g, limit=limit)).encode("ascii")
    return b"".join((head.encode("utf-8"), data, tail.encode("utf-8")))
