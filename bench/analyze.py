"""Throughput and peak memory of `analyze` (ingest + clean + stages + store).

Runs on the 700 articles of ../shared/eval/quotes-de/train.jsonl (their text only; the gold is
not used), on one core, into a fresh SQLite store. Compare stage sets to see what each layer
costs:

    python bench/analyze.py                           # foundation: linguistic stage only
    python bench/analyze.py --stages linguistic,timex # + time expressions
    python bench/analyze.py --stages all              # every stage this installation has
    python bench/analyze.py --profile                 # where the time goes, per component
    python bench/analyze.py --cprofile 30             # the whole run under cProfile (CPU time)
    python bench/analyze.py --jobs 2                  # worker processes (wall clock counts)
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the target says
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "eval" / "quotes-de" / "train.jsonl"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--corpus", default=str(CORPUS), help="JSON Lines file to analyse")
    parser.add_argument(
        "--stages",
        default="linguistic",
        help="comma-separated stages, or 'all' (default: linguistic)",
    )
    parser.add_argument(
        "--jobs", type=int, default=1, help="worker processes for the stages (default: 1)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="time each component separately instead of the whole run",
    )
    parser.add_argument(
        "--cprofile",
        type=int,
        metavar="N",
        help="run the whole analysis under cProfile (CPU clock) and print the N functions with "
        "the most cumulative time; the totals are inflated by the profiler",
    )
    args = parser.parse_args()
    if not Path(args.corpus).is_file():
        print(f"corpus not found: {args.corpus} (needs ../shared)", file=sys.stderr)
        return 2

    import lagebild
    from lagebild.stages import build_pipeline

    stages = None if args.stages == "all" else tuple(args.stages.split(","))
    names = [s.name for s in build_pipeline(stages)]
    if args.profile:
        return profile(args.corpus, stages)

    # warm-up: load models and lexicons once, so the figure is steady-state throughput
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.jsonl"
        with open(args.corpus, encoding="utf-8") as fh:
            warm.write_text(fh.readline(), encoding="utf-8")
        lagebild.analyze([str(warm)], stages=stages)
        start_mb = peak_mb()
        profiler = cProfile.Profile(time.process_time) if args.cprofile else None
        started, cpu_started = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        corpus = lagebild.analyze(
            [args.corpus], db=str(Path(tmp) / "bench.db"), stages=stages, jobs=args.jobs
        )
        if profiler:
            profiler.disable()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    words = sum(len(a.text.split()) for a in corpus.articles)
    print(f"stages: {', '.join(names)}  worker processes: {args.jobs}")
    print(f"articles: {len(corpus.articles)}  skipped: {len(corpus.skipped)}  words: {words}")
    print(f"wall: {elapsed:.1f} s  throughput: {words / elapsed:,.0f} words/s")
    if args.jobs == 1:
        steady = "(steadier on a busy machine)"
        print(f"CPU:  {cpu:.1f} s  throughput: {words / cpu:,.0f} words/s {steady}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"peak memory: {peak_mb():.0f} MB (after model loading: {start_mb:.0f} MB; main process)")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.cprofile)
    return 0


def profile(corpus_path: str, stages: tuple[str, ...] | None) -> int:
    from lagebild.ingest import read_inputs
    from lagebild.pipeline import prepare
    from lagebild.stages import build_pipeline, postag
    from lagebild.stages.tokenize import split

    timings: dict[str, float] = {}

    def timed(name, fn, *a):
        t = time.perf_counter()
        result = fn(*a)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - t
        return result

    raws = timed("read", lambda: list(read_inputs([corpus_path])))
    articles = [timed("clean+metadata", prepare, r) for r in raws]
    words = sum(len(a.text.split()) for a in articles)
    pipeline = build_pipeline(stages)
    for article in articles:
        sentences, spans = timed("sentences+tokens", split, article.text)
        for sent in spans:
            timed("POS+lemma (postag)", postag.tag, [article.text[s:e] for s, e in sent])
        for stage in pipeline:
            timed(f"stage {stage.name} (whole)", stage.run, article)
    print(f"{len(articles)} articles, {words} words")
    for name, seconds in timings.items():
        print(f"{name:<32} {seconds:7.2f} s  {words / seconds:>10,.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
