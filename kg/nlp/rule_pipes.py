"""spaCy's rule components, exactly, without their per-token Python objects.

Two rule components of en_core_web_sm took about a sixth of its parse (17% of the CPU time):
- **attribute_ruler** finds its matches with a `Matcher` that tries every pattern at every token
  (179 patterns in en_core_web_sm: 15% of the parse), then makes a Span per match to set its
  attributes. Nearly all of those patterns are one token long and test exact values
  (`{"TAG": "NNP"}`, `{"LOWER": "'s", "TAG": "POS"}`, `{"TAG": {"IN": ["VBP", "VBZ"]}}`).
  `TableMatch` finds the same matches through dictionaries keyed by those values, read from one
  `Doc.to_array` per doc (a Matcher holding the patterns it cannot compile does the rest), and the
  attributes are written back with one `Doc.from_array`.
- **lemmatizer** (rule or lookup mode) makes a Token per token and, for the commonest tokens
  (singular nouns, base-form verbs), finds its lemma anew each time, as its cache skips them. The
  lemma is a function of the token's text, POS and morphology: `MemoLemmatizer` keeps it per
  (text, POS, morphology) and asks spaCy's own method only for a combination it has not seen.

The results are spaCy's to the bit (tests/test_rule_pipes.py compares whole serialised docs).
`install` gives a loaded pipeline's components these methods by changing their class to a
subclass of their own; a component of any other class (a user's own ruler or lemmatizer) is left
as it is. The subclasses are module-level, so a pipeline pickled to a spawned worker keeps them.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# token attributes a pattern may test to be compiled, by the name Doc.to_array takes
_WORDS = {"ORTH", "LOWER", "NORM", "LEMMA"}  # attributes with many values: the best to index a pattern by
_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "TAG": "TAG", "POS": "POS",
          "DEP": "DEP", "LEMMA": "LEMMA", "SHAPE": "SHAPE", "ENT_TYPE": "ENT_TYPE", "IS_SPACE": "IS_SPACE",
          "IS_PUNCT": "IS_PUNCT", "IS_ALPHA": "IS_ALPHA", "IS_DIGIT": "IS_DIGIT", "IS_TITLE": "IS_TITLE",
          "IS_UPPER": "IS_UPPER", "IS_LOWER": "IS_LOWER", "LIKE_NUM": "LIKE_NUM"}


NamedCheck = tuple[str, str, Any]  # (attribute, "in" | "not_in" | "regex", a set of ids or a compiled regex)
Check = tuple[int, str, Any]  # the same with the attribute's column in the doc's array
Candidate = tuple[int, int, int, "list[list[Check]] | None"]  # rule, match id, tokens, checks left


class TableMatch:
    """`AttributeRuler.match` for `ruler`: its patterns of plain tokens (exact values, IN, NOT_IN and
    REGEX tests of known attributes, no operators) found through an index of their first token's
    exact values; any other pattern by a Matcher holding only those."""

    def __init__(self, ruler: Any) -> None:
        self.strings = ruler.vocab.strings
        self.residual = Matcher(ruler.vocab, validate=False)
        compiled: list[tuple[int, list[list[NamedCheck]]]] = []
        self.match_ids: dict[int, int] = {}
        for rule, entry in enumerate(ruler.patterns):
            key = str(rule)
            self.match_ids[rule] = self.strings.add(key)
            for pattern in entry["patterns"]:
                plain = _compile(pattern, self.strings)
                if plain is None:
                    self.residual.add(key, [pattern])
                else:
                    compiled.append((rule, plain))
        self.columns = sorted({name for _rule, named in compiled for checks in named for name, _k, _v in checks})
        at = {name: k for k, name in enumerate(self.columns)}
        # column -> value id -> candidates (rule, match id, length, the checks left or None), keyed
        # by an exact value of the first token; a pattern whose first token has none is keyed by the
        # column of its first check, its candidates for a value found once and kept
        index: dict[int, dict[int, list[Candidate]]] = {}
        lazy: dict[int, list[tuple[int, list[list[Check]]]]] = {}
        for rule, named in compiled:
            tokens = [[(at[name], kind, value) for name, kind, value in checks] for checks in named]
            first = tokens[0]
            keyed = min((c for c in first if c[1] == "in"), default=None,
                        key=lambda c: (self.columns[c[0]] not in _WORDS, len(c[2])))
            if keyed is None:
                lazy.setdefault(first[0][0], []).append((rule, tokens))
                continue
            rest = [[c for c in first if c is not keyed], *tokens[1:]]
            candidate = (rule, self.match_ids[rule], len(tokens), rest if any(rest) else None)
            table = index.setdefault(keyed[0], {})
            for value in keyed[2]:
                table.setdefault(value, []).append(candidate)
        self.index = sorted(index.items())
        self.lazy: list[tuple[int, dict[int, list[Candidate]], list[tuple[int, list[list[Check]]]]]] = [
            (column, {}, patterns) for column, patterns in sorted(lazy.items())]
        self.has_residual = len(self.residual) > 0
        self.several = any(len(entry["patterns"]) > 1 for entry in ruler.patterns)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        matches: list[tuple[int, int, int, int]] = []
        if self.columns and len(doc):
            rows = doc.to_array([IDS[c] for c in self.columns]).tolist()  # a list of names: 2-D
            n, holds = len(rows), self._holds
            for i, row in enumerate(rows):
                for column, table in self.index:
                    for rule, match_id, length, rest in table.get(row[column], ()):
                        if rest is None or (i + length <= n and holds(rows, i, rest)):
                            matches.append((rule, match_id, i, i + length))
                for column, memo, patterns in self.lazy:
                    value = row[column]
                    found = memo.get(value)
                    if found is None:
                        found = memo[value] = self._candidates(column, value, patterns)
                    for rule, match_id, length, rest in found:
                        if rest is None or (i + length <= n and holds(rows, i, rest)):
                            matches.append((rule, match_id, i, i + length))
        if self.has_residual:
            strings = self.strings
            matches.extend((int(strings[m_id]), m_id, s, e)
                           for m_id, s, e in self.residual(doc, allow_missing=True, as_spans=False))
        matches.sort()
        if self.several:  # a rule's patterns may match one span twice; the Matcher reports it once
            matches = [m for k, m in enumerate(matches) if k == 0 or m != matches[k - 1]]
        return matches

    def _candidates(self, column: int, value: int,
                    patterns: list[tuple[int, list[list[Check]]]]) -> list[Candidate]:
        """The patterns (keyed by `column`) whose first token's checks on `column` accept `value`."""
        out = []
        row = [value] * len(self.columns)  # only the checks on `column` are asked of it
        for rule, tokens in patterns:
            first = tokens[0]
            if self._holds([row], 0, [[c for c in first if c[0] == column]]):
                rest = [[c for c in first if c[0] != column], *tokens[1:]]
                out.append((rule, self.match_ids[rule], len(tokens), rest if any(rest) else None))
        return out

    def _holds(self, rows: list[list[int]], i: int, tokens: list[list[Check]]) -> bool:
        """Whether the tokens from i on pass the checks of each of `tokens` in turn."""
        for offset, checks in enumerate(tokens):
            row = rows[i + offset]
            for column, kind, value in checks:
                got = row[column]
                if kind == "in":
                    if got not in value:
                        return False
                elif kind == "not_in":
                    if got in value:
                        return False
                elif not value.search(self.strings[got]):
                    return False
        return True


