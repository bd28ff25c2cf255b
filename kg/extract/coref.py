"""Within-article resolution: which mentions stand for the same person, and who holds which office.

(Doc, list[Mention]) -> Coref: a cluster id for every person mention (names, surnames,
misspellings, descriptions such as "the Iranian president", pronouns) and the offices
("Estonian President Lena Kask" -> leader_of Estonia) found around the names.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from .. import lexicons
from ..text import given_names, similar_names
from ..types import EntityRef, Mention
from .doc import children, sentence_of, tokens
from .lexicon import Lexicon, Title, fold
from .mentions import style_size, title_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

FORMER = {"former", "ex", "ex-", "late", "then", "outgoing"}
RANK_ENDS = {"ret'd", "retd", "rtd", "retired"}  # "Brigadier (Ret'd)"
# words between a state and its title: "the Saudi deputy defence minister"
TITLE_MODIFIERS = FORMER | {"deputy", "acting", "senior", "assistant", "vice", "first", "second"}
NAME_PARTICLES = lexicons.words("name_particles")  # left out when two spellings of a name are compared
FAMILY_ARTICLES = {"al", "el"}  # "Al Nouri", "al-Harbi": a family name, which may stand alone (if one person has it)


@dataclass(frozen=True, slots=True)
class Office:
    relation: str  # leader_of | official_of | counterpart
    role: str
    state: str | None  # ISO code
    mention: int  # the mention the office was read from
    sent: int
    guessed: bool = False  # the state is the article's (guess_office_states), not written with the title


_Found = tuple[str, str, str | None]  # an office read around a name: (relation, role, state ISO code)


@dataclass
class Coref:
    cluster: dict[int, int] = field(default_factory=dict)  # person mention -> cluster id
    offices: dict[int, list[Office]] = field(default_factory=dict)  # cluster id -> offices
    names: dict[int, list[int]] = field(default_factory=dict)  # cluster id -> name mentions

    def join(self, m: int, c: int) -> None:
        self.cluster[m] = c

    def replace_office(self, c: int, old: Office, new: Office) -> None:
        """Put `new` where `old` is among cluster c's offices (an Office is frozen)."""
        offices = self.offices[c]
        offices[next(k for k, o in enumerate(offices) if o is old)] = new


def _tokens(text: str) -> list[str]:
    return [t for t in fold(text).replace("-", " ").replace(".", " ").split() if t not in NAME_PARTICLES]


def _similar(a: str, b: str) -> bool:
    return similar_names(a, b, min_len=5)


class _Full(NamedTuple):
    """A name of two or more words: its cluster, its words and the words that may stand alone
    for the person (all of them, or the given names before a patronymic's "bin")."""

    cluster: int
    words: list[str]
    own: list[str]
    lineage: bool  # a patronymic name: its later words are a father's and a family's


def _full_name(i: int, text: str) -> _Full:
    words = _tokens(text)
    raw = fold(text).replace("-", " ").split()
    given = given_names(raw)
    if given is None:  # "Karim Al Yusuf Al Hadi Al Nour": "Yusuf" and "Hadi" are forebears
        own = [w for k, w in enumerate(raw) if w not in NAME_PARTICLES
               and (k == 0 or k == len(raw) - 1 or raw[k - 1] not in FAMILY_ARTICLES)]
        return _Full(i, words, _tokens(" ".join(own)) or words, False)
    family = raw[-1:] if len(raw) > 2 and raw[-2] in FAMILY_ARTICLES else []  # "al-Harbi"
    return _Full(i, words, _tokens(" ".join(given + family)), True)


def _same_full(f: _Full, toks: list[str]) -> bool:
    """Two names of a person: the same letters; the same but a misspelt last word; the same two
    words in the other order ("Hayashi Yoshimasa"); an initial for the first name ("J. Smith")."""
    ft = f.words
    if "".join(ft) == "".join(toks):
        return True
    if len(ft) != len(toks):
        return False
    return ((ft[:-1] == toks[:-1] and _similar(ft[-1], toks[-1])) or (len(ft) == 2 and ft == toks[::-1])
            or (ft[1:] == toks[1:] and min(len(ft[0]), len(toks[0])) == 1 and ft[0][0] == toks[0][0]))


