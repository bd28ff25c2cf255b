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
from typing import TYPE_CHECKING, Any

from .errors import KgError
from .extract.batches import in_order
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
    out in input order as their batches come back, with two batches per worker thread out at a
    time (kg.extract.batches.in_order). With a cache, articles it holds (verified entries) are
    read here and only the others sent; what the workers return is cached here."""
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
        # two batches per worker thread out at a time: the cluster holds a bounded part of the archive
        window = 2 * max(1, sum(client.nthreads().values()))  # type: ignore[no-untyped-call]

        def submit(chunk: list[Article]) -> Any:
            return client.submit(extract_batch, chunk, model, pure=False)

        yield from in_order(articles, submit, batch=batch, window=window, cache=cache, progress=progress)
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
