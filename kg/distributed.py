"""Per-article extraction on a Dask distributed cluster.

The scheduler gets one task per batch of articles; each worker loads the spaCy pipeline once
(kg.nlp.load_model is cached per process) and returns the batch's extractions. Results are
gathered in input order and merged exactly as the local path merges them, so the output is the
same. Needs `pip install "dask[distributed]"`.

    kg build corpus.jsonl --out out/ --engine dask --scheduler tcp://10.0.0.5:8786
    kg build corpus.jsonl --out out/ --engine dask --scheduler local   # a LocalCluster here
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .errors import KgError
from .types import Article, ArticleExtraction

if TYPE_CHECKING:
    from .cache import Cache


def extract_batch(articles: list[Article], model: str | None) -> list[ArticleExtraction]:
    """Run on a worker: parse and extract a batch (the model is loaded once per worker)."""
    from .extract import extract_corpus
    from .nlp import load_model

    return extract_corpus(load_model(model), articles)


def extract_on_cluster(articles: Iterable[Article], *, scheduler: str, model: str | None = None,
                       batch: int = 32, progress: Callable[[int], None] | None = None,
                       cache: Cache | None = None) -> Iterator[ArticleExtraction]:
    """Extract articles on a Dask cluster ("local" starts a LocalCluster on this machine), handed
    out in input order as their batches come back (each batch's results are let go once handed
    out). With a cache, articles it holds (verified entries) are read here and only the others
    sent; what the workers return is cached here."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise KgError('the dask engine needs dask.distributed: pip install "dask[distributed]"') from exc
    cluster = None
    try:
        if scheduler == "local":
            # distributed's constructors and close() are unannotated: the ignores below are for that
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)  # type: ignore[no-untyped-call]
        else:
            client = Client(scheduler, timeout=30)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise KgError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}") from exc
    try:
        # each slot of the output: a cached extraction, or a batch future and its articles
        slots: list[ArticleExtraction | tuple[Any, list[Article]] | None] = []
        chunk: list[Article] = []
        for a in articles:
            hit = cache.get(a) if cache else None
            if hit is not None:
                slots.append(replace(hit, article=replace(hit.article, text="")))
                continue
            chunk.append(a)
            if len(chunk) == batch:
                slots.append((client.submit(extract_batch, chunk, model, pure=False), chunk))
                chunk = []
        if chunk:
            slots.append((client.submit(extract_batch, chunk, model, pure=False), chunk))
        count = 0
        for k, slot in enumerate(slots):  # in input order: the same order as the local path
            slots[k] = None  # (let the batch go once it is handed out)
            if isinstance(slot, ArticleExtraction):
                done = [slot]
            else:
                assert slot is not None
                future, sent = slot
                done = future.result()
                if cache:
                    for a, ex in zip(sent, done, strict=True):
                        cache.put(a, ex)
            for ex in done:
                count += 1
                if progress:
                    progress(count)
                yield ex
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
