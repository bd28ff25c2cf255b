"""People across articles: one node per real person, never two people in one node.

Short articles of our own: honorifics and styles ("Mr", "His Majesty", "Dr", "Datuk Seri") are no
names; a patronymic ("A bin X" and "B bin X") names two people; family-name-first order, Spanish
double surnames and initials name the one person.
"""
from datetime import date

import pytest

ARTICLES = [
    "Njoroge hosts Emir in Nairobi\n\n"
    "NAIROBI, March 3 — Kenyan President Amani Njoroge met Qatari Emir Sheikh Fahad bin Saad Al Marri "
    "at State House on Monday. Mr Njoroge said the talks were good. Sheikh Fahad thanked him.",
    "Gulf ministers meet\n\n"
    "Crown Prince Faisal bin Khalid Al Nouri of Bahrain met Foreign Minister Hamad bin Khalid Al Nouri "
    "on Tuesday. Faisal bin Khalid praised the minister. Khalid, a cousin, did not attend.",
    "Kenyan leader in Doha\n\n"
    "President Amani Njoroge arrived in Doha on Wednesday. Njoroge was received by Emir Fahad bin Saad Al "
    "Marri. Sheikh Fahad hosted a dinner, and "
    "His Majesty King Faris of Jordan joined them. Dr Amina Wekesa, Kenya's foreign minister, "
    "came too.",
    "Tokyo talks\n\n"
    "Japanese Foreign Minister Hayashi Yoshimasa met Guatemalan President Otto Pérez Molina in Tokyo "
    "on Thursday. Yoshimasa Hayashi said Pérez Molina was a friend. Datuk Seri Amran Yusof of "
    "Malaysia also came.",
]


@pytest.fixture(scope="module")
def people(nlp):
    from kg.pipeline import build

    result = build([], texts=ARTICLES, published=date(2024, 3, 8))
    return {e.label: e for e in result.entities if e.type == "Person"}, result


def _node(people, *words):
    hits = [e for label, e in people.items() if all(w in label for w in words)]
    assert len(hits) == 1, (words, sorted(people))
    return hits[0]


def test_honorific_form_is_the_named_person(people):
    by_label, _ = people
    njoroge = _node(by_label, "Njoroge")
    assert njoroge.label == "Amani Njoroge" and len(njoroge.articles) == 2
    assert not any(label.startswith(("Mr", "Dr", "His", "Majesty", "Datuk", "Sheikh")) for label in by_label)
    assert "Amina Wekesa" in by_label and "Faris" in by_label and "Amran Yusof" in by_label


def test_patronymic_pair_is_two_people(people):
    by_label, _ = people
    faisal = _node(by_label, "Faisal")
    hamad = _node(by_label, "Hamad bin Khalid")
    assert faisal.key != hamad.key
    # "Khalid" alone is their father's name: neither of them
    assert all("Khalid" not in alias.split()[0] for alias in (*faisal.aliases, *hamad.aliases))


def test_short_form_of_a_patronymic_name_across_articles(people):
    by_label, _ = people
    fahad = _node(by_label, "Fahad")
    assert fahad.label == "Fahad bin Saad Al Marri" and len(fahad.articles) == 2
    assert "Khalid" not in by_label or not {"text-1", "text-3"} & set(by_label["Khalid"].articles)


def test_name_order_and_double_surname_are_one_person(people):
    by_label, result = people
    assert len([label for label in by_label if "Hayashi" in label]) == 1
    assert len([label for label in by_label if "Molina" in label]) == 1
    assert len(by_label) == len({e.key for e in result.entities if e.type == "Person"})


def _mention(text, k):
    from kg.types import Mention

    return Mention(k * 10, k * 10 + len(text.split()), k * 100, k * 100 + len(text), text, "Person", "name", "", k)


