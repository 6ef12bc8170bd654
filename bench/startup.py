"""Start-up cost: CPU seconds for analysing one small article from the command line (issue 13:
under 2 s). Each run is a fresh ``lagebild analyze ARTICLE --no-db --json -`` process, so the
figure holds everything a user waits for: the interpreter, the imports, loading the models and
data files, the stages, the corpus steps and writing the JSON. With ``--store`` each run writes
a new store instead (``--db`` in a fresh folder), as ``lagebild analyze`` does by default.

    python bench/startup.py [--runs 5] [--store] [--article bench/data/startup-article.txt]
    python bench/startup.py --breakdown    # where one run's CPU goes, in a fresh process

CPU time (user + system of the child process) is reported besides wall time: on a shared
machine it is the steadier figure. The minimum over the runs is the figure to quote; the
article is three sentences we wrote.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = Path(__file__).parent / "data" / "startup-article.txt"


def one_run(article: Path, store: bool) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one ``lagebild analyze`` process."""
    with tempfile.TemporaryDirectory() as folder:
        where = ["--db", str(Path(folder) / "lagebild.db")] if store else ["--no-db"]
        before = os.times()
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "lagebild.cli", "analyze", str(article), *where, "--json", "-"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return cpu, wall


# (module, function) timed by --breakdown; nested ones are part of the ones around them
PARTS = (
    ("lagebild.pipeline", "_language_identifier", "language identification model"),
    ("lagebild.pipeline", "run_stages", "the stages, with loading their models"),
    ("lagebild.pipeline", "corpus_steps", "entity resolution and the other corpus steps"),
    ("lagebild.pipeline", "cluster_corpus", "stories (no store)"),
    ("lagebild.corpus.stories.in_memory", "article_embeddings", "  of it the sentence encoder"),
    ("lagebild.corpus.stories.embedding", "encoder", "    of it loading the encoder"),
)

BREAKDOWN = """
import functools, importlib, sys, time
started = time.process_time()
import lagebild.cli
spent = {"imports": time.process_time() - started}
for module, name, label in PARTS:
    owner = importlib.import_module(module)
    function = getattr(owner, name)
    def timed(*args, _function=function, _label=label, **kwargs):
        began = time.process_time()
        try:
            return _function(*args, **kwargs)
        finally:
            spent[_label] = spent.get(_label, 0.0) + time.process_time() - began
    setattr(owner, name, functools.wraps(function)(timed))
sys.argv = ["lagebild", "analyze", ARTICLE, "--no-db", "--json", "-"]
sys.stdout = open("/dev/null", "w")
try:
    lagebild.cli.main()
except SystemExit:
    pass
sys.stdout = sys.__stdout__
for label in ["imports", *(label for _, _, label in PARTS)]:
    print(f"{label:<50} {spent.get(label, 0.0):5.2f} s")
print(f"{'whole process (without the interpreter start)':<50} {time.process_time():5.2f} s")
"""


def breakdown(article: Path) -> None:
    """One run in a fresh interpreter, with the CPU time of its main parts."""
    program = f"PARTS = {PARTS!r}\nARTICLE = {str(article)!r}\n{BREAKDOWN}"
    subprocess.run([sys.executable, "-c", program], check=True, stderr=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="fresh processes to time")
    parser.add_argument("--article", type=Path, default=ARTICLE, help="the article to analyse")
    parser.add_argument("--store", action="store_true", help="write a new store in each run")
    parser.add_argument("--breakdown", action="store_true", help="where one run's CPU goes")
    args = parser.parse_args()
    if args.breakdown:
        breakdown(args.article)
        return 0
    runs = [one_run(args.article, args.store) for _ in range(args.runs)]
    for number, (cpu, wall) in enumerate(runs, 1):
        print(f"run {number}: {cpu:.2f} s CPU, {wall:.2f} s wall")
    cpu, wall = min(runs)
    into = "into a new store" if args.store else "without a store"
    print(
        f"start-up, one small article {into}: {cpu:.2f} s CPU (min of {len(runs)}),"
        f" {wall:.2f} s wall"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
