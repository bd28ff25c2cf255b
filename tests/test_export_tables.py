"""Exports for analysts (kg export, kg build --formats, frames): tables over hand-built records,
graph files read back into records, every format read back by the library analysts use."""
import json
import math
import subprocess
import sys
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import KgError
from kg.export.formats import EXPORT_FORMATS, export_bytes, format_of
from kg.export.from_rdf import resolved_from_rdf
from kg.export.rdf import graph_of, to_ntriples
from kg.export.tables import ENTITY_COLUMNS, EVENT_COLUMNS, entity_rows, event_rows, plover_records
from kg.types import Article, Entity, EntityRef, Event, Evidence, Relation, Resolved

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://example.org/kg/"
S1 = Evidence("a1", 0, 48, "Premier Lina Osk arrived in Veltra on Monday.")
S2 = Evidence("a2", 10, 60, "Osk and Tomas Rell signed two accords; trade grew.")
S3 = Evidence("a1", 50, 90, "Rell, the foreign minister, praised\x0b the talks.")


def records() -> Resolved:
    """Two invented articles: a visit, a signing between the two states, an undated praise."""
    ref = EntityRef
    entities = (
        Entity(ref("person/lina-osk"), "Person", "Lina Osk", aliases=("Osk", "Premier Osk"), articles=("a1", "a2")),
        Entity(ref("person/tomas-rell"), "Person", "Tomas Rell", articles=("a1", "a2")),
        Entity(ref("state/NO"), "State", "Norway", iso="NO", articles=("a1",)),
        Entity(ref("state/IS"), "State", "Iceland", iso="IS", articles=("a1", "a2")),
        Entity(ref("place/veltra"), "Place", "Veltra", articles=("a1",)),
    )
    events = (
        Event("event/sign-1", "sign_agreement", "057", "AGREE", "signing", (ref("state/NO"), ref("state/IS")), (),
              ref("place/veltra"), date(2024, 3, 5), (S2,), count=2, instrument="accord", confidence=0.85,
              parent="event/visit-1"),
        Event("event/visit-1", "visit", "042", "CONSULT", "visit", (ref("person/lina-osk"),), (ref("state/NO"),),
              ref("place/veltra"), date(2024, 3, 4), (S1, S2), confidence=0.95),
        Event("event/praise-1", "praise", "051", "ENDORSE", "praise", (ref("person/tomas-rell"),),
              (ref("person/lina-osk"),), None, None, (S3,), mode="remote", confidence=0.7),
    )
    relations = (
        Relation(ref("person/lina-osk"), "leader_of", ref("state/IS"), "prime minister", (S1,)),
        Relation(ref("person/tomas-rell"), "official_of", ref("state/NO"), "foreign minister", (S3,), 0.6),
    )
    articles = (Article("a1", "", title="Osk in Veltra", url="https://news.example/a1", published=date(2024, 3, 4)),
                Article("a2", "", title="Two accords", url=None))
    return Resolved(articles, entities, relations, events)


def test_one_row_per_event_with_the_documented_columns():
    rows = event_rows(records(), BASE)
    assert [r["event"] for r in rows] == [BASE + "event/visit-1", BASE + "event/sign-1", BASE + "event/praise-1"]
    assert all(tuple(r) == EVENT_COLUMNS for r in rows)
    visit, sign, praise = rows
    assert visit["date"] == date(2024, 3, 4) and visit["cameo"] == "042" and visit["plover"] == "CONSULT"
    assert visit["agents"] == "Lina Osk" and visit["agent_iris"] == BASE + "person/lina-osk"
    assert visit["agent_countries"] == "IS"  # a person's state, from leader_of
    assert visit["targets"] == "Norway" and visit["target_countries"] == "NO"
    assert visit["place"] == "Veltra" and visit["place_iri"] == BASE + "place/veltra"
    assert visit["source_url"] == "https://news.example/a1"  # the second article has no address
    assert visit["article_title"] == "Osk in Veltra; Two accords"
    assert visit["evidence"] == f"{S1.text} | {S2.text}"
    assert sign["agents"] == "Iceland; Norway" and sign["agent_countries"] == "IS; NO"  # sorted by label
    assert sign["count"] == 2 and sign["instrument"] == "accord" and sign["sub_event_of"] == BASE + "event/visit-1"
    assert praise["date"] is None and praise["mode"] == "remote" and praise["agent_countries"] == "NO"
    assert praise["place"] == "" and praise["confidence"] == 0.7


