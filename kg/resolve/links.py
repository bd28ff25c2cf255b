"""Linking entities to an external knowledge base through a user-supplied table.

CSV with a header row and two columns, `name` and `iri` (name or alias -> IRI, for example a
Wikidata item). Matching ignores case, accents and a leading "the".
"""
from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

from ..errors import InputError, KgError
from ..text import fold, to_uri
from ..types import Entity, Resolved

_IRI_START = ("http://", "https://", "urn:")


def read_links(path: str | Path) -> dict[str, str]:
    """Folded name -> IRI from a CSV file with columns name,iri."""
    p = Path(path)
    try:
        with p.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read link table {p}: {exc}") from exc
    if not rows or not {"name", "iri"} <= set(rows[0]):
        raise InputError(f"link table {p} needs a header row with the columns name,iri")
    out: dict[str, str] = {}
    for n, row in enumerate(rows, start=2):
        name, iri = (row.get("name") or "").strip(), (row.get("iri") or "").strip()
        if not name or not iri.startswith(_IRI_START) or any(c in iri for c in ' <>"{}|\\^`'):
            raise InputError(f"{p}:{n}: needs a name and an absolute IRI, not {name!r}, {iri!r}")
        try:
            out[fold(name)] = to_uri(iri)
        except KgError as exc:
            raise InputError(f"{p}:{n}: {exc}") from exc
    return out


def link_entities(res: Resolved, table: dict[str, str]) -> Resolved:
    """Attach the IRIs whose name matches an entity's label or one of its aliases."""
    def linked(e: Entity) -> Entity:
        iris = sorted({table[k] for k in (fold(x) for x in (e.label, *e.aliases)) if k in table})
        return replace(e, links=tuple(iris)) if iris else e

    return replace(res, entities=tuple(linked(e) for e in res.entities))
