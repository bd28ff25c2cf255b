"""An archive's build keeps memory bounded by the batch: extractions are handed out one at a time
into the resolver, the N-Triples are sorted on disk, and the page is made from a bounded selection
of the records. Each part gives what the all-in-memory way gave."""
from __future__ import annotations

import gc
from dataclasses import replace

import pytest
from page_graph import generated

from kg.types import Article


def test_ntriples_sorted_on_disk_in_runs_equal_the_in_memory_sort(tmp_path):
    from kg.export.rdf import ntriples_file

    res = generated()
    whole = ntriples_file(res)  # one run: sorted in memory
    runs = ntriples_file(res, run_lines=37)  # hundreds of runs, merged
    data = whole.read_bytes()
    lines = data.splitlines()
    assert runs.read_bytes() == data
    assert lines == sorted(set(lines)) and whole.count == runs.count == len(lines) > 1000
    assert sorted(p.name for p in runs.path.parent.iterdir()) == ["graph.nt"]  # the runs are gone


def test_an_ntriples_file_goes_with_its_last_reference():
    from kg.export.rdf import NTriples

    spool = NTriples.of_bytes(b"<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    folder = spool.path.parent
    copy = spool
    assert spool.count == 1 and b"".join(copy.chunks(size=4)) == spool.read_bytes()
    del spool
    gc.collect()
    assert folder.exists()  # `copy` still refers to it
    del copy
    gc.collect()
    assert not folder.exists()


def test_records_selection_shows_what_the_graph_selection_shows():
    from kg.export.html import select, select_records
    from kg.graph import build_graph

    res = generated()
    for limit in (40, 100, 250):
        sub, note = select_records(res, limit)
        g_sub, g_note = select(build_graph(res), limit)
        assert note == g_note and note is not None
        assert {e.key for e in sub.entities} | {e.key for e in sub.events} == set(g_sub.nodes)
        assert len(sub.entities) + len(sub.events) <= limit
        kept = {e.key for e in sub.entities}
        assert all(r.subject in kept and r.object in kept for r in sub.relations)
        assert set(build_graph(sub).nodes) == set(g_sub.nodes)
    assert select_records(res, 10_000) == (res, None)


def test_the_page_of_records_is_the_page_of_their_graph_when_nothing_is_left_out():
    from kg.export.html import page_bytes
    from kg.graph import build_graph

    res = generated(n_people=12, n_states=6, n_places=4, n_orgs=3, n_events=20, n_idle=2)
    assert page_bytes(res, title="t") == page_bytes(build_graph(res), title="t")


def test_write_temp_takes_a_writer(tmp_path):
    from kg.outputs import replace_all, write_temp

    target = tmp_path / "out.txt"
    replace_all([(write_temp(target, lambda handle: handle.write(b"made by a writer\n")), target)])
    assert target.read_bytes() == b"made by a writer\n"

    def broken(handle):
        handle.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_temp(target, broken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary file left


TEXTS = ["President Alma Verstraete of Belgium met Chancellor Jonas Brekke of Norway in Oslo on Monday.",
         "Prime Minister Tove Lindqvist visited Finland on 3 May 2024, where she met President Aino Rautio.",
         "The foreign ministers of Chile and Peru signed an agreement on water in Lima on Tuesday.",
         "Kenya's President Otieno Wafula praised Tanzania for its help after the floods."]


def _articles(n: int) -> list[Article]:
    from datetime import date

    from kg.ingest import parse_article

    return [parse_article(TEXTS[i % len(TEXTS)], article_id=f"a{i}", published=date(2024, 5, 6)) for i in range(n)]


def test_extractions_come_one_at_a_time_in_input_order_with_and_without_the_cache(nlp, tmp_path):
    from kg.cache import Cache
    from kg.extract import extract_article, iter_extractions

    articles = _articles(12)
    pulled = []

    def stream(items):
        for a in items:
            pulled.append(a.id)
            yield a

    first = next(iter_extractions(nlp, stream(articles), batch_size=2))
    assert first.article.id == "a0" and len(pulled) <= 4  # not the whole input before the first result
    cache = Cache(tmp_path, "test-model")
    for a in articles[::3]:  # every third article in the cache
        cache.put(a, extract_article(nlp(a.parse_text()), a))
    got = list(iter_extractions(nlp, iter(articles), cache=cache, batch_size=2))
    plain = list(iter_extractions(nlp, iter(articles), batch_size=2))
    assert [x.article.id for x in got] == [a.id for a in articles]
    assert cache.hits == 4 and got == plain and all(x.article.text == "" for x in got)
    assert all(x.article == replace(a, text="") for x, a in zip(got, articles, strict=True))


def test_the_resolver_fed_one_at_a_time_merges_across_articles(nlp):
    from kg.extract import iter_extractions
    from kg.resolve import Resolver

    resolver = Resolver()
    for ex in iter_extractions(nlp, iter(_articles(8)), batch_size=2):
        resolver.add(ex)
    assert len(resolver.events) >= 8 and not hasattr(resolver, "mentions")  # the mentions are not kept
    by_sentence: dict = {}
    for e in resolver.events:  # one evidence object per sentence, however many events it tells
        assert by_sentence.setdefault(e.evidence, e.evidence) is e.evidence
    assert len(by_sentence) < len(resolver.events)
    res = resolver.finish()
    assert resolver.events == []  # handed over to the merge
    people = {e.key: e for e in res.entities if e.type == "Person"}
    assert people["person/alma-verstraete"].articles == ("a0", "a4")
    meeting = [e for e in res.events if e.type == "meet" and "person/alma-verstraete" in e.agents]
    assert len(meeting) == 1 and {x.article_id for x in meeting[0].evidence} == {"a0", "a4"}
    assert [a.id for a in res.articles] == [f"a{i}" for i in range(8)]