def test_entity_rows_give_offices_and_counts():
    rows = {r["label"]: r for r in entity_rows(records(), BASE)}
    assert all(tuple(r) == ENTITY_COLUMNS for r in rows.values())
    assert rows["Lina Osk"]["leader_of"] == "Iceland" and rows["Lina Osk"]["roles"] == "prime minister"
    assert rows["Lina Osk"]["country"] == "IS" and rows["Lina Osk"]["events"] == 2
    assert rows["Tomas Rell"]["official_of"] == "Norway" and rows["Tomas Rell"]["leader_of"] == ""
    assert rows["Norway"]["country"] == "NO" and rows["Lina Osk"]["aliases"] == "Osk; Premier Osk"


def test_plover_records_use_plover_field_names():
    visit, sign, praise = plover_records(records(), BASE)
    assert visit["id"] == BASE + "event/visit-1" and visit["date"] == "2024-03-04"
    assert visit["event"] == ["CONSULT"] and visit["event_loc"] == {"name": "Veltra"}
    actor = visit["source"][0]
    assert actor["code"] == "ISL" and actor["sector"] == "GOV" and actor["office"] == "prime minister"
    assert actor["actor_text"] == "Lina Osk" and actor["identifier_id"] == BASE + "person/lina-osk"
    assert visit["recipient"] == [{"code": "NOR", "actor_text": "Norway", "identifier_id": BASE + "state/NO",
                                   "identifier_text": "Norway"}]
    assert visit["text"] == S1.text and visit["text_info"] == {"start": 0, "end": 48}
    assert visit["cite_info"]["url"] == "https://news.example/a1" and visit["cite_info"]["coder"].startswith("kg ")
    assert "recipient" not in sign and sign["count"] == 2  # a joint event: all its parties are the source
    assert praise["mode"] == "remote" and praise["date"] is None and "event_loc" not in praise
    assert [e["article"] for e in visit["evidence"]] == [BASE + "article/a1", BASE + "article/a2"]


def test_records_come_back_from_the_rdf_graph():
    original = records()
    back, base = resolved_from_rdf(graph_of(to_ntriples(original, base=BASE)))
    assert base == BASE
    assert event_rows(back, base) == event_rows(original, BASE)
    assert entity_rows(back, base) == entity_rows(original, BASE)
    assert plover_records(back, base) == plover_records(original, BASE)


def test_a_fragment_base_round_trips():
    base = "urn:kg:test#"
    back, found = resolved_from_rdf(graph_of(to_ntriples(records(), base=base)))
    assert found == base and {e.key for e in back.events} == {"event/sign-1", "event/visit-1", "event/praise-1"}
    assert event_rows(back, found)[0]["evidence"] == event_rows(records(), base)[0]["evidence"]


def test_each_format_reads_back(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    res = records()
    files = {}
    for fmt in EXPORT_FORMATS:
        files[fmt] = tmp_path / f"g.{fmt}"
        files[fmt].write_bytes(export_bytes(res, BASE, fmt))
    for df in (pd.read_csv(files["csv"], keep_default_na=False), pd.read_parquet(files["parquet"])):
        assert list(df.columns) == list(EVENT_COLUMNS) and len(df) == 3
        assert df["event"].tolist()[0] == BASE + "event/visit-1"
        assert str(df["date"].tolist()[0])[:10] == "2024-03-04"
        assert df["evidence"].tolist()[2] == S3.text  # the vertical tab is kept in CSV and Parquet
    lines = files["jsonl"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["event"] == ["CONSULT"]
    for g in (nx.read_gexf(files["gexf"]), nx.read_graphml(files["graphml"])):
        assert g.number_of_nodes() == 8  # five entities, three events
        node = g.nodes["event/visit-1"]
        assert node["label"] == "visit" and node["iri"] == BASE + "event/visit-1"
        assert node["agents"] == "Lina Osk" and node["evidence"] == f"{S1.text} | {S2.text}"
        assert "\x0b" not in g.nodes["event/praise-1"]["evidence"]  # no XML 1.0 character
        assert g.nodes["person/lina-osk"]["aliases"] == "Osk; Premier Osk"
        assert g.nodes["event/visit-1"]["confidence"] == pytest.approx(0.95)


@pytest.mark.parametrize("name", ["g.xlsx", "g", "g.ttl"])
def test_unknown_extension_is_one_error(name):
    with pytest.raises(KgError, match="cannot tell the format"):
        format_of(name)


def test_frames_of_records(tmp_path):
    pd = pytest.importorskip("pandas")
    from kg.export.tables import frame

    df = frame(event_rows(records(), BASE), EVENT_COLUMNS)
    assert len(df) == 3 and str(df["date"].dtype).startswith("datetime64")
    assert df["date"].dt.strftime("%Y-%m-%d").tolist()[:2] == ["2024-03-04", "2024-03-05"]
    assert pd.isna(df["date"].tolist()[2]) and df["count"].tolist()[0] is pd.NA


def test_missing_pandas_is_a_clear_import_error(monkeypatch):
    from kg.export.tables import frame

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"kg-news\[pandas\]"):
        frame([], EVENT_COLUMNS)


def _kg(*args):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT)


