"""kg.export.rdf writes JSON-LD node objects with its own encoder; it must give json.dumps's bytes."""
import json

from hypothesis import given
from hypothesis import strategies as st

from kg.export.rdf import node_json, value_json

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)  # quotes, controls, non-Latin letters
VALUE = st.dictionaries(st.sampled_from(["@id", "@language", "@type", "@value"]), TEXT, max_size=2)
NODE = st.dictionaries(TEXT, st.one_of(TEXT, st.lists(TEXT, max_size=3), st.lists(VALUE, max_size=3)), max_size=5)


@given(VALUE)
def test_value_objects_are_encoded_as_json_dumps_encodes_them(v: dict[str, str]) -> None:
    assert value_json(v) == json.dumps(v, ensure_ascii=False, sort_keys=True)


@given(NODE)
def test_node_objects_are_encoded_as_json_dumps_indents_them(node: dict) -> None:
    assert node_json(node) == json.dumps(node, ensure_ascii=False, sort_keys=True, indent=1)


def test_an_event_node_with_a_hostile_label() -> None:
    node = {"@id": "kg:event/x", "@type": ["sem:Event", "kgo:Meeting"],
            "rdfs:label": [{"@value": 'a "quoted"\nline\t\u2028 \u00e9 \U0001f600'}], "kgo:agent": []}
    assert node_json(node) == json.dumps(node, ensure_ascii=False, sort_keys=True, indent=1)
