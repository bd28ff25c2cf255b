"""kg's own output conforms to its shapes (kg validate) for every shipped article and, when the
workplace's ../shared corpus lies beside the project, every development article."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DEV = ROOT.parent / "shared" / "corpus" / "dev"


def run(*args):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=1200)


def _build_and_validate(folder: Path, out: Path) -> None:
    p = run("build", str(folder), "--out", str(out), "-q")
    assert p.returncode == 0, p.stderr
    for ext in ("nt", "ttl", "jsonld"):
        p = run("validate", str(out / f"graph.{ext}"))
        assert p.returncode == 0, p.stdout[-2000:] + p.stderr
    nt = (out / "graph.nt").read_text(encoding="utf-8")
    types = {}
    for line in nt.splitlines():
        s, p_, o = line.split(" ", 2)
        if p_ == "<http://semanticweb.cs.vu.nl/2009/11/sem/eventType>":
            types.setdefault(s, set()).add(o)
    assert types and all(len(v) == 1 for v in types.values())  # one event per IRI


def test_shipped_articles_validate(tmp_path):
    _build_and_validate(DATA, tmp_path / "o")


@pytest.mark.skipif(not DEV.is_dir(), reason="no ../shared corpus here")
def test_development_articles_validate(tmp_path):
    _build_and_validate(DEV, tmp_path / "o")