def test_kg_export_cli(tmp_path, sample_result):
    pd = pytest.importorskip("pandas")
    from kg.pipeline import write_outputs

    write_outputs(sample_result, tmp_path, formats=["jsonld", "nt"])
    for fmt in ("csv", "gexf"):
        p = _kg("export", str(tmp_path / "graph.jsonld"), "--to", str(tmp_path / "out" / f"e.{fmt}"))
        assert p.returncode == 0, p.stderr
    df = pd.read_csv(tmp_path / "out" / "e.csv")
    assert len(df) == len(sample_result.events) and "Ebrahim Raeisi" in set(df["agents"])
    assert nx.read_gexf(tmp_path / "out" / "e.gexf").number_of_nodes() == len(sample_result.graph)
    # the same rows from the build and from its file
    assert df["event"].tolist() == sample_result.events_frame()["event"].tolist()
    p = _kg("export", str(tmp_path / "graph.nt"), "--to", str(tmp_path / "e.xlsx"))
    assert p.returncode == 1 and p.stderr.count("\n") == 1 and ".xlsx" in p.stderr
    assert not (tmp_path / "e.xlsx").exists()
    p = _kg("export", str(tmp_path / "nothing.ttl"), "--to", str(tmp_path / "e.csv"))
    assert p.returncode == 1 and p.stderr.startswith("Error: ") and "nothing.ttl" in p.stderr


def test_build_formats_choose_the_files(tmp_path, sample_result):
    from kg.pipeline import parse_formats, write_outputs

    files = write_outputs(sample_result, tmp_path, formats=parse_formats("ttl,csv,graphml,jsonl"))
    assert sorted(files) == ["csv", "graphml", "jsonl", "ttl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.csv", "graph.graphml", "graph.jsonl", "graph.ttl"]
    with pytest.raises(KgError, match="unknown output format 'xml'"):
        parse_formats("ttl,xml")
    p = _kg("build", "x.txt", "--out", str(tmp_path), "--formats", "ttl,pdf")
    assert p.returncode == 2 and "pdf" in p.stderr and p.stderr.count("\n") == 1


def test_result_and_file_frames_agree(tmp_path, sample_result):
    pytest.importorskip("pandas")
    import kg
    from kg.pipeline import write_outputs

    write_outputs(sample_result, tmp_path, formats=["ttl"])
    built, read = sample_result.events_frame(), kg.events_frame(tmp_path / "graph.ttl")
    assert len(built) == len(sample_result.events) and built.equals(read)
    assert kg.entities_frame(sample_result).equals(kg.entities_frame(str(tmp_path / "graph.ttl")))
    leaders = built.loc[built["type"] == "visit", "agents"]
    assert "Ebrahim Raeisi" in set(leaders)


def test_a_builds_files_equal_those_exported_from_its_graph(tmp_path, sample_result):
    from kg.export.formats import read_records
    from kg.pipeline import write_outputs

    formats = ["nt", *EXPORT_FORMATS]
    built = write_outputs(sample_result, tmp_path, formats=[f for f in formats if f != "parquet"])
    res, base = read_records(built["nt"])
    for fmt in ("csv", "jsonl", "gexf", "graphml"):
        assert export_bytes(res, base, fmt) == built[fmt].read_bytes(), fmt


def test_a_confidence_that_is_no_number_stays_unknown_in_every_table():
    """A graph file whose confidence is "NaN" reads back as no confidence, never as certain: the
    CSV cell is empty and the JSONL value null (NaN is no JSON)."""
    from dataclasses import replace

    from rdflib import Literal
    from rdflib.namespace import XSD

    from kg.export.from_rdf import _float

    assert math.isnan(_float(Literal("NaN", datatype=XSD.double))) and _float(None) == 1.0
    res = records()
    res = replace(res, events=tuple(replace(e, confidence=math.nan) for e in res.events))
    assert all(r["confidence"] is None for r in event_rows(res, "https://example.org/kg/"))
    lines = export_bytes(res, "https://example.org/kg/", "jsonl").decode().splitlines()
    assert all(json.loads(x, parse_constant=lambda c: pytest.fail(c))["confidence"] is None for x in lines)