def _part_of(f: _Full, toks: list[str]) -> bool:
    """A shorter name of two or more words that starts a longer one ("Karim bin Idris" of
    "... bin Rashid Al Nour"), or ends it ("Ruiz Calvo" of "Marta Ruiz Calvo"); not the
    lineage of a patronymic name, which brothers share."""
    n = len(toks)
    return 1 < n < len(f.words) and (f.words[:n] == toks or (not f.lineage and f.words[-n:] == toks))


SPOUSE_WORDS = {"wife", "husband", "spouse", "widow", "widower"}


def spouses(doc: Doc, mentions: list[Mention]) -> set[int]:
    """Person names introduced as someone's spouse ("Lind and his wife, Ana Lind")."""
    toks = tokens(doc)
    out = set()
    for i, m in enumerate(mentions):
        if m.type != "Person" or m.kind != "name":
            continue
        k = m.start - 1
        while k >= 0 and (toks[k].text in (",", "(") or style_size(doc, k, m.start)
                          or toks[k].lower_ in ("first", "lady", "gentleman")):
            k -= 1
        if k >= 0 and toks[k].lemma_.lower() in SPOUSE_WORDS:
            out.add(i)
    return out


def cluster_names(mentions: list[Mention], spouse: set[int] | frozenset[int] = frozenset()) -> Coref:
    """Group person names: full names, then surnames/first names and unambiguous misspellings.
    A short form two people of the article share is left alone, unless all but one of them are
    named as someone's spouse ("Lind and his wife, Ana Lind": Lind is the other one)."""
    co = Coref()
    full: list[_Full] = []
    # indexes over what is clustered so far, so that a long article costs about one lookup a name:
    same_full: dict[tuple[str, ...], tuple[int, int | None]] = {}  # words -> (fulls checked, first hit)
    by_own: dict[str, list[int]] = {}  # a word that may stand alone -> clusters of full names with it
    alike: dict[str, set[int]] = {}  # one word -> clusters of full names it is like (all fulls are known)
    singles: dict[str, set[int]] = {}  # one-word name so far -> its clusters
    owners: set[int] = set()  # clusters of full names not written as someone's spouse
    people = [(i, m) for i, m in enumerate(mentions) if m.type == "Person" and m.kind == "name"]
    words = {i: _tokens(m.text) for i, m in people}
    for i, m in sorted(people, key=lambda x: -len(words[x[0]])):
        toks = words[i]
        if not toks:
            continue
        if len(toks) > 1:
            checked, hit = same_full.get(tuple(toks), (0, None))
            if hit is None:
                hit = next((f.cluster for f in full[checked:] if _same_full(f, toks)), None)
                same_full[tuple(toks)] = (len(full), hit)
            if hit is None:
                parts = {f.cluster for f in full if _part_of(f, toks)}
                hit = parts.pop() if len(parts) == 1 else None
            if hit is None:
                hit = i
                full.append(_full_name(i, m.text))
                for w in dict.fromkeys(full[-1].own):
                    by_own.setdefault(w, []).append(i)
            co.join(i, hit)
            if i not in spouse:
                owners.add(hit)
            continue
        word = toks[0]
        cands = set(by_own.get(word, ()))  # "Rocha" of "João Pedro Rocha da Costa"
        if not cands:
            if word not in alike:  # (every full name comes before the first one-word name)
                alike[word] = {f.cluster for f in full if _similar(word, f.own[-1]) or _similar(word, f.own[0])}
            cands = set(alike[word])
        if not cands:
            cands = {c for w, cs in singles.items() if _similar(word, w) for c in cs}
        if len(cands) > 1:
            own = cands & owners
            cands = own if len(own) == 1 else cands
        if len(cands) == 1:
            co.join(i, cands.pop())
        else:
            co.join(i, i)
        singles.setdefault(word, set()).add(co.cluster[i])
    for j, c in co.cluster.items():
        co.names.setdefault(c, []).append(j)
    return co


