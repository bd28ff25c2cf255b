"""Records passed between the pipeline's stages.

ingest -> Article -> extract -> ArticleExtraction (Mentions, EventMentions, RelationMentions)
       -> resolve -> Resolved (Entities, Events, Relations) -> graph / export.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NewType

from .event_types import EVENT_TYPES as _EVENT_TYPES

EntityType = Literal["Person", "State", "Place", "Organization"]
ENTITY_TYPES: tuple[EntityType, ...] = ("Person", "State", "Place", "Organization")
EVENT_TYPES = _EVENT_TYPES  # the registered event types (kg/lexicons/event_types.tsv)

EntityRef = NewType("EntityRef", str)
"""A reference to one entity, "KIND/ID": "state/IR" (a state by its ISO 3166 code),
"person/ebrahim-raisi" (a person by the slug of the fullest name the article gives),
"place/havana", "org/united-nations". Extraction makes them (ArticleExtraction.refs); the same
string is the resolved Entity.key, stable across runs and articles, and what events and relations
point to. Make one with EntityRef(f"state/{iso}"); any function taking a str accepts one."""


@dataclass(frozen=True, slots=True)
class Article:
    """One input text with what its header told us."""

    id: str
    text: str
    title: str = ""
    url: str | None = None
    published: date | None = None
    source: str = ""  # file path or corpus line it came from
    dateline_place: str | None = None
    dateline: tuple[int, int] | None = None  # character span of "MOSCOW, March 22 —"
    author: str | None = None  # a web page's byline (its metadata)
    site: str | None = None  # a web page's site name ("The Lakeside Herald")
    # SHA-256 (hex) of the UTF-8 text, the one evidence offsets index (for a web page its extracted
    # text, not the HTML): made from `text` whenever there is one, kept when the text is dropped
    text_sha256: str = ""

    def __post_init__(self) -> None:
        if self.text:
            digest = hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()
            object.__setattr__(self, "text_sha256", digest)

    def parse_text(self) -> str:
        """The text handed to the parser: the dateline blanked out (same length, so offsets
        stay valid), since "Havana, June 16 --" would otherwise become a sentence's subject."""
        if not self.dateline:
            return self.text
        a, b = self.dateline
        return self.text[:a] + " " * (b - a) + self.text[b:]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence of an article that states a fact, with character offsets into Article.text."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A span naming (or standing for) an entity.

    kind: "name" (a proper name), "demonym" ("Iranian"), "title" (a description such as
    "the Iranian president"), "pronoun".
    key: the gazetteer key for states ("IR") when known, an agency's name for an agency, "region"
    for a place the text calls a region or a site ("the X region": no city to look up), else "".
    """

    start: int  # token index in the spaCy Doc
    end: int
    char_start: int
    char_end: int
    text: str  # as written; for an office acronym standing for its holder ("the SAPM"), the holder's name
    type: EntityType
    kind: str = "name"
    key: str = ""
    sent: int = 0


@dataclass(frozen=True, slots=True)
class RelationMention:
    person: int  # index of the Mention
    relation: str  # leader_of | official_of
    state: EntityRef  # "state/IR"
    role: str
    evidence: Evidence
    confidence: float = 1.0  # lower when the state is the article's, not written with the title


@dataclass(frozen=True, slots=True)
class EventMention:
    type: str
    cameo: str
    plover: str
    trigger: str
    agents: tuple[EntityRef, ...]  # "person/ebrahim-raisi", "state/IR"
    targets: tuple[EntityRef, ...]
    place: EntityRef | None
    date: date | None
    evidence: Evidence
    mode: str = ""
    count: int | None = None
    instrument: str | None = None
    confidence: float = 1.0
    background: bool = False  # told as another time's event ("in 2019", "last year")


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    """What extract() found in one article, before within-article resolution; made once,
    complete (the dicts are not changed after it is made either)."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    relations: tuple[RelationMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    refs: dict[int, EntityRef] = field(default_factory=dict)  # mention index -> entity ref
    labels: dict[EntityRef, str] = field(default_factory=dict)  # entity ref -> display label
    styled: dict[EntityRef, tuple[str, ...]] = field(default_factory=dict)  # person -> names with a style


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity after resolution; key is stable across runs and articles."""

    key: EntityRef  # e.g. "state/IR", "person/ebrahim-raisi"
    type: EntityType
    label: str
    aliases: tuple[str, ...] = ()
    iso: str | None = None
    articles: tuple[str, ...] = ()
    links: tuple[str, ...] = ()  # external IRIs for the same thing (skos:exactMatch)


@dataclass(frozen=True, slots=True)
class Relation:
    subject: EntityRef  # Entity.key
    predicate: str  # leader_of | official_of
    object: EntityRef
    role: str
    evidence: tuple[Evidence, ...]
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Event:
    key: str
    type: str
    cameo: str
    plover: str
    label: str
    agents: tuple[EntityRef, ...]
    targets: tuple[EntityRef, ...]
    place: EntityRef | None
    date: date | None
    evidence: tuple[Evidence, ...]
    mode: str = ""
    count: int | None = None
    instrument: str | None = None
    confidence: float = 1.0
    background: bool = False
    parent: str | None = None  # key of the visit this event took place during (sem:subEventOf)


@dataclass(frozen=True, slots=True)
class Resolved:
    """The merged result of one or more articles: what graph and export consume."""

    articles: tuple[Article, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    events: tuple[Event, ...]
