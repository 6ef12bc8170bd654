"""Train the two quotation taggers shipped in ``src/lagebild/models/`` from the gold train split.

    python bench/train_quotes.py [--cache /tmp/lagebild-cache] [--split train]
    python bench/train_quotes.py --articles :550 --out /tmp/quotes-tune   # tuning models
    python bench/train_quotes.py --hold-out 175:350 --out /tmp/quotes-fold2  # one of four folds
    python bench/train_quotes.py --tags postag --out /tmp/quotes-postag  # on our tagger's tags

The shipped models are trained on the whole train split. For tuning, train on the first 550
articles into another directory and score the last 150 with
``bench/quotes.py --split train --articles 550: --models /tmp/quotes-tune``.

The content tagger labels every token with BIO tags for the quote it belongs to (D direct,
I indirect, R reported, F free indirect); nested quotes (a few quoted words inside reported
speech) are left to the rules. The frame tagger labels speakers, cues and addressees (BIO) and
sees the content labels as features (gold ones here, predicted ones at tagging time).
Reads ../shared/eval/quotes-de; deterministic for the same data and settings. By default the
training articles get the POS tags and lemmas of the reference tagger, HanTa, also now that
lagebild's own tagger (``postag``) is the default at run time: no model trained on postag's tags
(``--tags postag`` or ``both``) has yet matched the shipped ones on all three dev measures
(BENCHMARKS.md, "Retraining on our tagger's tags").
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pycrfsuite

import quotes_gold
from lagebild.model import Article
from lagebild.stages.quotes import features, resources
from lagebild.stages.quotes.facts import token_facts

MODEL_DIR = Path(__file__).resolve().parents[1] / "src" / "lagebild" / "models"
TYPE_CODE = {"direct": "D", "indirect": "I", "reported": "R", "free_indirect": "F"}
CONTENT_PARAMS = {"c1": 0.1, "c2": 0.1, "max_iterations": 150, "feature.possible_transitions": True}
FRAME_PARAMS = {"c1": 0.1, "c2": 0.1, "max_iterations": 150, "feature.possible_transitions": True}
# --tags: the ``reference_tags`` arguments of quotes_gold.load, one pass over the split each
TAG_SETS = {"hanta": (True,), "postag": (False,), "both": (True, False)}


def _token_indices(article: Article, start: int, end: int) -> list[int]:
    return [i for i, t in enumerate(article.tokens) if start <= t.start < end]


def content_labels(article: Article, quotes: list[quotes_gold.GoldQuote]) -> list[str]:
    labels = ["O"] * len(article.tokens)
    for quote in quotes:
        if quote.nested:
            continue
        code = TYPE_CODE[quote.type]
        indices = [i for b, e in quote.parts for i in _token_indices(article, b, e)]
        if not indices or any(labels[i] != "O" for i in indices):
            continue
        for i in indices:
            labels[i] = "I-" + code
        labels[indices[0]] = "B-" + code
    return labels


def frame_labels(article: Article, quotes: list[quotes_gold.GoldQuote]) -> list[str]:
    labels = ["O"] * len(article.tokens)
    for quote in quotes:
        for role, spans in (("SPK", quote.speaker), ("CUE", quote.cue), ("ADR", quote.addressee)):
            for b, e in spans:
                indices = _token_indices(article, b, e)
                if not indices or any(labels[i] != "O" for i in indices):
                    continue
                for i in indices:
                    labels[i] = "I-" + role
                labels[indices[0]] = "B-" + role
    return labels


def article_range(spec: str) -> slice:
    """ "550:" or ":550" as a slice of a split's articles."""
    first, _, last = spec.partition(":")
    return slice(int(first) if first else None, int(last) if last else None)


def train(
    split: str,
    cache: Path | None,
    articles: slice,
    hold_out: slice | None,
    out: Path,
    settings: dict[str, float],
    tags: str,
) -> None:
    res = resources.load()
    loaded = [quotes_gold.load(split, cache, reference_tags=ref) for ref in TAG_SETS[tags]]
    items = []
    for version in loaded:
        if hold_out is not None:
            held = set(range(len(version))[hold_out])
            version = [item for k, item in enumerate(version) if k not in held]
        items.extend(version[articles])
    content = pycrfsuite.Trainer(verbose=False)
    frame = pycrfsuite.Trainer(verbose=False)
    for article, quotes in items:
        facts = token_facts(article, res)
        base = features.quote_features(article, facts, res)
        qlabels = content_labels(article, quotes)
        flabels = frame_labels(article, quotes)
        fbase = features.frame_features(base, qlabels, facts)
        for para in facts.paragraphs:
            if para:
                content.append([base[i] for i in para], [qlabels[i] for i in para])
                frame.append([fbase[i] for i in para], [flabels[i] for i in para])
    content.set_params({**CONTENT_PARAMS, **settings})
    frame.set_params({**FRAME_PARAMS, **settings})
    out.mkdir(parents=True, exist_ok=True)
    for name, trainer in (("quotes-content", content), ("quotes-frame", frame)):
        began = time.perf_counter()
        trainer.train(str(out / f"{name}.crfsuite"))
        print(f"{name}: trained in {time.perf_counter() - began:.0f} s", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train")
    parser.add_argument("--cache", type=Path, help="directory to cache the tagged gold in")
    parser.add_argument("--articles", default=":", help="slice of the split, e.g. :550")
    parser.add_argument(
        "--hold-out", help="slice of the split left out of training, e.g. 175:350 (tuning folds)"
    )
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where the models go")
    parser.add_argument("--c1", type=float, help="L1 weight for both taggers (search only)")
    parser.add_argument("--c2", type=float, help="L2 weight for both taggers (search only)")
    parser.add_argument(
        "--iterations", type=int, help="L-BFGS iterations for both taggers (search only)"
    )
    parser.add_argument(
        "--tags",
        choices=tuple(TAG_SETS),
        default="hanta",
        help="whose POS tags and lemmas the training articles get: HanTa's (the shipped models), "
        "lagebild's own tagger's, or both (each article twice)",
    )
    args = parser.parse_args()
    settings = {
        k: v
        for k, v in (("c1", args.c1), ("c2", args.c2), ("max_iterations", args.iterations))
        if v is not None
    }
    hold_out = article_range(args.hold_out) if args.hold_out else None
    train(
        args.split,
        args.cache,
        article_range(args.articles),
        hold_out,
        args.out,
        settings,
        args.tags,
    )


if __name__ == "__main__":
    main()