def read_offices(doc: Doc, mentions: list[Mention], co: Coref, lex: Lexicon) -> None:
    """Offices written around names: 'Iranian President X', 'X, Russia's foreign minister'."""
    state_at = {k: m.key for m in mentions if m.type == "State" for k in range(m.start, m.end)}
    person_at = {k for m in mentions if m.type == "Person" and m.kind == "name" for k in range(m.start, m.end)}
    place_at = {m.start for m in mentions if m.type == "Place"}
    for i, m in enumerate(mentions):
        if m.type != "Person" or m.kind != "name" or i not in co.cluster:
            continue
        office = (_office_left(doc, m, state_at, lex, person_at, place_at) or _office_right(doc, m, state_at, lex)
                  or _office_listed(doc, m, state_at, person_at, lex))
        if office is None or office[2] is None:
            office = _office_in_list(doc, m, state_at, person_at, lex) or office
        if office:
            relation, role, state = office
            state = state or _state_after(doc, m, state_at)
            co.offices.setdefault(co.cluster[i], []).append(Office(relation, role, state, i, m.sent))


def _office_left(doc: Doc, m: Mention, state_at: dict[int, str], lex: Lexicon,
                 person_at: frozenset[int] | set[int] = frozenset(),
                 place_at: frozenset[int] | set[int] = frozenset()) -> _Found | None:
    """'Iranian President X'; 'Chinese Ambassador to Laos X' (the state after 'to' is the host's);
    'Canadian Ambassador in Moscow X' (the city of the post); not the title of another person
    named before "and" ("Foreign Minister Y and X")."""
    toks = tokens(doc)
    k = m.start - 1
    sent_start = sentence_of(doc, m.start).start
    while k >= sent_start and m.start - k <= 14:
        tok = toks[k]
        if tok.lower_ == "to" and _resident_title_ends(doc, k - 1, lex):
            k -= 1  # "Ambassador to Laos": the posting, not the envoy's state
            continue
        post = tok.lower_ in ("in", "to") and k + 1 in place_at  # "Canadian Ambassador in Moscow X"
        if tok.pos_ in ("VERB", "AUX") or tok.text in (",", ";", ":", "(", ")", '"') or \
                (tok.pos_ == "ADP" and tok.lower_ != "of" and not post) or m.start <= tok.i < m.end or \
                (tok.pos_ == "CCONJ" and k - 1 in person_at):
            return None
        # a title that ends here and is not itself followed by "of <not a state>"
        for start in range(max(sent_start, k - 3), k + 1):
            hit = title_at(doc, start, lex)
            if hit and start + hit[0] - 1 == k:
                after = k + 1
                if after < m.start and toks[after].lower_ == "of" and not any(
                        c.i in state_at for c in children(toks[after]) if c.dep_ == "pobj") and not _of_state(
                        toks, after, state_at, m.start):
                    break  # "leaders of the Cuban Revolution": an office of something else
                return _office_from(doc, start, start + hit[0], hit[1], state_at, lex, m.start)
        k -= 1
    return None


RESIDENT_TITLES = lexicons.words("resident_titles")  # ambassador, envoy, high commissioner ...


def _resident_title_ends(doc: Doc, k: int, lex: Lexicon) -> bool:
    """Whether an envoy's title ('Ambassador', 'High Commissioner') ends at token k."""
    for start in range(max(0, k - 2), k + 1):
        hit = title_at(doc, start, lex)
        if hit and start + hit[0] - 1 == k and hit[1] in RESIDENT_TITLES:
            return True
    return False


LISTED_STOPS = {";", ":", '"', "“", "”"}


def _office_listed(doc: Doc, m: Mention, state_at: dict[int, str], person_at: set[int],
                   lex: Lexicon) -> tuple[str, str, str | None] | None:
    """'Minister for Foreign Affairs of Ruritania, Anna Berg'; in a list of a cabinet,
    'minister of foreign affairs and regional integration, Ivo Lind': a title, its
    portfolio and a comma before the name."""
    toks = tokens(doc)
    k = m.start - 1
    while k > 0 and (style_size(doc, k, m.start) or toks[k].text in ("(", ")") or _rank_end(toks[k].text)):
        k -= 1  # "prime minister, Colonel (Ret'd), Tomas Varga"
    if k < 1 or toks[k].text != ",":
        return None
    sent_start = sentence_of(doc, m.start).start
    title = None
    for j in range(k - 1, max(sent_start, k - 16) - 1, -1):
        tok = toks[j]
        if tok.text in LISTED_STOPS or tok.pos_ in ("VERB", "AUX", "PRON", "PART") or j in person_at:
            break
        hit = title_at(doc, j, lex)
        if hit and j + hit[0] <= k:
            title = (j, hit)
    if title is None:
        return None
    j, (size, phrase) = title
    if _adjunct_before_subject(toks, j + size - 1, m):
        return None  # "According to the Peruvian leader, X agreed": the leader is someone else
    relation, role, state = _office_from(doc, j, j + size, phrase, state_at, lex, m.start)
    return relation, role, state or next((state_at[x] for x in range(j, k) if x in state_at), None)