def _compile(pattern: list[dict[str, Any]], strings: Any) -> list[list[NamedCheck]] | None:
    """A pattern of plain tokens (no OP, known attributes, values exact or IN, NOT_IN, REGEX) as
    the checks of each token on Doc.to_array's values; None for any other pattern."""
    out = []
    for token in pattern:
        checks: list[NamedCheck] = []
        for key, value in token.items():
            name = _ATTRS.get(key.upper()) if isinstance(key, str) else None
            if name is None:
                return None
            if isinstance(value, dict):
                if len(value) != 1:
                    return None
                (op, arg), = value.items()
                if op in ("IN", "NOT_IN") and isinstance(arg, list):
                    encoded = {_encode(a, strings) for a in arg}
                    if None in encoded:
                        return None
                    checks.append((name, op.lower(), frozenset(encoded)))
                elif op == "REGEX" and isinstance(arg, str) and not name.startswith(("IS_", "LIKE_")):
                    checks.append((name, "regex", re.compile(arg)))
                else:
                    return None
            else:
                e = _encode(value, strings)
                if e is None:
                    return None
                checks.append((name, "in", frozenset([e])))
        if not checks:
            return None
        out.append(checks)
    return out or None


def _encode(value: Any, strings: Any) -> int | None:
    """A pattern value as the Matcher compares it: strings by their id, booleans as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return int(strings.add(value))
    return None


_RULED = (TAG, POS, MORPH, LEMMA, DEP)  # what the attribute ruler's rules set, as from_array sets them


class TableAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler matching through a TableMatch (compiled at its first doc, again after
    a change of its patterns) and setting tag, POS, morphology, lemma and dependency label with
    one from_array."""

    _kg_table: TableMatch | None = None
    _kg_sets: list[tuple[tuple[int, int], ...] | None] = []  # per rule: (column, value) pairs it sets

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self._kg_table is None:
            self._kg_table = TableMatch(self)
            columns = {attr: k for k, attr in enumerate(_RULED)}
            self._kg_sets = [tuple((columns[a], v) for a, v in attrs.items()) if all(a in columns for a in attrs)
                             else None for attrs in self.attrs]  # None: an attribute from_array cannot set
        return self._kg_table(doc)

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        if not matches:
            return
        sets, indices = self._kg_sets, self.indices
        if self._kg_table is None or any(sets[rule] is None for rule, _m, _s, _e in matches):
            super().set_annotations(doc, matches)  # type: ignore[no-untyped-call]
            return
        rows = doc.to_array(list(_RULED)).tolist()
        for rule, _match_id, start, end in matches:
            index = indices[rule]
            at = start + index if index >= 0 else end + index
            if not start <= at < end:  # spaCy's own error for an index outside the match
                super().set_annotations(doc, matches)  # type: ignore[no-untyped-call]
                return
            row = rows[at]
            for column, value in sets[rule]:  # type: ignore[union-attr]
                row[column] = value
        import numpy

        doc.from_array(list(_RULED), numpy.asarray(rows, dtype="uint64"))  # type: ignore[arg-type]

    def add(self, *args: Any, **kwargs: Any) -> None:
        self._kg_table = None
        super().add(*args, **kwargs)

    def clear(self) -> None:
        self._kg_table = None
        super().clear()


