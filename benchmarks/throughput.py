"""Throughput of kg build against the bare spaCy parse it rests on.

    python benchmarks/throughput.py [--articles 2000] [--batch-size 16] [--jobs 1] [--bare-runs 2]

Builds a corpus of N articles by recombining the sentences, names, states and dates of the
articles the project ships (data/ and tests/fixtures/corpus/), writes it as JSONL, then measures
in the same run and on the same corpus: (a) bare spaCy nlp.pipe, same model (as its package loads it,
with none of kg's changes) and batch size;
(b) `kg build` end to end (a separate process, files written, no cache); (c) the peak resident
memory of (b); (d) Turtle and N-Triples write rates and (e) page generation time, both from the
stage timings that build prints. Prints articles/s for (a) and (b) and the ratio b/a (against the
mean of a bare run before and one after the build, since the machine's speed drifts; CPU seconds
as well, counted over all processes: with --jobs > 1 the spaCy worker processes of (a) and kg's
worker processes of (b) too). Reports figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "data" / "raeisi-havana-2023.txt", *sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*.txt"))]
PEOPLE = ["Ebrahim Raeisi", "Miguel Diaz-Canel", "William Ruto", "Emmanuel Macron", "Olaf Scholz",
          "Gabriel Boric", "Andrzej Duda", "Narendra Modi", "Fumio Kishida", "Cyril Ramaphosa"]
STATES = [("Iran", "Iranian", "Tehran"), ("Cuba", "Cuban", "Havana"), ("Kenya", "Kenyan", "Nairobi"),
          ("France", "French", "Paris"), ("Germany", "German", "Berlin"), ("Chile", "Chilean", "Santiago"),
          ("Poland", "Polish", "Warsaw"), ("India", "Indian", "New Delhi"), ("Japan", "Japanese", "Tokyo"),
          ("South Africa", "South African", "Pretoria")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def sentences() -> list[str]:
    out = []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for para in text.split("\n\n")[2:]:
            out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", para) if 40 < len(s.strip()) < 400]
    return out


def make_corpus(n: int, path: Path, seed: int = 3) -> int:
    rnd = random.Random(seed)
    pool = sentences()
    names = [p for p in PEOPLE]
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            a, b = rnd.sample(range(len(STATES)), 2)
            pa, pb = rnd.sample(names, 2)
            swap = {"Raeisi": pa.split()[-1], "Diaz-Canel": pb.split()[-1], "Ruto": pa.split()[-1],
                    "Macron": pb.split()[-1], "Iran": STATES[a][0], "Cuba": STATES[b][0], "Kenya": STATES[a][0],
                    "France": STATES[b][0], "Iranian": STATES[a][1], "Cuban": STATES[b][1],
                    "Kenyan": STATES[a][1], "French": STATES[b][1], "Havana": STATES[b][2], "Paris": STATES[b][2],
                    "Nairobi": STATES[a][2], "Tehran": STATES[a][2]}
            body = " ".join(rnd.sample(pool, min(len(pool), rnd.randint(10, 16))))
            body = re.sub(r"\b(" + "|".join(map(re.escape, swap)) + r")\b", lambda m, swap=swap: swap[m.group(1)], body)
            month, day = rnd.choice(MONTHS), rnd.randint(1, 28)
            text = (f"{pa} meets {pb} in {STATES[b][2]}\n\n{STATES[b][2].upper()}, {month} {day}, 2023 — "
                    f"{STATES[a][1]} President {pa} met {STATES[b][1]} President {pb} on Tuesday. {body}\n")
            out.write(json.dumps({"id": f"synthetic-{i}", "text": text}) + "\n")
            size += len(text)
    return size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--bare-runs", type=int, default=2, choices=(1, 2),
                    help="parse the corpus bare before and after the build (2) or only before (1)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    corpus = tmp / "corpus.jsonl"
    chars = make_corpus(args.articles, corpus)
    print(f"machine: {os.cpu_count()} cores; corpus: {args.articles} articles, {chars / 1e6:.1f} M characters")

    from kg.ingest import read_inputs
    from kg.nlp import DEFAULT_MODEL

    # bare spaCy is the pipeline as its package ships it: without kg's components and without
    # the faster attribute_ruler and lemmatizer methods of kg.nlp.rule_pipes
    nlp = importlib.import_module(DEFAULT_MODEL).load()
    texts = [a.parse_text() for a in read_inputs([corpus])]

    def bare() -> tuple[float, float]:  # wall and CPU seconds of nlp.pipe over the corpus
        # CPU seconds of this process and of spaCy's worker processes (--jobs > 1), which are
        # children of this one and counted in RUSAGE_CHILDREN once they have ended
        c0, k0, t0 = time.process_time(), _children_cpu(), time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.jobs):
            pass
        return time.perf_counter() - t0, time.process_time() - c0 + _children_cpu() - k0

    bare_runs = [bare()]
    print(f"(a) bare spaCy nlp.pipe: {bare_runs[0][0]:.1f} s, {args.articles / bare_runs[0][0]:.1f} articles/s")
    out = tmp / "out"
    t0 = time.perf_counter()
    build = _run_build([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--no-cache",
                        "--batch-size", str(args.batch_size), "--jobs", str(args.jobs)], tmp)
    full = time.perf_counter() - t0
    if build.returncode:
        print(build.stderr, file=sys.stderr)
        return 1
    build_cpu = build.usage.ru_utime + build.usage.ru_stime  # the build and its spaCy workers
    peak = build.usage.ru_maxrss / 1024  # the largest process of the build's tree
    if args.bare_runs > 1:  # the machine's speed drifts: parse again after the build and average
        bare_runs.append(bare())
        print(f"(a) bare spaCy nlp.pipe, again: {bare_runs[1][0]:.1f} s, {args.articles / bare_runs[1][0]:.1f} "
              f"articles/s")
    a_wall = sum(w for w, _c in bare_runs) / len(bare_runs)
    a_cpu = sum(c for _w, c in bare_runs) / len(bare_runs)
    b_rate = args.articles / full
    print(f"(b) kg build end to end: {full:.1f} s, {b_rate:.1f} articles/s; ratio b/a = {a_wall / full:.2f} "
          f"(CPU seconds over all processes: spaCy {a_cpu:.1f}, kg build {build_cpu:.1f}, ratio "
          f"{a_cpu / build_cpu:.2f})")
    tree = f"; all its processes together {build.tree_peak / 2**20:.0f} MB" if build.tree_peak else ""
    print(f"(c) peak resident memory of kg build: {peak:.0f} MB{tree}")
    summary = dict(line.split(": ", 1) for line in build.stdout.splitlines() if ": " in line)
    stages = {name: float(sec) for name, sec, _unit in (s.split(" ") for s in summary["stages"].split(", "))}
    triples = int(summary["triples"])
    ttl, nt = stages["ttl"], stages["rdf"] + stages["nt"]
    print(f"(d) {triples:,} triples: Turtle {ttl:.2f} s, {triples / ttl:,.0f} triples/s; N-Triples (made and "
          f"written) {nt:.2f} s, {triples / nt:,.0f} triples/s; JSON-LD {stages['jsonld']:.2f} s")
    print(f"(e) page: selection, its network, layout and HTML {stages['html']:.2f} s, "
          f"{(out / 'graph.html').stat().st_size / 1e6:.1f} MB")
    print("    kg build stages: " + summary["stages"])
    return 0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class _Build:
    returncode: int
    stdout: str
    stderr: str
    usage: resource.struct_rusage  # of the build process and the processes it waited for
    tree_peak: int  # bytes: the largest sum of the resident memory of the build and its children seen


def _run_build(cmd: list[str], tmp: Path) -> _Build:
    """Run kg build; its resource usage from wait4 (its own and its workers', not this process's
    other children), and the peak of its process tree's summed resident memory (psutil, sampled)."""
    out, err = tmp / "build.out", tmp / "build.err"
    with out.open("w") as o, err.open("w") as e:
        proc = subprocess.Popen(cmd, stdout=o, stderr=e)
        tree_peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal tree_peak
            try:
                import psutil
            except ImportError:
                return
            try:
                root = psutil.Process(proc.pid)
                while not stop.wait(0.1):
                    total = 0
                    for p in [root, *root.children(recursive=True)]:
                        with contextlib.suppress(psutil.Error):
                            total += p.memory_info().rss
                    tree_peak = max(tree_peak, total)
            except psutil.Error:
                return

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
    return _Build(proc.returncode, out.read_text(), err.read_text(), usage, tree_peak)


if __name__ == "__main__":
    sys.exit(main())