LIST_GLUE = {",", "and", "the", "&"}


def _office_in_list(doc: Doc, m: Mention, state_at: dict[int, str], person_at: set[int],
                    lex: Lexicon) -> _Found | None:
    """A title over a list of states, each followed by its office holder: 'the ambassadors of
    Ruritania Anna Berg, the Republic of Elbonia Ivo Lind and Freedonia Otto Kask', 'the
    foreign ministers of Ruritania, Anna Berg, and Elbonia, Ivo Lind': the name takes the
    title and the state written just before it."""
    toks = tokens(doc)
    sent_start = sentence_of(doc, m.start).start
    k = m.start - 1
    while k > sent_start and style_size(doc, k, m.start):
        k -= 1  # "Ms." before the name
    k -= 1 if k > sent_start and toks[k].text == "," else 0
    if k not in state_at:
        return None
    own = state_at[k]
    while k >= sent_start and state_at.get(k) == own:
        k -= 1
    for j in range(k, max(sent_start, k - 80) - 1, -1):
        tok = toks[j]
        if tok.lower_ == "of" and j not in state_at:  # not the "of" of "Republic of Elbonia"
            for start in range(max(sent_start, j - 4), j):
                hit = title_at(doc, start, lex)
                if hit and start + hit[0] == j:
                    title = lex.titles[hit[1]]
                    return title.relation, title.role, own
            return None
        if not (j in state_at or j in person_at or tok.lower_ in LIST_GLUE or style_size(doc, j, j + 1)):
            return None
    return None


def _adjunct_before_subject(toks: list[Token], title: int, m: Mention) -> bool:
    """Whether the title heads a phrase of the verb whose subject the name is, set off by a
    comma ("According to the president, X said"; "After meeting the minister, X left"), not
    an apposition of the name."""
    root = next((t for t in toks[m.start:m.end] if not m.start <= t.head.i < m.end), None)
    if root is None or not root.dep_.startswith("nsubj"):
        return False
    verb = root.head
    return any(a.i == verb.i for a in toks[title].ancestors) and not any(
        m.start <= a.i < m.end for a in toks[title].ancestors)


def _rank_end(text: str) -> bool:
    return fold(text).strip("()") in RANK_ENDS


def _of_state(toks: list[Token], of: int, state_at: dict[int, str], name: int) -> bool:
    """Whether "of" at token `of` governs a state ("President of Chad [name]", "of the
    Philippines"), not a name that starts with a demonym ("of the Cuban Revolution")."""
    k = of + 2 if of + 1 < len(toks) and toks[of + 1].lower_ == "the" else of + 1
    if k not in state_at:
        return False
    while k in state_at:
        k += 1
    return k >= len(toks) or k == name or toks[k].pos_ not in ("PROPN", "NOUN")


def _office_right(doc: Doc, m: Mention, state_at: dict[int, str], lex: Lexicon) -> _Found | None:
    """'X, the Russian prime minister' / 'X, Iran's foreign minister'."""
    toks = tokens(doc)
    k = m.end
    if k >= len(doc) or toks[k].text != ",":
        return None
    for j in range(k + 1, min(k + 8, len(doc))):
        tok = toks[j]
        if tok.pos_ in ("VERB", "AUX", "CCONJ") or tok.text in (",", ";", ".") or (
                tok.pos_ == "ADP" and tok.lower_ != "of"):
            return None  # "X, and by Prime Minister Y": Y's title
        hit = title_at(doc, j, lex)
        if hit:
            return _office_from(doc, j, j + hit[0], hit[1], state_at, lex, k + 1)
    return None


