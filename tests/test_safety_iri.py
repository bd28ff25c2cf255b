"""Wrong output that looks right: IRIs and labels (issue 10)."""
import json
import math
import re
import unicodedata
from datetime import date

import pytest

from kg.errors import KgError
from kg.export.rdf import to_ntriples
from kg.ingest import parse_article, slug
from kg.types import Article, Entity, Event, EventMention, Evidence, Resolved


def key_name(text: str) -> str:
    from kg.text import key_name as new

    return new(text)


def test_non_latin_names_get_distinct_transliterated_keys():
    names = ["Владимир Путин", "Иван Петров", "Пётр Сидоров", "习近平", "محمد"]
    keys = [key_name(n) for n in names]
    assert keys[:3] == ["vladimir-putin", "ivan-petrov", "petr-sidorov"]
    assert all(k and k.isascii() for k in keys) and len(set(keys)) == len(keys)
    assert slug("Raúl Castro") == "raul-castro"  # Latin names keep their keys


def test_names_with_no_transliteration_get_a_hash_never_an_empty_name():
    assert key_name("\u2060\ufeff") and key_name("—") and key_name("—") != key_name("–")
    long_a, long_b = "A" * 90 + "x", "A" * 90 + "y"
    assert slug(long_a) != slug(long_b) and len(slug(long_a)) <= 80


def test_non_latin_people_in_one_text_stay_apart(extract_text):
    ex = extract_text("Talks\n\nPresident Владимир Путин met President Иван Петров in Moscow. "
                      "Пётр Сидоров, a minister, joined them.")
    keys = {ex.refs[i] for i, m in enumerate(ex.mentions) if m.type == "Person" and i in ex.refs}
    assert keys == {"person/vladimir-putin", "person/ivan-petrov", "person/petr-sidorov"}
    labels = {ex.labels[k] for k in keys}
    assert labels == {"Владимир Путин", "Иван Петров", "Пётр Сидоров"}  # labels keep their script


def _visit(place: str, start: int = 0) -> EventMention:
    ev = Evidence("a", start, 40, "The president visited the city and the palace.")
    return EventMention("visit", "042", "CONSULT", "visited", ("person/p",), ("state/VE",),  # type: ignore[arg-type]
                        place, date(2023, 6, 12), ev)  # type: ignore[arg-type]


def test_two_events_from_one_sentence_get_two_keys():
    from kg.resolve import _merge_events

    events = _merge_events([_visit("place/caracas"), _visit("place/miraflores-palace")])
    assert len(events) == 2 and len({e.key for e in events}) == 2
    again = _merge_events([_visit("place/caracas"), _visit("place/miraflores-palace")])
    assert [e.key for e in again] == [e.key for e in events]  # deterministic


def test_repeated_article_ids_give_one_iri_per_article(tmp_path, nlp):
    from kg.pipeline import build

    f = tmp_path / "c.jsonl"
    f.write_text("".join(json.dumps({"id": i, "text": f"Title {n}\n\nThe weather was fine on day {n}."}) + "\n"
                         for n, i in enumerate(["same", "same", "same", "same-2"])), encoding="utf-8")
    result = build([f])
    ids = [a.id for a in result.articles]
    assert len(set(ids)) == 4, ids
    nt = result.ntriples.decode()
    assert len(set(re.findall(r"<https://example.org/kg/article/([^>#]+)> <http://www.w3.org/1999/02/22-rdf-syntax-ns"
                              r"#type> <https://schema.org/NewsArticle>", nt))) == 4


def _resolved(label: str = "Miguel Díaz-Canel", confidence: float = 0.9, links: tuple[str, ...] = ()) -> Resolved:
    text = "Miguel Díaz-Canel visited Caracas."
    ev = Evidence("art-1", 0, len(text), text)
    ents = (Entity("person/miguel-diaz-canel", "Person", label, (), None, ("art-1",), links),
            Entity("state/VE", "State", "Venezuela", (), "VE"))
    events = (Event("event/visit-1", "visit", "042", "CONSULT", "visit", ("person/miguel-diaz-canel",), ("state/VE",),
                    None, date(2023, 6, 14), (ev,), confidence=confidence),)
    return Resolved((Article("art-1", text, title="t"),), ents, (), events)


