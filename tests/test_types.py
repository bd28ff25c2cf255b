"""The records between stages are frozen, and entity refs (EntityRef) survive the cache's JSON
form as the strings they are; hand-built records, no model."""
import dataclasses
import json
from datetime import date

import pytest

from kg.extract.coref import Office
from kg.serial import SchemaError, from_dict, to_dict
from kg.types import Article, ArticleExtraction, EntityRef, EventMention, Evidence, Mention, RelationMention


def _extraction() -> ArticleExtraction:
    text = "Kenyan President William Ruto visited Oslo."
    ev = Evidence("a1", 0, len(text), text)
    ruto, norway, oslo = EntityRef("person/william-ruto"), EntityRef("state/NO"), EntityRef("place/oslo")
    mentions = (Mention(0, 1, 0, 6, "Kenyan", "State", "demonym", "KE"),
                Mention(2, 4, 17, 29, "William Ruto", "Person"),
                Mention(5, 6, 38, 42, "Oslo", "Place"))
    return ArticleExtraction(
        Article("a1", "", title="Visit", published=date(2023, 7, 3)), mentions,
        (RelationMention(1, "leader_of", EntityRef("state/KE"), "president", ev),),
        (EventMention("visit", "042", "CONSULT", "visited", (ruto,), (norway,), oslo, date(2023, 7, 3), ev),),
        {0: EntityRef("state/KE"), 1: ruto, 2: oslo}, {ruto: "William Ruto", oslo: "Oslo"})


def test_entity_refs_round_trip_through_the_cache_form():
    ex = _extraction()
    back = from_dict(json.loads(json.dumps(to_dict(ex))))
    assert back == ex
    assert back.events[0].place == "place/oslo" and isinstance(back.events[0].place, str)
    assert isinstance(back.mentions, tuple) and isinstance(back.events, tuple)


def test_a_ref_that_is_no_string_is_refused():
    data = json.loads(json.dumps(to_dict(_extraction())))
    data["events"][0]["agents"] = [7]
    with pytest.raises(SchemaError):
        from_dict(data)


def test_records_cannot_be_changed_after_they_are_made():
    ex = _extraction()
    with pytest.raises(dataclasses.FrozenInstanceError):
        ex.events = ()  # type: ignore[misc]
    office = Office("leader_of", "president", "KE", 1, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        office.state = "NO"  # type: ignore[misc]
    assert dataclasses.replace(office, state="NO").state == "NO"