def _window_start(doc: Doc, t_start: int) -> int:
    """Where the words qualifying a title begin: up to four words back, not past a comma, a
    conjunction or a verb ("X of Chile and President Y": Chile is not Y's)."""
    toks = tokens(doc)
    k = t_start
    first = max(sentence_of(doc, t_start).start, t_start - 4)
    while k > first and toks[k - 1].lower_ not in (",", ";", "and", "or", "&") \
            and toks[k - 1].pos_ not in ("VERB", "AUX"):
        k -= 1
    return k


def _state_after(doc: Doc, m: Mention, state_at: dict[int, str]) -> str | None:
    """'President Otto Brink of Peru': the state of an 'of' phrase right after the name."""
    toks = tokens(doc)
    if m.end + 1 < len(doc) and toks[m.end].lower_ == "of":
        return next((state_at[j] for j in range(m.end + 1, min(m.end + 3, len(doc))) if j in state_at), None)
    return None


def _office_from(doc: Doc, t_start: int, t_end: int, phrase: str, state_at: dict[int, str],
                 lex: Lexicon, left_limit: int) -> _Found:
    toks = tokens(doc)
    title = lex.titles[phrase]
    window = range(_window_start(doc, t_start), t_start)
    state = _state_before_title(toks, window, state_at)
    if state is None and t_end + 2 < len(doc) and toks[t_end].lower_ == "and":
        second = title_at(doc, t_end + 1, lex)  # "state councillor and foreign minister of China"
        if second:
            t_end += 1 + second[0]
    if state is None and t_end + 1 < len(doc) and toks[t_end].lower_ == "of":
        state = next((state_at[j] for j in range(t_end + 1, min(t_end + 4, len(doc))) if j in state_at), None)
    former = any(toks[j].lower_.rstrip("-") in {f.rstrip("-") for f in FORMER} for j in window)
    relation = title.relation
    if former and relation == "leader_of":
        relation = "official_of"
    role = ("former " if former else "") + title.role
    return relation, role, state


def _state_before_title(toks: list[Token], window: range, state_at: dict[int, str]) -> str | None:
    """The state written just before a title ("Kuwaiti Foreign Minister", "Russia's foreign
    minister", "US Deputy National Security adviser"), not one that belongs to another noun
    ("an Omani medal for King X")."""
    for j in reversed(window):
        if j in state_at:
            return state_at[j]
        tok = toks[j]
        if tok.pos_ in ("ADP", "VERB", "AUX", "PUNCT", "NUM") or (
                tok.pos_ == "NOUN" and tok.text.islower() and tok.lower_ not in TITLE_MODIFIERS):
            return None
    return None


def describe(doc: Doc, m: Mention, mentions: list[Mention], lex: Lexicon) -> tuple[str, str | None, bool]:
    """(title phrase, state or None, plural) of a description mention ('the Iranian president')."""
    state = next((x.key for x in mentions if x.type == "State" and m.start <= x.start < m.end), None)
    phrase, plural = "", False
    for k in range(m.start, m.end):
        hit = title_at(doc, k, lex)
        if hit:
            phrase, plural = hit[1], tokens(doc)[k].tag_ in ("NNS", "NNPS")
    return phrase, state, plural


def resolve_descriptions(doc: Doc, mentions: list[Mention], co: Coref, lex: Lexicon) -> None:
    """Link 'the Iranian president', 'the Brazilian leader', 'his Cuban counterpart' to a person
    who holds such an office; a state named only in the description is added to that office."""
    for i, m in enumerate(mentions):
        if m.kind != "title":
            continue
        phrase, state, plural = describe(doc, m, mentions, lex)
        if not phrase or plural or any(tokens(doc)[k].lower_ in FORMER for k in range(m.start, m.end)):
            continue
        apposed = _apposed_name(doc, mentions, co, m)
        if apposed is not None:  # "X, the Indian leader": X, whose office _office_right read
            co.join(i, apposed)
            continue
        best = _best_holder(mentions, co, i, lex.titles[phrase], state)
        if best is None:
            continue
        co.join(i, best.cluster)
        if state and best.office.state is None:
            co.replace_office(best.cluster, best.office, replace(best.office, state=state))


LATER_SENTS = 3  # how many sentences later a description may name its holder for the first time


