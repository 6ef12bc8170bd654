"""The per-article stages on Spark against one process (issue 16), with an extrapolation.

    python bench/spark.py                 # 400 synthetic articles
    python bench/spark.py --articles 2000

Articles are the synthetic ones of bench/scale.py (``--write``; built at run time from the
Wikinews texts of ../shared, never stored). Three child processes analyse the same JSON Lines
file with all stages: one process (read, prepare, analyse, no store, no corpus steps: the work a
Spark task does), ``--engine spark --master local[1]`` and ``local[2]`` (Parquet written).
Each reports wall seconds; CPU seconds of the process and everything it started (the JVM and
the Python workers, counted once the Spark session has stopped), so Spark's overhead is
measured by CPU, which a busy machine does not distort as it does wall time; words per CPU
second; and peak resident memory of the driver process and of the largest process it started
(``ru_maxrss`` of children is a maximum, not a sum).

The table at the end extrapolates to 10 million articles on a cluster of N cores. Assumptions:
articles of the benchmark's length; every core as fast as one core here; Spark's CPU overhead as
measured here; tasks spread evenly over the cores (speed-up linear in cores, which the
``local[2]``/``local[1]`` wall ratio checks only on an otherwise idle machine); the input read in
parallel from a distributed file system; the corpus steps (one machine, ``lagebild load``) not
included.
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
start, cpu = time.perf_counter(), time.process_time()
words = articles = 0
for raw in read_inputs([sys.argv[1]]):
    if isinstance(raw, Skipped):
        continue
    article = analyse_article(prepare(raw))
    words += len(article.text.split())
    articles += 1
print(json.dumps({
    "wall_s": time.perf_counter() - start, "articles": articles, "words": words,
    "cpu_s": time.process_time() - cpu,
    "driver_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    "largest_child_mb": 0,
}))
"""

ON_SPARK = """
import json, os, resource, sys, time
from lagebild.spark import analyze_to_parquet, session

def tree():
    # this process and everything it started (the JVM, the Python workers): Linux /proc
    found, stack = [], [os.getpid()]
    while stack:
        pid = stack.pop()
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    stack += [int(c) for c in fh.read().split()]
            found.append(pid)
        except OSError:
            pass
    return found

def cpu(pids):
    # user and system time, with that of finished children the processes waited for
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return total

def peak_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(l.split()[1]) for l in fh if l.startswith("VmHWM")) // 1024
    except (OSError, StopIteration):
        return 0

spark = session(sys.argv[3])
spark.sparkContext.setLogLevel("ERROR")
start, before = time.perf_counter(), cpu(tree())
result = analyze_to_parquet([sys.argv[1]], sys.argv[2], master=sys.argv[3])
wall = time.perf_counter() - start
pids = tree()
others = [peak_mb(p) for p in pids if p != os.getpid()]
print(json.dumps({
    "wall_s": wall, "articles": result.articles, "cpu_s": cpu(pids) - before,
    "driver_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    "largest_child_mb": max(others, default=0), "all_mb": peak_mb(os.getpid()) + sum(others),
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
    base = words / one["cpu_s"]
    print(
        f"{args.articles} articles, {words:,} words (`python bench/spark.py "
        f"--articles {args.articles}`)\n"
    )
    print("| run | wall s | CPU s | words per CPU s | driver MB | largest child MB | all MB |")
    print("|---|---|---|---|---|---|---|")
    for name, (found, _cores) in results.items():
        print(
            f"| {name} | {found['wall_s']:.1f} | {found['cpu_s']:.1f} | "
            f"{words / found['cpu_s']:,.0f} | {found['driver_mb']} | "
            f"{found['largest_child_mb']} | {found.get('all_mb', found['driver_mb'])} |"
        )
    speedup = results["local[1]"][0]["wall_s"] / results["local[2]"][0]["wall_s"]
    on_spark = words / max(results[k][0]["cpu_s"] for k in ("local[1]", "local[2]"))
    print(f"\nlocal[2] / local[1] wall speed-up: {speedup:.2f}")
    print(f"Spark's CPU overhead against one process: {base / on_spark - 1:.0%}\n")
    per_article = words / args.articles
    print(f"10 million articles of {per_article:.0f} words at {on_spark:,.0f} words per CPU s:\n")
    print("| cores | hours |")
    print("|---|---|")
    for cores in (16, 64, 256, 1024):
        hours = 10_000_000 * per_article / (on_spark * cores) / 3600
        print(f"| {cores} | {hours:,.1f} |")


if __name__ == "__main__":
    main()
