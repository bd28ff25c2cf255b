"""The event-type registry: what each event type is, read from kg/lexicons/event_types.tsv.

Every stage reads event types from here: extract (which types triggers may name), resolve
(event labels, how mentions merge), graph and export (classes, CAMEO roots, direct actor edges,
their properties and labels, page colours). A new event type is one row of that table plus its
triggers in triggers.tsv.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal, TypeVar

from . import lexicons
from .errors import LexiconError

__all__ = ["EVENT_TYPES", "OFFICE_RELATIONS", "DirectRelation", "EventType", "direct_edges", "direct_relations",
           "event_type", "event_types"]

Participants = Literal["directed", "joint"]


@dataclass(frozen=True)
class DirectRelation:
    """An actor-to-actor edge: its name in the networkx graph, ontology property, label."""

    name: str  # "met_with"
    property: str  # local name in kg's ontology: "metWith"
    label: str  # "met with"


@dataclass(frozen=True)
class EventType:
    """One row of event_types.tsv."""

    name: str  # "sign_agreement", as triggers.tsv names it
    label: str  # an event's label: "signing"
    cls: str  # local name of the OWL class: "AgreementSigning"
    class_label: str  # "Agreement signing"
    cameo: str  # CAMEO root: "05"
    cameo_label: str
    plover: str  # main PLOVER category
    participants: Participants  # directed: agents act on targets; joint: the agents act together
    direct: DirectRelation | None  # the edge between participants, if any
    colour: str  # on the page
    actor_label: str = ""  # the page's actor-view edge: "praised" (property label, else label, if empty)

    @property
    def joint(self) -> bool:
        return self.participants == "joint"


OFFICE_RELATIONS = (DirectRelation("leader_of", "leaderOf", "leader of"),
                    DirectRelation("official_of", "officialOf", "official of"))


@functools.cache
def event_types() -> dict[str, EventType]:
    """Every registered event type by name, in the table's order."""
    out: dict[str, EventType] = {}
    for row in lexicons.rows("event_types.tsv"):
        if row["participants"] not in ("directed", "joint"):
            raise LexiconError(f"{lexicons.lexicon_path('event_types.tsv')}: {row['type']}: participants must be "
                               f"directed or joint, not {row['participants']!r}")
        direct = DirectRelation(row["direct"], row["property"], row["property_label"]) if row["direct"] else None
        out[row["type"]] = EventType(row["type"], row["label"], row["class"], row["class_label"], row["cameo"],
                                     row["cameo_label"], row["plover"], row["participants"],  # type: ignore[arg-type]
                                     direct, row["colour"],
                                     row.get("actor_label") or (direct.label if direct else row["label"]))
    return out


def event_type(name: str) -> EventType:
    """The registered event type `name`; KeyError for a type the registry does not hold."""
    return event_types()[name]


def direct_relations() -> tuple[DirectRelation, ...]:
    """Every actor-to-actor relation: those of the event types, then the offices."""
    return (*(t.direct for t in event_types().values() if t.direct), *OFFICE_RELATIONS)


_Ref = TypeVar("_Ref", bound=str)  # an EntityRef, or a label


def direct_edges(type_name: str, agents: Sequence[_Ref], targets: Sequence[_Ref]) -> Iterator[tuple[_Ref, _Ref]]:
    """The actor-to-actor edges an event of this type stands for: each agent to each target
    (a visit: visitor -> visited), or each pair of agents (a meeting, in sorted order); none for
    a type without a direct relation. No edge joins an actor to itself."""
    kind = event_types().get(type_name)
    if kind is None or kind.direct is None:
        return
    if kind.joint:
        yield from combinations(sorted(set(agents)), 2)
    else:
        yield from ((a, t) for a in agents for t in targets if a != t)


EVENT_TYPES: tuple[str, ...] = tuple(event_types())
