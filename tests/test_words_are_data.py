"""Words are data: the word lists of extract, resolve, ingest and export live in kg/lexicons,
each file with a '#' header, read through the one loader (and so under KG_LEXICONS)."""
import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg import lexicons

ROOT = Path(__file__).resolve().parent.parent
MODULES = ["kg/extract/mentions.py", "kg/extract/coref.py", "kg/extract/dates.py", "kg/extract/__init__.py",
           "kg/extract/lexicon.py", "kg/resolve/__init__.py", "kg/resolve/links.py", "kg/ingest.py", "kg/text.py",
           "kg/event_types.py", "kg/graph.py", "kg/graph_from_rdf.py", "kg/export/html.py", "kg/export/rdf.py",
           "kg/export/vocab.py"]


def _word_literals(path: str) -> list[tuple[int, int]]:
    """(line, number of strings) of every set, list, tuple or dict literal with ten or more strings."""
    out = []
    for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            elts = list(node.elts)
        elif isinstance(node, ast.Dict):
            elts = [k for k in node.keys if k is not None] + list(node.values)
        else:
            continue
        elts += [x for e in elts if isinstance(e, ast.Tuple) for x in e.elts]
        n = sum(isinstance(e, ast.Constant) and isinstance(e.value, str) and e.value.isalpha() for e in elts)
        if n >= 10:
            out.append((node.lineno, n))
    return out


@pytest.mark.parametrize("path", MODULES)
def test_no_word_list_in_code(path):
    found = _word_literals(path)
    if path == "kg/export/rdf.py":  # PREFIXES: namespace prefixes, not words
        found = [f for f in found if "PREFIXES" not in (ROOT / path).read_text().splitlines()[f[0] - 1]]
    if path == "kg/export/html.py":  # the node attributes copied onto the page
        found = [f for f in found if "for k in (" not in (ROOT / path).read_text().splitlines()[f[0] - 1]]
    assert found == [], f"{path}: word lists at lines {found}: move them to kg/lexicons"


@pytest.mark.parametrize("path", sorted(p.name for p in lexicons.SHIPPED.iterdir() if p.suffix in (".tsv", ".txt")))
def test_every_lexicon_file_has_a_header(path):
    assert (lexicons.SHIPPED / path).read_text(encoding="utf-8").startswith("# ")


def test_the_word_lists_honour_the_override(tmp_path):
    numbers = (lexicons.SHIPPED / "numbers.tsv").read_text(encoding="utf-8")
    (tmp_path / "numbers.tsv").write_text(numbers + "eleven\t11\n", encoding="utf-8")
    (tmp_path / "name_particles.txt").write_text("# test\nzu\n", encoding="utf-8")
    script = (f"import json, sys; sys.path.insert(0, {str(ROOT)!r})\n"
              "from kg.extract import _initials\nfrom kg.extract.coref import NAME_PARTICLES\n"
              "print(json.dumps([_initials('Group of Eleven'), sorted(NAME_PARTICLES)]))")
    env = {"KG_LEXICONS": str(tmp_path), "PATH": "/usr/bin:/bin", "KG_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == ["G11", ["zu"]]
