"""A folder of our own articles: one node per person across articles, a page that passes the
browser checks, and no event for what did not happen."""
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def corpus_result(nlp):
    from kg.pipeline import build

    return build([FIXTURES])


def test_one_node_per_person_across_articles(corpus_result):
    people = [e for e in corpus_result.entities if e.type == "Person"]
    assert sorted(e.label for e in people) == ["Emmanuel Macron", "William Ruto"]
    assert all(len(e.articles) == 2 for e in people)


def test_visits_both_ways_and_nothing_that_did_not_happen(corpus_result):
    labels = {e.key: e.label for e in corpus_result.entities}
    visits = {(labels[v.agents[0]], labels[v.targets[0]]) for v in corpus_result.events if v.type == "visit"}
    assert {("William Ruto", "France"), ("Emmanuel Macron", "Kenya")} <= visits
    signs = [e for e in corpus_result.events if e.type == "sign_agreement"]
    assert len(signs) == 1 and set(signs[0].agents) == {"state/KE", "state/FR"} and signs[0].count == 3
    assert not any(e.type == "visit" and "Marseille" in str(e.evidence) for e in corpus_result.events)


def test_corpus_page_passes_the_browser_checks(corpus_result, browser, tmp_path):
    from conftest import offline_page

    from kg.export.html import render_html

    page_file = tmp_path / "corpus.html"
    page_file.write_text(render_html(corpus_result.graph, title="corpus"), encoding="utf-8")
    page, log = offline_page(browser, page_file)
    g = corpus_result.graph
    in_events = {v for _, v, d in g.edges(data=True) if d["kind"] == "role"}
    events = {n for n, d in g.nodes(data=True) if d["kind"] == "event"}
    assert set(page.evaluate("kg.visibleNodes()")) == in_events | events
    page.evaluate("kg.setIdle(true)")
    assert len(page.evaluate("kg.visibleNodes()")) == g.number_of_nodes()
    assert page.evaluate("kg.search('Ruto')") == "person/william-ruto"
    assert log == {"requests": [], "console": [], "dialogs": []}
