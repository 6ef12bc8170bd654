"""Train the shipped NER model (src/lagebild/models/ner-de.crfsuite) from GermEval 2014.

Deterministic: L-BFGS over a fixed split (see bench/germeval.py) with fixed hyper-parameters.
    python3 bench/train_ner.py            # train on train + tune + MobIE, write the model
    python3 bench/train_ner.py --tune     # train on train only and score on tune (for tuning)
    python3 bench/train_ner.py --cv 4     # k-fold over train + tune: a steadier tuning figure
    ... --europeana all|masked|filled|none # the extra historic-newspaper sentences (see germeval)
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

from germeval import Sentence, europeana, mobie, spans, split
from lagebild.stages import entities
from ner import score, table

EUROPEANA = "none"  # which Europeana sentences the shipped model is trained on
# "filled": Europeana sentences with at least this share of words wordfreq knows (less OCR damage)
FILLED_MIN_KNOWN_SHARE = 0.9
C1 = 0.02  # L1 (0.05 gave a 4.1 MB model; 0.02: held-out F1 +0.010, see BENCHMARKS.md)
C2 = 0.05
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


def extra(which: str, gold: list | None = None, iterations: int = MAX_ITERATIONS) -> list:
    """MobIE always, and the Europeana sentences asked for; "filled" needs the ``gold``
    GermEval sentences the model is trained on (see ``filled_europeana``)."""
    if which == "filled":
        filler_gold = (gold or []) + mobie()
        return mobie() + filled_europeana(filler_gold, FILLED_MIN_KNOWN_SHARE, iterations)
    return mobie() + ([] if which == "none" else europeana(masked=which == "masked"))


def filled_europeana(gold: list, min_known_share: float, iterations: int) -> list[Sentence]:
    """Europeana's sentences with the labels it lacks (OTH, *deriv, *part) filled in by a model
    trained on ``gold``: each span of such a label it finds on words Europeana leaves outside
    every entity is taken; Europeana's own PER, LOC and ORG spans stay."""
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "filler.crfsuite"
        train(gold, model, iterations)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model))
        out = []
        for s in europeana(min_known_share=min_known_share):
            tags = list(s.tags)
            inside = {i for start, end, _ in spans(s.tags) for i in range(start, end)}
            predicted = tagger.tag(entities.sentence_features(s.words, s.pos, s.lemmas))
            for start, end, label in spans(predicted):
                if label not in ("PER", "LOC", "ORG") and inside.isdisjoint(range(start, end)):
                    tags[start:end] = ["B-" + label] + ["I-" + label] * (end - start - 1)
            out.append(Sentence(s.words, tags, s.pos, s.lemmas))
        return out


def _fold_counts(fold: int, folds: int, which: str) -> dict[str, Counter]:
    """Train on all GermEval training sentences but every ``folds``-th (and MobIE), score those."""
    parts = split()
    pool = parts["train"] + parts["tune"]
    held = [s for k, s in enumerate(pool) if k % folds == fold]
    rest = [s for k, s in enumerate(pool) if k % folds != fold]
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "fold.crfsuite"
        train(rest + extra(which, rest), model)
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
    parser.add_argument(
        "--europeana", choices=("all", "masked", "filled", "none"), default=EUROPEANA
    )
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
            sentences = parts["train"] + extra(args.europeana, parts["train"], args.iterations)
            train(sentences, model, args.iterations)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(model))
            print(table(score(parts["tune"], tagger)))
    else:
        gold = parts["train"] + parts["tune"]
        train(gold + extra(args.europeana, gold, args.iterations), args.out, args.iterations)
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    print(f"trained in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
