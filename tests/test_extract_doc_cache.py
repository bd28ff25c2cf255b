"""kg.extract.doc keeps, per doc, what spaCy makes anew at each read (tokens, sentences, entities,
heads, children); each must give what spaCy's own attribute gives."""
from __future__ import annotations

import pytest

TEXT = ("Okello, Mugisha sign three deals\n"  # a headline pair: the pipeline rewrites heads here
        "KAMPALA, May 6 - President Ruth Okello of Uganda met Prime Minister Ana Mugisha on Monday.\n\n"
        "The two leaders signed agreements on trade and energy, and they held talks with the "
        "ministers of Kenya and Chad, who had arrived in Kampala on Sunday.\n"
        "She later co-chaired a summit where Mugisha praised Uganda.")


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def test_children_and_descends_follow_the_parse(doc):
    from kg.extract.doc import children, descends, drop_caches

    try:
        for tok in doc:
            assert children(tok) == tuple(tok.children), tok.text
            for other in doc:
                if other.i != tok.i:
                    assert descends(doc, other.i, tok.i) == tok.is_ancestor(other), (tok.text, other.text)
        assert sum(len(children(t)) for t in doc) == len(doc) - len(list(doc.sents))  # every token but the roots
    finally:
        drop_caches(doc)
    assert "kg_kids" not in doc.user_data and "kg_heads" not in doc.user_data


def test_sentences_entities_and_text_are_spacys(doc):
    from kg.extract.doc import doc_text, drop_caches, entities, sentence_of, sentences, span_text

    try:
        assert sentences(doc) == list(doc.sents) and len(sentences(doc)) >= 4
        assert entities(doc) == doc.ents and len(entities(doc)) >= 6
        assert all(sentence_of(doc, t.i) == t.sent for t in doc)
        assert doc_text(doc) == doc.text == TEXT
        assert all(span_text(doc, s.start, s.end) == s.text for s in doc.sents)
    finally:
        drop_caches(doc)
    assert not any(k.startswith("kg_") for k in doc.user_data)
