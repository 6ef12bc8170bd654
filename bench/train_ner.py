"""Train the shipped NER model (src/lagebild/models/ner-de.crfsuite) from GermEval 2014.

Deterministic: L-BFGS over a fixed split (see bench/germeval.py) with fixed hyper-parameters.
    python3 bench/train_ner.py            # train on train + tune + MobIE, write the model
    python3 bench/train_ner.py --tune     # train on train only and score on tune (for tuning)
    python3 bench/train_ner.py --cv 4     # k-fold over train + tune: a steadier tuning figure
    ... --europeana all|masked|none        # the extra historic-newspaper sentences (see germeval)
    ... --out FILE                         # write the model elsewhere (score: bench/ner.py --model)
    ... --iterations N                     # fewer L-BFGS iterations: quicker, rougher comparisons
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pycrfsuite

from germeval import europeana, mobie, split
from lagebild.stages import entities
from ner import score, table

EUROPEANA = "none"  # which Europeana sentences the shipped model is trained on
C1 = 0.05  # L1: keeps the model small
C2 = 0.02
MAX_ITERATIONS = 250


def train(sentences, model_path: Path, iterations: int = MAX_ITERATIONS) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sentences:
        trainer.append(entities.sentence_features(s.words, s.pos, s.lemmas), s.tags)
    trainer.set_params(
        {
            "c1": C1,
            "c2": C2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(model_path))


def extra(which: str) -> list:
    """MobIE always, and the Europeana sentences asked for."""
    return mobie() + ([] if which == "none" else europeana(masked=which == "masked"))


def _fold_counts(fold: int, folds: int, which: str) -> dict[str, Counter]:
    """Train on all GermEval training sentences but every ``folds``-th (and MobIE), score those."""
    parts = split()
    pool = parts["train"] + parts["tune"]
    held = [s for k, s in enumerate(pool) if k % folds == fold]
    rest = [s for k, s in enumerate(pool) if k % folds != fold]
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "fold.crfsuite"
        train(rest + extra(which), model)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model))
        return score(held, tagger)


def cross_validate(folds: int, which: str) -> dict[str, Counter]:
    total: dict[str, Counter] = {}
    with ProcessPoolExecutor(max_workers=2) as pool:
        for counts in pool.map(_fold_counts, range(folds), [folds] * folds, [which] * folds):
            for label, c in counts.items():
                total.setdefault(label, Counter()).update(c)
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tune", action="store_true", help="train on train, score on tune")
    parser.add_argument("--cv", type=int, metavar="K", help="k-fold over train + tune")
    parser.add_argument("--europeana", choices=("all", "masked", "none"), default=EUROPEANA)
    parser.add_argument("--out", type=Path, default=entities.MODEL_FILE, help="model file")
    parser.add_argument("--iterations", type=int, default=MAX_ITERATIONS, help="L-BFGS iterations")
    args = parser.parse_args()
    parts = split()
    started = time.perf_counter()
    if args.cv:
        print(table(cross_validate(args.cv, args.europeana)))
    elif args.tune:
        with tempfile.TemporaryDirectory() as tmp:
            model = Path(tmp) / "tune.crfsuite"
            train(parts["train"] + extra(args.europeana), model, args.iterations)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(model))
            print(table(score(parts["tune"], tagger)))
    else:
        train(parts["train"] + parts["tune"] + extra(args.europeana), args.out, args.iterations)
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    print(f"trained in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