def _apposed_name(doc: Doc, mentions: list[Mention], co: Coref, m: Mention) -> int | None:
    """The cluster of the name a description stands in apposition to ("X, the Indian leader")."""
    toks = tokens(doc)
    if m.start < 2 or toks[m.start - 1].text != ",":
        return None
    return next((co.cluster[j] for j, x in enumerate(mentions) if x.kind == "name" and x.end == m.start - 1
                 and j in co.cluster), None)


class _Holder(NamedTuple):
    """A person who holds an office a description could mean, ranked by (exact, last)."""

    exact: bool  # the office's state is the description's
    last: int  # the person's last mention before the description (-1: none)
    cluster: int
    office: Office


def _best_holder(mentions: list[Mention], co: Coref, i: int, title: Title, state: str | None) -> _Holder | None:
    """The one person description i names, or None when none or two could be meant."""
    m = mentions[i]
    ranked = _holders(co, i, title, state)
    if title.relation == "counterpart" and state:
        ranked = [r for r in ranked if r.office.state == state]
    # a description does not name someone its own sentence names ("Okello stood beside the
    # Ukrainian leader")
    here = {co.cluster[j] for j, x in enumerate(mentions)
            if x.sent == m.sent and x.kind == "name" and j in co.cluster}
    ranked = [r for r in ranked if r.cluster not in here]
    # a person named only later is meant only if named soon after ("Iranian president arrives"
    # as the headline of "Iranian President X ..."), not a president ten sentences on
    ranked = [r for r in ranked if r.last >= 0 or min(
        (mentions[x].sent for x, cc in co.cluster.items() if cc == r.cluster), default=m.sent) - m.sent <= LATER_SENTS]
    if not ranked:
        return None
    ranked.sort(key=lambda r: (r.exact, r.last))
    best = ranked[-1]
    rivals = {r.cluster for r in ranked if r.exact == best.exact}
    if len(rivals) > 1 and (state is None or not best.exact):
        return None  # two people could be meant: leave it rather than guess
    return best


def _holders(co: Coref, i: int, title: Title, state: str | None) -> list[_Holder]:
    out = []
    for c, offices in co.offices.items():
        for o in offices:
            if _may_be_meant(o, title, state):
                last = max((x for x, cc in co.cluster.items() if cc == c and x < i), default=-1)
                out.append(_Holder(o.state == state, last, c, o))
    return out


def _may_be_meant(o: Office, title: Title, state: str | None) -> bool:
    """Whether office o fits a description with this title and state."""
    alias = lexicons.mapping("role_aliases.tsv", "role", "alias").get(title.role)
    role_ok = (o.role.endswith(title.role) or title.relation == "counterpart"
               or (title.role == "leader" and o.relation == "leader_of")
               or (alias is not None and o.role.endswith(alias)))
    state_ok = state is None or o.state == state or (o.state is None and state is not None)
    return role_ok and state_ok and not o.role.startswith("former")


def resolve_pronouns(doc: Doc, mentions: list[Mention], co: Coref) -> None:
    """he/his/she/her -> the nearest person before it in the sentence, else the subject of a
    recent sentence, else the most recent person."""
    persons = [(i, m) for i, m in enumerate(mentions) if m.type == "Person" and m.kind != "pronoun"]
    for i, m in enumerate(mentions):
        if m.kind != "pronoun":
            continue
        before = [(j, p) for j, p in persons if p.end <= m.start and j in co.cluster]
        j = _antecedent(doc, m, before)
        if j is not None:
            co.join(i, co.cluster[j])


def _antecedent(doc: Doc, m: Mention, before: list[tuple[int, Mention]]) -> int | None:
    """The person mention a pronoun stands for, among the person mentions before it."""
    same = _not_own_subject(doc, m, [(j, p) for j, p in before if p.sent == m.sent])
    if same:
        return same[-1][0]
    for s in range(m.sent - 1, max(-1, m.sent - 4), -1):
        in_sent = [(j, p) for j, p in before if p.sent == s]
        subj = [(j, p) for j, p in in_sent if any(t.dep_.startswith("nsubj") for t in doc[p.start:p.end])]
        if subj:
            return subj[0][0]
        if in_sent:
            return in_sent[-1][0]
    return None


