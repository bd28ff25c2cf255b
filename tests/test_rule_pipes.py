"""kg.nlp.rule_pipes: the attribute_ruler and lemmatizer kg installs give exactly spaCy's results."""
from __future__ import annotations

import pickle
import random
from unittest import mock

import pytest
import spacy
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token

from kg.nlp import rule_pipes
from kg.nlp.rule_pipes import MemoEnglishLemmatizer, TableAttributeRuler, TableMatch

WORDS = ["the", "The", "a", "is", "was", "'s", "ai", "n't", "nt", "gon", "na", "y'", "all", "  ", "\n",
         "Minister", "visited", "Lima", "and", "to", "there", "that", "What", "nothin'", "let", "us"]
TAGS = ["DT", "VBZ", "VBD", "POS", "NNP", "NN", "CC", "TO", "EX", "WDT", "_SP", "RB", "VBG", "PRP", ""]
DEPS = ["det", "nsubj", "aux", "auxpass", "expl", "ROOT", "quantmod", "dobj", "neg", "dep"]

# every kind of pattern the table handles, and some it leaves to the Matcher (an operator, an
# attribute it does not know, a comparison it does not compile)
RULES: list[tuple[list[list[dict[str, object]]], dict[str, object], int]] = [
    ([[{"TAG": "DT"}]], {"POS": "DET"}, 0),
    ([[{"TAG": {"IN": ["VBZ", "VBD"]}}]], {"POS": "VERB"}, 0),
    ([[{"LOWER": "the", "TAG": "DT"}]], {"LEMMA": "the"}, 0),
    ([[{"LOWER": {"IN": ["is", "was", "'s"]}, "TAG": {"IN": ["VBZ", "VBD"]}}]], {"LEMMA": "be"}, 0),
    ([[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux", "auxpass"]}}]], {"POS": "AUX"}, 0),
    ([[{"DEP": {"NOT_IN": ["det", "quantmod", ""]}, "TAG": {"IN": ["DT", "WDT"]}}]], {"POS": "PRON"}, 0),
    ([[{"LOWER": {"REGEX": "^n[ou]thin'?$"}}]], {"LEMMA": "nothing"}, 0),
    ([[{"TAG": {"IN": ["VBZ", "VBD"]}, "LOWER": "ai"}, {"LOWER": {"REGEX": "^n'?t$"}}]], {"LEMMA": "be"}, 0),
    ([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"}, 0),
    ([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, 1),
    ([[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], {"LEMMA": "you"}, 0),
    ([[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was", "'s"]}}]], {"POS": "AUX"}, -1),
    ([[{"IS_SPACE": True}]], {"TAG": "_SP", "POS": "SPACE"}, 0),
    ([[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], {"DEP": "dep"}, 0),
    ([[{"TAG": "NNP"}], [{"LOWER": "minister"}]], {"POS": "PROPN"}, 0),  # one rule, two patterns
    ([[{"TAG": "NNP"}], [{"TAG": "NNP", "LOWER": "lima"}]], {"MORPH": "Number=Sing"}, 0),  # both match
    ([[{"LOWER": "let"}, {"LOWER": "us", "OP": "?"}]], {"LEMMA": "let"}, 0),  # an operator
    ([[{"LENGTH": 3}]], {"MORPH": "Len=3"}, 0),  # an attribute the table does not know
    ([[{"LOWER": {"FUZZY": "minster"}}]], {"LEMMA": "minister"}, 0),  # a comparison it does not compile
    ([[{"TAG": "DT"}]], {"POS": "NUM"}, 0),  # a later rule overrides an earlier one
]


def _ruler() -> AttributeRuler:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    for patterns, attrs, index in RULES:
        ruler.add(patterns, attrs, index=index)
    return ruler


def _random_doc(vocab, rnd: random.Random) -> Doc:
    n = rnd.randint(1, 14)
    words = [rnd.choice(WORDS) for _ in range(n)]
    return Doc(vocab, words=words, spaces=[rnd.random() < 0.7 for _ in words],
               tags=[rnd.choice(TAGS) for _ in words], deps=[rnd.choice(DEPS) for _ in words],
               heads=list(range(n)))


def test_table_matches_equal_the_matchers_on_random_docs():
    ruler = _ruler()
    table = TableMatch(ruler)
    assert len(table.residual) == 3  # the operator, the unknown attribute, the fuzzy comparison
    rnd = random.Random(5)
    seen_rules = set()
    for _ in range(400):
        doc = _random_doc(ruler.vocab, rnd)
        expected = AttributeRuler.match(ruler, doc)
        assert table(doc) == expected, [t.text for t in doc]
        seen_rules |= {rule for rule, _id, _s, _e in expected}
    assert seen_rules == set(range(len(RULES)))  # the docs exercised every rule


def _attrs(doc: Doc) -> list[tuple[str, str, str, str, str]]:
    return [(t.tag_, t.pos_, t.lemma_, str(t.morph), t.dep_) for t in doc]


def test_installed_ruler_sets_the_same_attributes():
    plain, fast = _ruler(), _ruler()
    fast.__class__ = TableAttributeRuler
    for seed in range(200):
        a, b = _random_doc(plain.vocab, random.Random(seed)), _random_doc(fast.vocab, random.Random(seed))
        plain(a)
        fast(b)
        assert _attrs(a) == _attrs(b)
        assert a.to_bytes(exclude=["user_data"]) == b.to_bytes(exclude=["user_data"])


def test_ruler_with_extension_attributes_or_bad_index_acts_as_spacys():
    if not Token.has_extension("kg_test_flag"):
        Token.set_extension("kg_test_flag", default=False)
    plain, fast = _ruler(), _ruler()
    for r in (plain, fast):
        r.add([[{"LOWER": "lima"}]], {"_": {"kg_test_flag": True}, "POS": "PROPN"})
    fast.__class__ = TableAttributeRuler
    a, b = (Doc(r.vocab, words=["They", "visited", "Lima"], tags=["PRP", "VBD", "NNP"]) for r in (plain, fast))
    plain(a)
    fast(b)
    assert b[2]._.kg_test_flag is True and _attrs(a) == _attrs(b)
    for r in (plain, fast):
        r.add([[{"LOWER": "they"}]], {"LEMMA": "x"}, index=3)  # past the end of a one-token match
        with pytest.raises(ValueError, match="E1001"):
            r(Doc(r.vocab, words=["They", "left"]))


def test_new_patterns_after_the_first_doc_are_matched():
    fast = _ruler()
    fast.__class__ = TableAttributeRuler
    doc = Doc(fast.vocab, words=["Lima", "grew"], tags=["NNP", "VBD"])
    fast(doc)
    assert doc[1].lemma_ == ""
    fast.add([[{"LOWER": "grew"}]], {"LEMMA": "grow"})
    doc = fast(Doc(fast.vocab, words=["Lima", "grew"], tags=["NNP", "VBD"]))
    assert doc[1].lemma_ == "grow"


def test_install_changes_only_spacys_own_classes():
    class MyRuler(AttributeRuler):  # a user's own ruler: its match may differ from spaCy's
        pass

    nlp = spacy.blank("en")
    assert rule_pipes.install(nlp) == []
    nlp.add_pipe("attribute_ruler")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert rule_pipes.install(nlp) == ["attribute_ruler", "lemmatizer"]
    assert type(nlp.get_pipe("attribute_ruler")) is TableAttributeRuler
    assert rule_pipes.install(nlp) == []  # once is enough
    other = spacy.blank("en")
    other.add_pipe("attribute_ruler").__class__ = MyRuler
    assert rule_pipes.install(other) == [] and type(other.get_pipe("attribute_ruler")) is MyRuler


TEXT = ("Ain't nobody gonna stop the talks, the ministers said on Tuesday.  There is y'all's plan.\n\n"
        "Let's sign it, c'mon: that's what they'd gotta do; nothin' else. Which deals? Those two, "
        "and what's more, the ones which we haven't seen. HAVANA, June 15 - Dr. Okonkwo met Ms. Li; "
        "the presidents were meeting, had met and will meet again; the best, better and good ties.")


def test_model_pipes_are_installed_and_exact(nlp):
    ruler, lem = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    assert type(ruler) is TableAttributeRuler and type(lem) is MemoEnglishLemmatizer
    before = [name for name in nlp.pipe_names if name not in ("attribute_ruler", "lemmatizer", "ner",
                                                             "kg_headline_pairs")]
    with nlp.select_pipes(enable=before):
        parsed = nlp(TEXT)
    assert len(ruler.match(parsed)) > len(parsed)  # most tokens match a tag rule and a word rule
    assert ruler.match(parsed) == AttributeRuler.match(ruler, parsed)
    stock, fast = (Doc(nlp.vocab).from_bytes(parsed.to_bytes()) for _ in range(2))
    AttributeRuler.set_annotations(ruler, stock, AttributeRuler.match(ruler, stock))
    Lemmatizer.__call__(lem, stock)
    with mock.patch.object(AttributeRuler, "set_annotations", side_effect=AssertionError("spaCy's way")):
        lem(ruler(fast))  # all of en_core_web_sm's rules set what one from_array can
    assert [t.lemma_ for t in fast] == [t.lemma_ for t in stock] and fast[0].lemma_
    assert fast.to_bytes() == stock.to_bytes()
    again = lem(ruler(Doc(nlp.vocab).from_bytes(parsed.to_bytes())))  # from the lemmas kept
    assert again.to_bytes() == stock.to_bytes()


def test_pickled_pipeline_keeps_them(nlp):
    copy = pickle.loads(pickle.dumps(nlp))  # as the pipeline goes to a spawned worker process
    assert type(copy.get_pipe("attribute_ruler")) is TableAttributeRuler
    assert type(copy.get_pipe("lemmatizer")) is MemoEnglishLemmatizer
    assert [(t.pos_, t.lemma_) for t in copy(TEXT)] == [(t.pos_, t.lemma_) for t in nlp(TEXT)]
