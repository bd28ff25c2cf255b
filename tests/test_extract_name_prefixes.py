"""Agency and body names are looked up only at tokens such a name can start with
(kg.extract.organizations._may_start_name); no name of the lexicons may be passed over."""
from kg import lexicons
from kg.extract.events.scene import Scene, SceneEntry
from kg.extract.lexicon import load_lexicon
from kg.extract.organizations import _may_start_name


def _names(table: str) -> list[str]:
    out = []
    for row in lexicons.rows(table):
        out += [row["name"], *(a.strip() for a in row["aliases"].split(";") if a.strip())]
    return out


def test_every_agency_and_body_name_may_start_at_its_first_word() -> None:
    lex = load_lexicon()
    names = _names("news_agencies.tsv") + _names("international_bodies.tsv")
    assert len(names) > 20
    missed = [n for n in names if not _may_start_name(n.split()[0].split("-")[0], lex)]
    assert missed == []


def test_a_word_no_name_starts_with_is_passed_over() -> None:
    assert not _may_start_name("Zzyzxq", load_lexicon())


def test_the_scene_since_a_sentence_is_the_suffix_of_its_entries() -> None:
    scene = Scene()
    for k in (0, 2, 2, 5, 9):
        scene.add("person/a", SceneEntry(k, None, None, False))
    assert [x.sentence for x in scene.since("person/a", 2)] == [2, 2, 5, 9]
    assert [x.sentence for x in scene.since("person/a", 6)] == [9]
    assert scene.since("person/b", 0) == []