def _not_own_subject(doc: Doc, m: Mention, same: list[tuple[int, Mention]]) -> list[tuple[int, Mention]]:
    """'Kask welcomed him': an object pronoun is not the subject of its own verb."""
    pron = tokens(doc)[m.start]
    if pron.lower_ in ("him", "her", "them") and pron.dep_ in ("dobj", "pobj", "dative"):
        verb = pron.head.head if pron.dep_ == "pobj" else pron.head
        subjects = {t.i for t in children(verb) if t.dep_.startswith("nsubj") for t in t.subtree}
        return [(j, p) for j, p in same if not subjects & set(range(p.start, p.end))]
    return same


def counterpart_offices(co: Coref) -> None:
    """'his Cuban counterpart X': X holds the office of the person he is the counterpart of."""
    for c, offices in co.offices.items():
        for k, o in enumerate(offices):
            if o.relation != "counterpart":
                continue
            others = [oo for cc, oos in co.offices.items() if cc != c for oo in oos
                      if oo.relation in ("leader_of", "official_of") and oo.sent <= o.sent
                      and not oo.role.startswith("former")]
            ref = others[-1] if others else None
            offices[k] = replace(o, relation=ref.relation if ref else "leader_of",
                                 role=ref.role if ref else "counterpart")


def resolve_groups(mentions: list[Mention], refs: dict[int, EntityRef], offices: dict[EntityRef, EntityRef],
                   pairs: Sequence[tuple[int, frozenset[EntityRef]]] = (),
                   window: int = 6) -> dict[int, tuple[EntityRef, ...]]:
    """'the two presidents' -> the last two people named before it; 'the two countries' -> the
    states of those two people, else the last two states named."""
    groups: dict[int, tuple[EntityRef, ...]] = {}
    for i, m in enumerate(mentions):
        if m.kind != "group":
            continue
        recent = [j for j in range(i - 1, -1, -1) if mentions[j].sent >= m.sent - window and j in refs]
        people = list(dict.fromkeys(refs[j] for j in recent if mentions[j].type == "Person"))[:2]
        if m.type == "Person" and len(people) == 2:
            groups[i] = tuple(people)
        elif m.type == "State":
            states = list(dict.fromkeys(offices[p] for p in people if p in offices))
            told = Counter(p for at, p in pairs if at < m.start)
            if len(states) < 2 and told:  # the pair most often named together ("Saudi Arabia and Iran")
                best = told.most_common(2)
                if len(best) == 1 or best[0][1] > best[1][1]:
                    states = sorted(best[0][0])
            if len(states) < 2:  # the two states the article has named most so far
                counts = Counter(refs[j] for j in range(i) if j in refs and mentions[j].type == "State")
                top = counts.most_common(3)
                if len(top) >= 2 and (len(top) == 2 or top[1][1] > top[2][1]):
                    states = [top[0][0], top[1][0]]
            if len(states) == 2:
                groups[i] = tuple(states)
    return groups


GUESSED_CONFIDENCE = 0.6  # a relation whose state is the article's, not the title's
PARTY_ROLES = {"leader"}  # "opposition leader X", "separatist leader Y": no state's leader to guess or to take


def guess_office_states(doc: Doc, mentions: list[Mention], co: Coref) -> None:
    """The state of a leader's title written without one ("President X"): the one state the
    article names whose leader nobody else is (the office of each state's leader is taken in
    turn, so "President X" and "Polish President Y" in a text naming the US and Poland make X
    the American leader; "the Peruvian leader" said of someone else takes Peru; a state named
    once in passing counts for none). Such offices
    are marked guessed (lower confidence). An official's title without a state takes the state
    of the office holders listed with it, with no verb between ("President X was accompanied by
    Prime Minister Y; Minister of Finance Z"), when they have one state; not a state named
    across a verb ("Minister Z met Polish President W": a visiting minister as likely as a host)."""
    counts = Counter(m.key for m in mentions if m.type == "State" and m.key and m.kind in ("name", "demonym"))
    named = {key for key, n in counts.items() if n >= 2}  # a state named once in passing is no one's home
    described = [(co.cluster.get(i), x.key) for i, m in enumerate(mentions) if m.kind == "title"
                 for x in mentions if x.type == "State" and x.key and m.start <= x.start < m.end]
    open_ = [(c, o) for c, offs in co.offices.items() if not any(x.state for x in offs)
             for o in offs[:1] if o.relation == "leader_of" and not o.role.startswith("former")
             and o.role not in PARTY_ROLES]
    changed = True
    while changed:
        changed = False
        for c, _first in open_:
            o = co.offices[c][0]  # (Office is frozen: a guessed state replaces the record in place)
            if o.state is not None:
                continue
            # not a state another leads, nor one "the Peruvian leader" beside him stands for
            free = named - _taken_states(co, c, o) - {key for cc, key in described if cc != c}
            if len(free) == 1:
                co.offices[c][0] = replace(o, state=free.pop(), guessed=True)
                changed = True
    _guess_official_states(doc, mentions, co)


