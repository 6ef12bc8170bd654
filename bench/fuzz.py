"""The long fuzz run of issue 13: generated hostile inputs through the readers and the whole
per-article path (prepare, every stage, the store), with the strategies and checks of
``tests/fuzzing.py`` (which CI runs a few hundred of).

    python bench/fuzz.py --inputs 50000 [--seed 1] [--json out/fuzz.json]

Stops at the first input that crashes, breaks an article's offsets or costs more than
``fuzzing.SECONDS_PER_INPUT`` of CPU, and prints it (Hypothesis shrinks it first); else prints
how many inputs ran, how many articles came out and were stored, how many were skipped and why
(by reason), and the most CPU one input took.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzzing import Outcome, check_input, inputs  # noqa: E402
from lagebild.store import Store  # noqa: E402


def _reason_kind(reason: str) -> str:
    """A skip reason without the parts that vary (numbers, quoted values)."""
    return re.sub(r"\d[\d,.]*|'[^']*'|\([^)]*\)", "…", reason)[:80]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="write the summary as JSON here")
    args = parser.parse_args()

    totals: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    slowest = Outcome()
    started = time.process_time()

    with Store(":memory:") as store:

        @seed(args.seed)
        @settings(
            max_examples=args.inputs,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=inputs)
        def run(case: tuple[str, bytes]) -> None:
            nonlocal slowest
            outcome = check_input(*case, store)
            totals["inputs"] += 1
            totals["articles"] += outcome.articles
            totals["skips"] += len(outcome.skipped)
            reasons.update(_reason_kind(r) for r in outcome.skipped)
            if outcome.seconds > slowest.seconds:
                slowest = outcome
            if totals["inputs"] % 1000 == 0:
                print(f"{totals['inputs']} inputs, {totals['articles']} articles", flush=True)

        run()
    summary = {
        "inputs": totals["inputs"],
        "articles_stored": totals["articles"],
        "skips": totals["skips"],
        "skip_reasons": dict(reasons.most_common()),
        "max_cpu_seconds_per_input": round(slowest.seconds, 2),
        "cpu_seconds": round(time.process_time() - started, 1),
        "seed": args.seed,
        "failures": 0,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