def test_links_with_non_ascii_iris_are_written_as_uris(tmp_path):
    from kg.resolve.links import link_entities, read_links

    csv = tmp_path / "links.csv"
    csv.write_text("name,iri\nMiguel Díaz-Canel,https://en.wikipedia.org/wiki/Miguel_Díaz-Canel\n", encoding="utf-8")
    res = link_entities(_resolved(), read_links(csv))
    nt = to_ntriples(res).decode()
    iris = re.findall(r"<([^>]*)>", nt)
    assert all(i.isascii() for i in iris)
    assert "<https://en.wikipedia.org/wiki/Miguel_D%C3%ADaz-Canel>" in nt


def test_a_hash_base_iri_gives_valid_iris(tmp_path):
    import pyoxigraph as ox

    nt = to_ntriples(_resolved(), base="https://example.org/kg#")
    triples = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    subjects = {t.subject.value for t in triples}
    assert "https://example.org/kg#article/art-1%23char=0,34" in subjects
    assert all(s.count("#") <= 1 for s in subjects)


def test_labels_lose_control_and_invisible_characters():
    from kg.resolve import resolve
    from kg.types import ArticleExtraction, Mention

    text = "Xi\u2060 Jinping\ufeff spoke. \u200eXi Jinping\x07 left."
    art = parse_article(text, article_id="a", title="Head\u2060line\x00 one")
    mentions = [Mention(0, 2, 0, 12, "Xi\u2060 Jinping\ufeff", "Person"),
                Mention(3, 5, 21, 33, "\u200eXi Jinping\x07", "Person")]
    ex = ArticleExtraction(art, mentions, refs={0: "person/xi-jinping", 1: "person/xi-jinping"},
                           labels={"person/xi-jinping": "Xi\u2060 Jinping\ufeff"})
    res = resolve([ex])
    (xi,) = res.entities
    assert xi.label == "Xi Jinping" and xi.aliases == ()
    assert res.articles[0].title == "Headline one"
    assert key_name("Xi\u2060 Jinping\ufeff") == "xi-jinping"
    assert key_name("فرزانه\u200cای") == key_name("فرزانه\u200cای")  # the joiners Persian needs stay in labels


def test_nfd_input_gives_offsets_into_the_text_as_read(tmp_path, nlp):
    from kg.pipeline import build

    body = ("Talks in Havana\n\nHAVANA, June 14, 2023 -- Cuban President Miguel Díaz-Canel met Iranian President "
            "Ebrahim Raisi in Havana on Wednesday. Díaz-Canel and Raisi signed an agreement on energy.\n")
    nfd = unicodedata.normalize("NFD", body)
    assert nfd != body
    f = tmp_path / "nfd.txt"
    f.write_text(nfd, encoding="utf-8")
    result = build([f])
    spans = [x for e in result.events for x in e.evidence]
    assert spans
    for x in spans:
        assert nfd[x.start:x.end] == x.text
    people = {e.label for e in result.entities if e.type == "Person"}
    assert any(unicodedata.is_normalized("NFC", p) and "í" in p for p in people), people


def test_nan_confidence_is_refused_in_rdf_and_dropped_from_the_page():
    from kg.export.html import page_bytes
    from kg.graph import build_graph

    with pytest.raises(KgError, match="confidence"):
        to_ntriples(_resolved(confidence=math.nan))
    page = page_bytes(build_graph(_resolved(confidence=math.nan))).decode()
    data = page.split('<script id="kg-data" type="application/json">', 1)[1].split("</script>", 1)[0]

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the page's JSON")

    nodes = json.loads(data, parse_constant=refuse)["nodes"]
    assert [n.get("confidence") for n in nodes if n["kind"] == "event"] == [None]


def test_a_nan_confidence_in_a_graph_file_gives_a_valid_page(tmp_path):
    import subprocess
    import sys

    g = tmp_path / "g.ttl"
    g.write_text('@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .\n'
                 '@prefix kgo: <https://example.org/kg/ontology#> .\n'
                 '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                 '<https://example.org/kg/event/visit-1> a sem:Event, kgo:Visit ;\n'
                 '  kgo:confidence "NaN"^^xsd:double .\n', encoding="utf-8")
    out = tmp_path / "page.html"
    p = subprocess.run([sys.executable, "-m", "kg", "view", str(g), "--out", str(out)], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr
    data = out.read_text(encoding="utf-8").split('<script id="kg-data" type="application/json">', 1)[1]
    data = data.split("</script>", 1)[0]

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the page's JSON")

    nodes = json.loads(data, parse_constant=refuse)["nodes"]
    assert [n.get("confidence") for n in nodes] == [None]
