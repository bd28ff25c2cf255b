"""On the development corpus, when the workplace's shared/ folder lies beside the project (it
does on developers' machines and in CI; a user's clone has none, and these tests then skip)."""
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DEV, SEEDS = SHARED / "corpus" / "dev", SHARED / "seeds"
pytestmark = pytest.mark.skipif(not DEV.is_dir() or not SEEDS.is_dir(), reason="no ../shared corpus here")


@pytest.fixture(scope="module")
def dev_result(nlp):
    from kg.pipeline import build

    return build([DEV, SEEDS])


@pytest.mark.parametrize("name", ["Raisi", "Xi Jinping", "Putin", "Zelensky", "Joe Biden", "Maduro"])
def test_one_node_per_person_across_articles(dev_result, name):
    nodes = [e for e in dev_result.entities if e.type == "Person"
             and any(x.endswith(name) or x.endswith(name + "y") for x in (e.label, *e.aliases))]
    assert len(nodes) == 1, [e.label for e in nodes]


def test_people_in_several_articles_are_merged(dev_result):
    multi = {e.label for e in dev_result.entities if e.type == "Person" and len(e.articles) > 1}
    assert {"Xi Jinping", "Vladimir Putin", "Volodymyr Zelensky", "Joe Biden"} <= multi
    assert any("Raisi" in e.label or "Raeisi" in e.label for e in dev_result.entities if len(e.articles) > 1)


def test_dev_corpus_output_conforms_to_the_shapes(dev_result):
    from kg.validate import validate

    assert validate(dev_result.rdf) == []


def test_dev_corpus_page_in_chromium(dev_result, browser, tmp_path):
    from conftest import offline_page

    from kg.export.html import render_html

    page_file = tmp_path / "dev.html"
    page_file.write_text(render_html(dev_result.graph, title="dev corpus"), encoding="utf-8")
    g = dev_result.graph
    page, log = offline_page(browser, page_file)
    roles = [(u, v) for u, v, d in g.edges(data=True) if d["kind"] == "role"]
    assert set(page.evaluate("kg.visibleNodes()")) == {u for u, _ in roles} | {v for _, v in roles}  # idle hidden
    assert len(page.evaluate("kg.visibleEdges()")) == len(roles)
    page.evaluate("kg.setIdle(true)")
    assert len(page.evaluate("kg.visibleNodes()")) == g.number_of_nodes()
    assert page.evaluate("kg.search('Zelenskyy')") == "person/volodymyr-zelensky"
    page.evaluate("kg.setType('State', false)")
    states = {n for n, d in g.nodes(data=True) if d.get("type") == "State"}
    assert not set(page.evaluate("kg.visibleNodes()")) & states
    assert log == {"requests": [], "console": [], "dialogs": []}


def test_dev_corpus_builds_agree_whatever_the_path_and_add_one_article_parses_one(tmp_path):
    """Issue 6's acceptance on the development corpus: a second build after adding one article
    parses one; --jobs 2, --engine dask (LocalCluster) and the default path write the same bytes."""
    import shutil
    import subprocess
    import sys

    pytest.importorskip("distributed")
    articles = sorted(DEV.glob("*.txt"))
    corpus = tmp_path / "dev"
    corpus.mkdir()
    for path in articles[:-1]:
        shutil.copy(path, corpus)

    def build(name: str, *extra: str) -> str:
        p = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(tmp_path / name), *extra],
                           capture_output=True, text=True, timeout=900)
        assert p.returncode == 0, p.stderr
        return p.stdout

    cache = str(tmp_path / "cache")
    assert f"parsed: {len(articles) - 1} (cached: 0)" in build("first", "--cache-dir", cache)
    shutil.copy(articles[-1], corpus)
    assert f"parsed: 1 (cached: {len(articles) - 1})" in build("default", "--cache-dir", cache)
    build("jobs2", "--jobs", "2", "--no-cache")
    build("dask", "--engine", "dask", "--scheduler", "local", "--no-cache")
    for f in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.html"):
        expected = (tmp_path / "default" / f).read_bytes()
        assert (tmp_path / "jobs2" / f).read_bytes() == expected, f
        assert (tmp_path / "dask" / f).read_bytes() == expected, f