@pytest.mark.parametrize(("names", "groups"), [
    # a patronymic: "Turki" is the father of the crown prince, and the king's own name
    (["Turki bin Fahd Al Harbi", "Majid bin Turki", "Turki"], [[0, 2], [1]]),
    # two brothers share their father's and their family's names
    (["Faisal bin Khalid Al Nouri", "Hamad bin Khalid Al Nouri", "Khalid"], [[0], [1], [2]]),
    (["Majid bin Turki bin Fahd", "Majid bin Turki"], [[0, 1]]),
    (["Hayashi Yoshimasa", "Yoshimasa Hayashi"], [[0, 1]]),
    (["Otto Pérez Molina", "Pérez Molina", "Molina"], [[0, 1, 2]]),
    (["John Smith", "J. Smith"], [[0, 1]]),
    # a short form two people of the article share is nobody's
    (["Ana Lopez", "Maria Lopez", "Lopez"], [[0], [1], [2]]),
])
def test_clusters_respect_name_structure(names, groups):
    from kg.extract.coref import cluster_names

    co = cluster_names([_mention(n, k) for k, n in enumerate(names)])
    got = sorted(sorted(k for k in co.cluster if co.cluster[k] == c) for c in set(co.cluster.values()))
    assert got == groups


@pytest.mark.parametrize(("a", "b", "same"), [
    ("turki", "majid bin turki bin fahd", False),
    ("majid bin turki al harbi", "majid bin nayef al harbi", False),
    ("fahad bin saad al marri", "mohammed bin saad al marri", False),
    ("majid bin turki", "majid bin turki bin fahd al harbi", True),
    ("hayashi yoshimasa", "yoshimasa hayashi", True),
    ("kovalensky", "oleksandr kovalenskyy", True),
    ("nuno", "joao carlos nuno da costa", True),
    ("nuno da costa", "joao carlos nuno da costa", True),
    ("da costa", "marta da costa", False),
    ("john smith", "anna smith", False),
])
def test_person_merge_across_articles_respects_patronymics(a, b, same):
    from kg.resolve import _same_person

    assert _same_person(a.split(), b.split()) is same


def test_given_name_after_a_style_joins_no_one_of_another_article(nlp):
    from kg.pipeline import build

    texts = ["Talks in Addis\n\nEthiopian Prime Minister Dawit Ahmed met envoys on Monday.",
             "Letter from Kuwait\n\nKuwaiti Foreign Minister Sheikh Ahmad Khalid Al Rumaih and Sheikh Faisal Al "
             "Ahmad Al Rumaih met on Tuesday. Sheikh Ahmad thanked the hosts."]
    result = build([], texts=texts, published=date(2024, 3, 8))
    dawit = next(e for e in result.entities if e.label == "Dawit Ahmed")
    assert dawit.articles == ("text-1",) and not any("Sheikh" in a for a in dawit.aliases)


def test_word_after_al_inside_a_name_is_a_forebear():
    from kg.extract.coref import cluster_names

    names = ["Ahmad Khalid Al Mansour Al Rumaih", "Faisal Al Ahmad Al Mansour Al Rumaih", "Ahmad"]
    co = cluster_names([_mention(n, k) for k, n in enumerate(names)])
    assert co.cluster[2] == co.cluster[0] != co.cluster[1]


def test_a_surname_two_people_of_the_article_share_joins_neither(nlp):
    from kg.pipeline import build

    text = ("Headline\n\nPeruvian President Tomas Lind and his wife Ana Lind received the Chilean president on "
            "Monday. Lind said the talks were good. Lind later met the press, and Lind left on Tuesday.")
    people = {e.label for e in build([], texts=[text], published=date(2024, 3, 8)).entities if e.type == "Person"}
    assert {"Tomas Lind", "Ana Lind"} <= people  # two people, neither swallowed by the bare "Lind"
    assert "Lind" not in people  # the bare name is the office holder's, the president's
    # no office, no spouse named as such: the bare name is no one's
    text = text.replace("Peruvian President Tomas Lind and his wife Ana Lind", "Tomas Lind and Ana Lind")
    people = {e.label for e in build([], texts=[text], published=date(2024, 3, 8)).entities if e.type == "Person"}
    assert {"Tomas Lind", "Ana Lind", "Lind"} <= people


def test_a_surname_shared_with_a_spouse_is_the_other_persons(nlp):
    from kg.pipeline import build

    text = ("Headline\n\nPresident Tomas Lind flew to Lima on Monday. Lind and his wife, Ana Lind, were met at "
            "the airport. Lind said the talks were good.")
    result = build([], texts=[text], published=date(2024, 3, 8))
    people = {e.label for e in result.entities if e.type == "Person"}
    assert people == {"Tomas Lind", "Ana Lind"}
