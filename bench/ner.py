"""Strict span-and-type F1 of the shipped NER model on the GermEval held-out part.

The held-out part (last quarter of germeval2014-test-a, see bench/germeval.py) is never used for
training or tuning. Outer level, all GermEval labels, micro-averaged as in the shared task.
    python3 bench/ner.py [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import pycrfsuite

from germeval import NER_DIR, held_out, spans
from lagebild.stages import entities


def score(sentences, tagger) -> dict[str, Counter]:
    """Per label: true positives, gold spans and predicted spans."""
    counts: dict[str, Counter] = {}
    for s in sentences:
        gold = spans(s.tags)
        predicted = spans(tagger.tag(entities.sentence_features(s.words, s.pos, s.lemmas)))
        for label, bucket in (("gold", gold), ("pred", predicted), ("tp", gold & predicted)):
            for span in bucket:
                counts.setdefault(span[2], Counter())[label] += 1
    return counts


def _prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def table(counts: dict[str, Counter]) -> str:
    rows = ["| label | gold | P | R | F1 |", "|---|---:|---:|---:|---:|"]
    total: Counter = Counter()
    for label in sorted(counts, key=lambda k: -counts[k]["gold"]):
        total.update(counts[label])
        p, r, f = _prf(counts[label])
        rows.append(f"| {label} | {counts[label]['gold']} | {p:.3f} | {r:.3f} | {f:.3f} |")
    p, r, f = _prf(total)
    rows.append(f"| **all (micro)** | {total['gold']} | {p:.3f} | {r:.3f} | **{f:.3f}** |")
    return "\n".join(rows)


def figures(counts: dict[str, Counter]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 per label and micro-averaged over all (key ``all``)."""
    total: Counter = Counter()
    for c in counts.values():
        total.update(c)
    return {
        label: dict(zip(("p", "r", "f1"), _prf(c), strict=True))
        for label, c in {**counts, "all": total}.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--model", type=Path, help="score this model instead of the shipped one")
    args = parser.parse_args()
    if not NER_DIR.exists():
        print(f"{NER_DIR} not found: the benchmark needs ../shared", file=sys.stderr)
        return 1
    sentences = held_out()
    print(f"GermEval 2014 held-out: {len(sentences)} sentences, outer level, strict span+type")
    if args.model:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(args.model))
    else:
        tagger = entities.tagger()
    counts = score(sentences, tagger)
    print(table(counts))
    if args.json:
        args.json.write_text(json.dumps(figures(counts), indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
