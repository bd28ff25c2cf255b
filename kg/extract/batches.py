"""Extraction in other processes: articles -> ArticleExtraction, in input order, with a bounded
number of batches in flight.

The parent reads the articles and the cache; batches of the articles the cache does not hold
are parsed and extracted where they are sent (worker processes of this machine, or a Dask
cluster), and only their extractions come back. Results are handed out in input order, each as
soon as it and all before it are in; at most `window` batches are out at a time, so an archive
of any size holds a bounded number of articles and results (the input is read as results are
taken, not all at once).
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from ..types import Article, ArticleExtraction

if TYPE_CHECKING:
    from spacy.language import Language

    from ..cache import Cache

__all__ = ["extract_in_processes", "in_order"]


class Pending(Protocol):
    """What a submitted batch gives back: concurrent.futures.Future, a Dask future."""

    def done(self) -> bool: ...

    def result(self) -> list[ArticleExtraction]: ...


class _Batch:
    """Articles sent (or to be sent) together, and what came back for them."""

    def __init__(self) -> None:
        self.articles: list[Article] = []
        self.pending: Pending | None = None  # None: still being filled
        self.results: list[ArticleExtraction] | None = None  # None: not yet back


def in_order(articles: Iterable[Article], submit: Callable[[list[Article]], Pending], *, batch: int,
             window: int, cache: Cache | None = None,
             progress: Callable[[int], None] | None = None) -> Iterator[ArticleExtraction]:
    """The extractions of the articles, in input order: a cached one as read here, the others by
    batches of `batch` articles given to `submit`, with at most `window` batches out at a time.
    What comes back is cached here. The article text is dropped from each result."""
    if batch < 1 or window < 1:
        raise ValueError(f"batch and window must be 1 or more, not {batch} and {window}")
    slots: deque[ArticleExtraction | tuple[_Batch, int]] = deque()  # one per article, in input order
    out = 0  # batches submitted whose results have not been taken
    done = 0

    def take(b: _Batch) -> None:
        nonlocal out
        assert b.pending is not None
        results = b.pending.result()
        out -= 1
        if len(results) != len(b.articles):
            raise RuntimeError(f"a batch of {len(b.articles)} articles gave {len(results)} extractions")
        if cache:
            for a, ex in zip(b.articles, results, strict=True):
                cache.put(a, ex)
        b.results, b.pending = results, None

    def hand_out(limit: int) -> Iterator[ArticleExtraction]:
        """Hand out the leading articles that are ready, taking the results of the first batch out
        while more than `limit` batches are out."""
        nonlocal done
        while slots:
            slot = slots[0]
            if isinstance(slot, ArticleExtraction):
                ex = slot
            else:
                b, k = slot
                if b.results is None:
                    if b.pending is None or (out <= limit and not b.pending.done()):
                        return  # still being filled, or not back and not yet needed
                    take(b)
                assert b.results is not None
                ex = b.results[k]
            slots.popleft()
            done += 1
            if progress:
                progress(done)
            yield replace(ex, article=replace(ex.article, text=""))

    def send(b: _Batch) -> None:
        nonlocal out
        b.pending = submit(b.articles)
        out += 1

    chunk = _Batch()
    for a in articles:
        hit = cache.get(a) if cache else None
        if hit is not None:
            slots.append(hit)
            if chunk.articles and len(slots) > (window + 1) * batch:
                send(chunk)  # cache hits wait behind a part-filled batch: send it, not hold them all
                chunk = _Batch()
        else:
            slots.append((chunk, len(chunk.articles)))
            chunk.articles.append(a)
            if len(chunk.articles) == batch:
                send(chunk)
                chunk = _Batch()
        yield from hand_out(window)
    if chunk.articles:
        send(chunk)
    yield from hand_out(0)


_nlp: Language | None = None  # the pipeline of a worker process


def _start_worker(nlp: Language) -> None:
    global _nlp
    _nlp = nlp


def _extract_batch(articles: list[Article], batch_size: int) -> list[ArticleExtraction]:
    """Run in a worker process: parse and extract a batch with the worker's pipeline."""
    from . import iter_extractions

    assert _nlp is not None, "a worker process without its pipeline"
    return list(iter_extractions(_nlp, articles, batch_size=batch_size))


def extract_in_processes(nlp: Language, articles: Iterable[Article], *, processes: int, batch_size: int = 16,
                         cache: Cache | None = None,
                         progress: Callable[[int], None] | None = None) -> Iterator[ArticleExtraction]:
    """in_order with `processes` worker processes of this machine, each parsing and extracting
    batches of `batch_size` articles with its own copy of the pipeline (as spaCy's n_process: a
    forked process shares the parent's, elsewhere it is pickled to the worker); two batches per
    process are out at a time. Only extractions come back, not parsed docs, so the parent's work
    per article is reading it and taking its result."""
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context(), initializer=_start_worker,
                               initargs=(nlp,))
    try:
        def submit(chunk: list[Article]) -> Future[list[ArticleExtraction]]:
            return pool.submit(_extract_batch, chunk, batch_size)

        yield from in_order(articles, submit, batch=batch_size, window=2 * processes, cache=cache,
                            progress=progress)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