def _guess_official_states(doc: Doc, mentions: list[Mention], co: Coref) -> None:
    """An official without a state: the one state of the office holders listed with him, else
    the state of the person he accompanies ("the president was accompanied by Trade Minister X")."""
    for c, offs in co.offices.items():
        o = offs[0]
        if o.relation == "official_of" and not any(x.state for x in offs):
            listed = _listed_states(doc, mentions, co, c, o) or _entourage_state(doc, mentions, co, c, o)
            if len(listed) == 1:
                offs[0] = replace(o, state=listed.pop(), guessed=True)


ENTOURAGE_VERBS = lexicons.words("entourage_verbs")  # accompany, join: "X was accompanied by ..."


def _entourage_state(doc: Doc, mentions: list[Mention], co: Coref, c: int, o: Office) -> set[str]:
    """The state of the person whom o's holder accompanies: a passive 'accompanied by' or
    'joined by' before o's name in its sentence, with no verb between, whose subject holds an
    office of one state."""
    toks = tokens(doc)
    at = mentions[o.mention]
    start = sentence_of(doc, at.start).start
    orgs = {k for x in mentions if x.type == "Organization" for k in range(x.start, x.end)}
    own_title = True  # the words between the name and the comma or "and" before it: its title
    for k in range(at.start - 1, start - 1, -1):
        tok = toks[k]
        own_title = own_title and tok.text not in (",", ";") and tok.lower_ != "and"
        if own_title and k in orgs:
            return set()  # "NATO Secretary General X", "United Nations envoy X": the body's, not a state's
        if tok.pos_ in ("VERB", "AUX") and not (tok.lemma_ in ENTOURAGE_VERBS and toks[k + 1].lower_ == "by"):
            return set()
        if tok.pos_ != "VERB":
            continue
        subject = next((t for t in children(tok) if t.dep_ == "nsubjpass"), tok.head if tok.dep_ == "acl" else None)
        if subject is None or subject.i == tok.i:
            return set()
        holder = next((co.cluster[j] for j, x in enumerate(mentions)
                       if x.type == "Person" and x.start <= subject.i < x.end and j in co.cluster), None)
        if holder is None or holder == c:
            return set()
        return {x.state for x in co.offices.get(holder, []) if x.state and x.relation in ("leader_of", "official_of")
                and not x.role.startswith("former")}
    return set()


def _listed_states(doc: Doc, mentions: list[Mention], co: Coref, c: int, o: Office) -> set[str]:
    """The states of the office holders named in o's sentence with no verb between them and o."""
    toks = tokens(doc)
    at = mentions[o.mention]
    out = set()
    for cc, offs in co.offices.items():
        for x in offs:
            other = mentions[x.mention]
            if cc == c or not x.state or x.sent != o.sent or x.relation not in ("leader_of", "official_of"):
                continue
            between = range(min(other.end, at.end), max(other.start, at.start))
            if not any(toks[k].pos_ in ("VERB", "AUX", "PRON") for k in between):  # "..., and his adviser X"
                out.add(x.state)
    return out


def _taken_states(co: Coref, c: int, o: Office) -> set[str | None]:
    """States whose leader someone other than cluster c is: written with the title, or guessed
    for the same office (a president and a prime minister may lead one state)."""
    return {x.state for cc, offs in co.offices.items() if cc != c for x in offs
            if x.relation in ("leader_of", "counterpart") and x.state and x.role not in PARTY_ROLES
            and (not x.guessed or x.role == o.role)}
