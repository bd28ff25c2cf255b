"""Cost of kg build in the length of one article, against the bare spaCy parse it rests on.

    python benchmarks/long_article.py [--sizes 10,30,100,150,300,1000] [--runs 1]

Writes one article of short sentences per size (in KB): invented office holders visiting,
meeting and thanking each other in invented and real capitals ("Orsa Veltan visited Lusima."),
mixed with longer varied sentences, in paragraphs of five. For each size it measures, in this
process and with the model loaded once: (a) the bare parse (kg.nlp.pipe: spaCy's nlp.pipe over
the text cut into parts as kg cuts it); (b) kg.build of the text and its outputs written
(write_outputs); (c) the peak resident memory growth of the process over (b). Prints wall and CPU seconds
and the ratios b/a (the CPU ratio is the steadier on a shared machine); the target for 150 KB
is b <= 1.5 a + 3 s. The first size also pays for loading the gazetteers. Reports figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Orsa", "Tamen", "Ilvo", "Brisa", "Kaspar", "Nelia", "Odran", "Pella", "Ruvik", "Sanne", "Teodor", "Vesna"]
LAST = ["Veltan", "Marrow", "Kesti", "Dunhal", "Oporek", "Lindqvar", "Ambrose", "Tarnick", "Quell", "Ferrand"]
STATES = [("Kenya", "Kenyan", "Nairobi"), ("Chile", "Chilean", "Santiago"), ("Poland", "Polish", "Warsaw"),
          ("Japan", "Japanese", "Tokyo"), ("Ghana", "Ghanaian", "Accra"), ("Peru", "Peruvian", "Lima"),
          ("Norway", "Norwegian", "Oslo"), ("Vietnam", "Vietnamese", "Hanoi")]
TITLES = ["President", "Prime Minister", "Foreign Minister", "Trade Minister"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(size: int, seed: int = 7) -> str:
    """About `size` characters of short and varied sentences, in paragraphs of five."""
    rnd = random.Random(seed)

    def person() -> str:
        return f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"

    def sentence() -> str:
        (s1, d1, c1), (s2, d2, c2) = rnd.sample(STATES, 2)
        p, q, t, day = person(), person(), rnd.choice(TITLES), rnd.choice(DAYS)
        return rnd.choice([
            f"{p} visited {c2}.",
            f"{p} met {q}.",
            f"{q} thanked {s1}.",
            f"{d1} {t} {p} arrived in {c2} on {day}.",
            f"{p} held talks with {q} in {c1}.",
            f"{s1} and {s2} signed a trade agreement.",
            f"{t} {p} said the visit of the {d2} delegation would strengthen ties between the two countries.",
            f"{p}, who heads the {d1} mission, praised {q} for the help {s2} gave after the floods.",
            f"On {day}, {d1} {t} {p} called {q} to discuss the border.",
        ])

    paras, length = [], 0
    paras.append(f"{person()} tours the region\n\n{STATES[0][2].upper()}, March 3, 2024 — ")
    while length < size:
        para = " ".join(sentence() for _ in range(5))
        paras.append(para)
        length += len(para) + 2
    return paras[0] + "\n\n".join(paras[1:]) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,30,100,150,300,1000", help="article sizes in KB, comma-separated")
    ap.add_argument("--runs", type=int, default=1, help="runs per size (the fastest counts)")
    args = ap.parse_args()
    from kg.ingest import parse_article
    from kg.nlp import load_model, pipe
    from kg.pipeline import build, write_outputs

    nlp = load_model()
    print(f"{'KB':>6} {'bare s':>8} {'kg s':>8} {'ratio':>6} {'target s':>9} {'bare CPU':>9} {'kg CPU':>8} "
          f"{'ratio':>6} {'+RSS MB':>8} {'events':>7}  kg stages (s)")
    for kb in (int(s) for s in args.sizes.split(",")):
        text = article(kb * 1000)
        parse = parse_article(text, article_id="long").parse_text()
        bare, bare_cpu = min(_timed(lambda parse=parse: list(pipe(nlp, [(parse, None)]))) for _ in range(args.runs))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with tempfile.TemporaryDirectory() as out:
            runs = []
            for _ in range(args.runs):
                t0, c0 = time.perf_counter(), time.process_time()
                result = build([], texts=[text])
                write_outputs(result, Path(out))
                runs.append((time.perf_counter() - t0, time.process_time() - c0))
        kg, kg_cpu = min(runs)
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        stages = ", ".join(f"{k} {v:.1f}" for k, v in result.timings.items())
        print(f"{kb:>6} {bare:>8.2f} {kg:>8.2f} {kg / bare:>6.2f} {1.5 * bare + 3:>9.2f} "
              f"{bare_cpu:>9.2f} {kg_cpu:>8.2f} "
              f"{kg_cpu / bare_cpu:>6.2f} {grown:>8.0f} {len(result.events):>7}  {stages}", flush=True)
    return 0


def _timed(fn: object) -> tuple[float, float]:
    """Wall and CPU seconds of fn()."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t0, time.process_time() - c0


if __name__ == "__main__":
    sys.exit(main())
