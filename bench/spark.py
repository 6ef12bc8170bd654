"""The per-article stages on Spark against one process (issue 16), with an extrapolation.

    python bench/spark.py                 # 400 synthetic articles
    python bench/spark.py --articles 2000

Articles are the synthetic ones of bench/scale.py (``--write``; built at run time from the
Wikinews texts of ../shared, never stored). Three child processes analyse the same JSON Lines
file with all stages: one process (read, prepare, analyse, no store, no corpus steps: the work a
Spark task does), ``--engine spark --master local[1]`` and ``local[2]`` (Parquet written).
Each reports wall seconds, words per second per core (wall-based: Spark's work is spread over
processes), and peak resident memory: of the driver process, and of the largest process it
started (the JVM or a Python worker; ``ru_maxrss`` of children is a maximum, not a sum).

The table at the end extrapolates to 10 million articles on a cluster of N cores. Assumptions:
articles of the benchmark's length; every core as fast as one core here in ``local[2]``
(per core); Spark's per-core overhead as measured here against one process; the input read
in parallel from a distributed file system; the corpus steps (one machine, ``lagebild load``)
not included. On a shared machine wall times are noisy: repeat and take the minimum.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds scripts, not modules: keep it off the import path (see bench/stories.py)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402

BENCH = Path(__file__).resolve().parent

ONE_PROCESS = """
import json, resource, sys, time
from lagebild.ingest import read_inputs
from lagebild.model import Skipped
from lagebild.pipeline import analyse_article, prepare
start = time.perf_counter()
words = articles = 0
for raw in read_inputs([sys.argv[1]]):
    if isinstance(raw, Skipped):
        continue
    article = analyse_article(prepare(raw))
    words += len(article.text.split())
    articles += 1
print(json.dumps({
    "wall_s": time.perf_counter() - start, "articles": articles, "words": words,
    "driver_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    "largest_child_mb": 0,
}))
"""

ON_SPARK = """
import json, resource, sys, time
from lagebild.spark import analyze_to_parquet, session
session(sys.argv[3]).sparkContext.setLogLevel("ERROR")
start = time.perf_counter()
result = analyze_to_parquet([sys.argv[1]], sys.argv[2], master=sys.argv[3])
print(json.dumps({
    "wall_s": time.perf_counter() - start, "articles": result.articles,
    "driver_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    "largest_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
}))
"""


def run(script: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "articles.jsonl"
        subprocess.run(
            [sys.executable, str(BENCH / "scale.py"), "--write", str(args.articles), str(data)],
            check=True,
        )
        one = run(ONE_PROCESS, str(data))
        words = one["words"]
        results = {"one process": (one, 1)}
        for cores in (1, 2):
            out = Path(tmp) / f"out{cores}"
            spark = run(ON_SPARK, str(data), str(out), f"local[{cores}]")
            results[f"local[{cores}]"] = (spark, cores)
    rows = []
    for name, (found, cores) in results.items():
        rate = words / found["wall_s"] / cores
        rows.append((name, found, cores, rate))
    base = rows[0][3]
    print(
        f"{args.articles} articles, {words:,} words (`python bench/spark.py "
        f"--articles {args.articles}`)\n"
    )
    print("| run | wall s | words/s per core | vs one process | driver MB | largest child MB |")
    print("|---|---|---|---|---|---|")
    for name, found, _cores, rate in rows:
        print(
            f"| {name} | {found['wall_s']:.1f} | {rate:,.0f} | {rate / base:.2f} | "
            f"{found['driver_mb']} | {found['largest_child_mb']} |"
        )
    speedup = results["local[1]"][0]["wall_s"] / results["local[2]"][0]["wall_s"]
    per_core = rows[2][3]
    print(f"\nlocal[2] / local[1] speed-up: {speedup:.2f}")
    print(f"Spark's overhead per core against one process: {1 - per_core / base:.0%}\n")
    per_article = words / args.articles
    print(f"10 million articles of {per_article:.0f} words at {per_core:,.0f} words/s per core:\n")
    print("| cores | hours |")
    print("|---|---|")
    for cores in (16, 64, 256, 1024):
        hours = 10_000_000 * per_article / (per_core * cores) / 3600
        print(f"| {cores} | {hours:,.1f} |")


if __name__ == "__main__":
    main()
