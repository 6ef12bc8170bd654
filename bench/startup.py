"""Start-up cost: CPU seconds for analysing one small article from the command line (issue 13:
under 2 s). Each run is a fresh ``lagebild analyze ARTICLE --no-db --json -`` process, so the
figure holds everything a user waits for: the interpreter, the imports, loading the models and
data files, the stages, the corpus steps and writing the JSON.

    python bench/startup.py [--runs 5] [--article bench/data/startup-article.txt]

CPU time (user + system of the child process) is reported besides wall time: on a shared
machine it is the steadier figure. The minimum over the runs is the figure to quote; the
article is three sentences we wrote.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ARTICLE = Path(__file__).parent / "data" / "startup-article.txt"


def one_run(article: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one ``lagebild analyze`` process."""
    before = os.times()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "lagebild.cli", "analyze", str(article), "--no-db", "--json", "-"],
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="fresh processes to time")
    parser.add_argument("--article", type=Path, default=ARTICLE, help="the article to analyse")
    args = parser.parse_args()
    runs = [one_run(args.article) for _ in range(args.runs)]
    for number, (cpu, wall) in enumerate(runs, 1):
        print(f"run {number}: {cpu:.2f} s CPU, {wall:.2f} s wall")
    cpu, wall = min(runs)
    print(f"start-up, one small article: {cpu:.2f} s CPU (min of {len(runs)}), {wall:.2f} s wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