class _Memo:
    """__call__ of a rule or lookup Lemmatizer with its lemmas kept per (text, POS, morphology)."""

    _kg_memo: dict[tuple[int, int, int], int] | None = None

    def __call__(self, doc: Doc) -> Doc:
        lem: Any = self
        if lem.mode not in ("rule", "lookup"):
            return super().__call__(doc)  # type: ignore[misc, no-any-return]
        if not lem._validated:
            lem._validate_tables(Errors.E1004)
        memo = self._kg_memo
        if memo is None:
            memo = self._kg_memo = {}
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        strings = doc.vocab.strings
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not lem.overwrite:
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                value = strings.add(lem.lemmatize(doc[i])[0])
                if pos:  # a token with no POS makes spaCy warn (W108) each time: asked each time
                    memo[key] = value
            rows[i][3] = value
            changed = True
        if changed:
            import numpy

            doc.from_array([LEMMA], numpy.asarray([r[3] for r in rows], dtype="uint64"))  # type: ignore[arg-type]
        return doc

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        self._kg_memo = None
        super().initialize(*args, **kwargs)  # type: ignore[misc]

    def from_bytes(self, *args: Any, **kwargs: Any) -> Any:
        self._kg_memo = None
        return super().from_bytes(*args, **kwargs)  # type: ignore[misc]

    def from_disk(self, *args: Any, **kwargs: Any) -> Any:
        self._kg_memo = None
        return super().from_disk(*args, **kwargs)  # type: ignore[misc]


class MemoLemmatizer(_Memo, Lemmatizer):
    """spaCy's Lemmatizer with its lemmas kept per (text, POS, morphology)."""


class MemoEnglishLemmatizer(_Memo, EnglishLemmatizer):
    """spaCy's EnglishLemmatizer with its lemmas kept per (text, POS, morphology)."""


_FAST = {AttributeRuler: TableAttributeRuler, Lemmatizer: MemoLemmatizer, EnglishLemmatizer: MemoEnglishLemmatizer}


def install(nlp: Language) -> list[str]:
    """Give the pipeline's spaCy AttributeRuler and (rule or lookup) Lemmatizer components the
    methods above, by changing their class to the subclass; the names of those changed."""
    changed = []
    for name, proc in nlp.pipeline:
        fast = _FAST.get(type(proc))
        if fast is not None:
            proc.__class__ = fast
            changed.append(name)
    return changed
