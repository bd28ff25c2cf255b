"""Extraction in other processes (kg.extract.batches): results in input order, a bounded number
of batches out, the input read as results are taken, the cache read and filled in the parent."""
from __future__ import annotations

from datetime import date

import pytest

from kg.types import Article, ArticleExtraction


def _articles(n: int) -> list[Article]:
    return [Article(id=f"a{i}", text=f"Text number {i}.", published=date(2024, 5, 6)) for i in range(n)]


class _Cache:
    """The two calls in_order makes of kg.cache.Cache, on a dict."""

    def __init__(self, held: dict[str, ArticleExtraction]) -> None:
        self.held = held
        self.put_ids: list[str] = []

    def get(self, a: Article) -> ArticleExtraction | None:
        return self.held.get(a.id)

    def put(self, a: Article, ex: ArticleExtraction) -> None:
        assert ex.article.id == a.id
        self.put_ids.append(a.id)


class _Pending:
    """A submitted batch: done() when the test says so; result() gives it at once (a real future
    would wait) and is logged."""

    def __init__(self, chunk: list[Article], worker: _Worker) -> None:
        self.chunk, self.worker, self.finished, self.taken = list(chunk), worker, False, False

    def done(self) -> bool:
        return self.finished

    def result(self) -> list[ArticleExtraction]:
        self.taken = True
        self.worker.taken.append(self.chunk[0].id)
        return [ArticleExtraction(article=a) for a in self.chunk]


class _Worker:
    """submit() for in_order, with a log of the batches sent and taken."""

    def __init__(self) -> None:
        self.open: list[_Pending] = []
        self.taken: list[str] = []
        self.most_out = 0

    def submit(self, chunk: list[Article]) -> _Pending:
        p = _Pending(chunk, self)
        self.open.append(p)
        self.most_out = max(self.most_out, sum(not q.taken for q in self.open))
        return p

    def finish_all(self) -> None:
        for p in self.open:
            p.finished = True


def test_results_come_in_input_order_with_cache_hits_between_batches():
    from kg.extract.batches import in_order

    articles = _articles(11)
    held = {a.id: ArticleExtraction(article=a) for a in articles if a.id in {"a0", "a3", "a4", "a9"}}
    cache = _Cache(held)
    worker = _Worker()
    got = list(in_order(iter(articles), worker.submit, batch=3, window=1, cache=cache))
    assert [x.article.id for x in got] == [a.id for a in articles]
    assert all(x.article.text == "" for x in got)  # the text is dropped, as on the local path
    # the articles the cache lacks, by threes in input order; only those are put in the cache
    assert cache.put_ids == ["a1", "a2", "a5", "a6", "a7", "a8", "a10"]
    assert [p.chunk[0].id for p in worker.open] == ["a1", "a6", "a10"] and worker.taken == ["a1", "a6", "a10"]


def test_at_most_window_batches_are_out_and_the_input_is_read_as_results_are_taken():
    from kg.extract.batches import in_order

    pulled: list[str] = []

    def stream():
        for a in _articles(40):
            pulled.append(a.id)
            yield a

    worker = _Worker()
    out = in_order(stream(), worker.submit, batch=4, window=2)
    first = next(out)  # needs a0's batch: taken once a third batch would be out
    assert first.article.id == "a0"
    assert worker.most_out == 3 and len(pulled) == 12  # not the whole input before the first result
    worker.finish_all()
    rest = list(out)
    assert [x.article.id for x in [first, *rest]] == [f"a{i}" for i in range(40)]
    assert all(len(p.chunk) == 4 for p in worker.open) and worker.most_out == 3


def test_a_finished_batch_is_handed_out_without_waiting_for_the_window():
    from kg.extract.batches import in_order

    worker = _Worker()

    def submit(chunk):
        p = worker.submit(chunk)
        p.finished = len(worker.open) % 2 == 1  # the 1st, 3rd, ... batches are back at once
        return p

    seen = []
    for ex in in_order(iter(_articles(8)), submit, batch=2, window=10):
        seen.append((ex.article.id, len(worker.open)))
    # a0 and a1 as soon as their batch was sent; a2 and a3 (not back) only at the end of the input
    assert seen[:2] == [("a0", 1), ("a1", 1)] and all(n == 4 for _, n in seen[2:])
    assert [i for i, _ in seen] == [f"a{i}" for i in range(8)]


def test_a_batch_that_gives_too_few_results_is_an_error():
    from kg.extract.batches import in_order

    class Short:
        def __init__(self, chunk):
            self.chunk = chunk

        def done(self):
            return True

        def result(self):
            return [ArticleExtraction(article=a) for a in self.chunk[:-1]]

    with pytest.raises(RuntimeError, match="a batch of 2 articles gave 1 extractions"):
        list(in_order(iter(_articles(4)), Short, batch=2, window=1))
    with pytest.raises(ValueError):
        list(in_order(iter(_articles(4)), Short, batch=0, window=1))


TEXTS = ["President Alma Verstraete of Belgium met Chancellor Jonas Brekke of Norway in Oslo on Monday.",
         "Prime Minister Tove Lindqvist visited Finland on 3 May 2024, where she met President Aino Rautio.",
         "Kenya's President Otieno Wafula praised Tanzania for its help after the floods."]


def test_worker_processes_give_what_one_process_gives_and_fill_the_cache(nlp, tmp_path):
    from kg.cache import Cache
    from kg.extract import extract_article, iter_extractions
    from kg.ingest import parse_article

    articles = [parse_article(TEXTS[i % 3], article_id=f"w{i}", published=date(2024, 5, 6)) for i in range(9)]
    cache = Cache(tmp_path, "test-model")
    cache.put(articles[4], extract_article(nlp(articles[4].parse_text()), articles[4]))
    seen: list[int] = []
    two = list(iter_extractions(nlp, iter(articles), cache=cache, batch_size=2, n_process=2, progress=seen.append))
    one = list(iter_extractions(nlp, iter(articles), batch_size=2))
    assert two == one and [x.article.id for x in two] == [a.id for a in articles]
    assert seen == list(range(1, 10)) and cache.hits == 1
    assert any(e.type == "meet" for x in two for e in x.events)
    again = Cache(tmp_path, "test-model")  # what the workers made was cached by the parent
    assert all(again.get(a) is not None for a in articles) and again.hits == 9


def test_cache_hits_behind_a_part_filled_batch_are_not_all_held():
    from kg.extract.batches import in_order

    articles = _articles(200)
    held = {a.id: ArticleExtraction(article=a) for a in articles[1:]}  # a0 alone is not in the cache
    pulled: list[str] = []

    def stream():
        for a in articles:
            pulled.append(a.id)
            yield a

    worker = _Worker()

    def submit(chunk):  # back at once
        p = worker.submit(chunk)
        p.finished = True
        return p

    seen = [(ex.article.id, len(pulled)) for ex in in_order(stream(), submit, batch=8, window=2, cache=_Cache(held))]
    assert [len(p.chunk) for p in worker.open] == [1] and worker.open[0].chunk[0].id == "a0"
    assert [i for i, _ in seen] == [a.id for a in articles]
    # a0's batch of one went out once 3 x 8 articles waited behind it, not at the end of the input
    assert seen[0] == ("a0", 25)
