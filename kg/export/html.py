"""networkx graph -> one self-contained, offline HTML page (pyvis data, vis-network inlined).

pyvis assembles the nodes, edges and options; the page itself is kg's own template, because
pyvis's templates load Bootstrap from a CDN even in "in_line" mode and turn every tooltip into
innerHTML as soon as one title contains "href". Here all article text travels as JSON inside a
<script type="application/json"> block and reaches the page through textContent only.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import networkx as nx

STYLE = {  # type -> (colour, shape)
    "Person": ("#4e79a7", "dot"), "State": ("#e15759", "diamond"), "Place": ("#59a14f", "triangle"),
    "Organization": ("#b07aa1", "square"), "event": ("#f28e2b", "box"),
}
EDGE_LABELS = {"visited": "visited", "met_with": "met with", "signed_agreement_with": "signed with",
               "leader_of": "leader of", "official_of": "official of"}


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _tooltip(data: dict) -> str:
    lines = [data.get("label", "")]
    for k in ("type", "cameo", "date", "mode", "count", "instrument", "role", "confidence"):
        if data.get(k) not in (None, "", []):
            lines.append(f"{k}: {data[k]}")
    if data.get("aliases"):
        lines.append("also: " + "; ".join(data["aliases"]))
    for ev in data.get("evidence", [])[:3]:
        lines.append("“" + ev + "”")
    return "\n".join(str(x) for x in lines)


def page_data(g: nx.MultiDiGraph) -> dict:
    """Nodes, edges and options for the page, assembled with pyvis."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for n, d in sorted(g.nodes(data=True)):
        kind = "event" if d.get("kind") == "event" else d.get("type", "Place")
        colour, shape = STYLE.get(kind, STYLE["Place"])
        label = d.get("label", n) if kind != "event" else f"{d.get('label')} {d.get('date') or ''}".strip()
        net.add_node(n, label=label, color=colour, shape=shape,
                     size=12 if kind == "event" else 18)
        net.nodes[-1].pop("title", None)
        net.nodes[-1]["tooltip"] = _tooltip({**d, "label": label})
        net.nodes[-1]["aliases"] = list(d.get("aliases") or [])
        net.nodes[-1]["kgtype"] = d.get("type")
        net.nodes[-1]["evidence"] = list(d.get("evidence") or [])
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        label = EDGE_LABELS.get(k, k)
        net.add_edge(u, v, label=label, arrows="to", dashes=d.get("kind") == "role",
                     color="#bbbbbb" if d.get("kind") == "role" else "#555555")
        net.edges[-1]["tooltip"] = _tooltip({"label": label, **d})
        net.edges[-1]["evidence"] = list(d.get("evidence") or [])
    options = {"physics": {"solver": "barnesHut", "stabilization": {"iterations": 300},
                           "barnesHut": {"springLength": 140}},
               "interaction": {"hover": True, "navigationButtons": False},
               "edges": {"font": {"size": 10, "align": "middle"}, "smooth": False}}
    return {"nodes": net.nodes, "edges": net.edges, "options": options}


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
    legend = "".join(f'<li><span class="sw" style="background:{c}"></span>{k}</li>' for k, (c, _s) in STYLE.items())
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (template.replace("{{TITLE}}", safe_title).replace("{{LEGEND}}", legend)
            .replace("{{VIS_CSS}}", css).replace("{{VIS_JS}}", js.replace("</script", "<\\/script"))
            .replace("{{DATA}}", _json_for_script(page_data(g))))
