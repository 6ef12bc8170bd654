"""Quotation attribution scores on the German quotation gold (default: dev).

    python bench/quotes.py [--split dev] [--cache DIR] [--json]
    python bench/quotes.py --speed
    python bench/quotes.py --split train --articles 550: --models /tmp/quotes-tune  # tuning

Scores, as issue 3 defines them:
- quote precision / recall / F1: a predicted and a gold quote match when their character overlap
  (over all their parts) covers at least half of each; matched 1:1, largest overlap first.
  Nested gold quotes (quoted words inside reported speech) count like any other quote.
- speaker accuracy on matched quotes: the predicted speaker mention overlaps a gold speaker span
  (where the gold has no speaker, right when none is predicted either).
- who-said-what F1: quote matched and speaker right.
- the same per type (gold FreeIndirect and IndirectFreeIndirect are our free_indirect, our mixed
  partial quotes are gold Direct).
``--speed`` times (CPU) the linguistic stage, cold as in the foundation benchmark, and the quotes
stage on the same texts, and reports what quotes add to it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import quotes_gold
from lagebild.model import Article, Quote
from lagebild.stages import linguistic, quotes

TYPES = ("direct", "indirect", "reported", "free_indirect")
GOLD_OF_OURS = {"mixed": "direct"}


def _chars(parts) -> set[int]:
    return {c for b, e in parts for c in range(b, e)}


def _overlaps(spans, start: int, end: int) -> bool:
    return any(b < end and start < e for b, e in spans)


def match(predicted: list[Quote], gold: list[quotes_gold.GoldQuote]) -> list[tuple[int, int]]:
    pred_chars = [_chars(q.parts or ((q.start, q.end),)) for q in predicted]
    gold_chars = [_chars(g.parts) for g in gold]
    pairs = []
    for i, p in enumerate(pred_chars):
        for j, g in enumerate(gold_chars):
            common = len(p & g)
            if common and common * 2 >= len(p) and common * 2 >= len(g):
                pairs.append((common, i, j))
    used_p, used_g, matched = set(), set(), []
    for _common, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append((i, j))
    return matched


def _span_right(predicted, gold_spans) -> bool:
    """A speaker, cue or addressee is right when it overlaps the gold one, or both are
    absent."""
    if not gold_spans:
        return predicted is None
    return predicted is not None and _overlaps(gold_spans, predicted.start, predicted.end)


def speaker_right(quote: Quote, gold: quotes_gold.GoldQuote) -> bool:
    return _span_right(quote.speaker, gold.speaker)


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n_gold": gold}


def evaluate(
    items: list[tuple[Article, list[quotes_gold.GoldQuote]]], models: Path | None = None
) -> dict:
    counts: Counter[str] = Counter()
    for article, gold in items:
        predicted = quotes.find_quotes(article, models_dir=models)
        matched = match(predicted, gold)
        counts["pred"] += len(predicted)
        counts["gold"] += len(gold)
        for q in predicted:
            counts["pred:" + GOLD_OF_OURS.get(q.type, q.type)] += 1
        for g in gold:
            counts["gold:" + g.type] += 1
        for i, j in matched:
            q, g = predicted[i], gold[j]
            right = speaker_right(q, g)
            counts["tp"] += 1
            counts["tp_pred:" + GOLD_OF_OURS.get(q.type, q.type)] += 1
            counts["tp_gold:" + g.type] += 1
            counts["spk"] += right
            counts["spk:" + g.type] += right
            counts["type_right"] += GOLD_OF_OURS.get(q.type, q.type) == g.type
            counts["cue_right"] += _span_right(q.cue, g.cue)
            if g.addressee or q.addressee:
                counts["adr_gold"] += bool(g.addressee)
                counts["adr_pred"] += q.addressee is not None
                counts["adr_tp"] += bool(g.addressee) and _span_right(q.addressee, g.addressee)
    result = {
        "articles": len(items),
        "quotes": _prf(counts["tp"], counts["pred"], counts["gold"]),
        "speaker_accuracy": counts["spk"] / counts["tp"] if counts["tp"] else 0.0,
        "who_said_what": _prf(counts["spk"], counts["pred"], counts["gold"]),
        "type_accuracy_on_matched": counts["type_right"] / counts["tp"] if counts["tp"] else 0.0,
        "cue_accuracy_on_matched": counts["cue_right"] / counts["tp"] if counts["tp"] else 0.0,
        "addressee_on_matched": _prf(counts["adr_tp"], counts["adr_pred"], counts["adr_gold"]),
        "per_type": {},
    }
    for t in TYPES:
        tp_gold = counts["tp_gold:" + t]
        recall = tp_gold / counts["gold:" + t] if counts["gold:" + t] else 0.0
        precision = counts["tp_pred:" + t] / counts["pred:" + t] if counts["pred:" + t] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result["per_type"][t] = {
            "p": precision,
            "r": recall,
            "f1": f1,
            "n_gold": counts["gold:" + t],
            "speaker_accuracy": counts["spk:" + t] / tp_gold if tp_gold else 0.0,
            "who_said_what_r": counts["spk:" + t] / counts["gold:" + t]
            if counts["gold:" + t]
            else 0.0,
        }
    return result


def speed(split: str) -> dict:
    """Time the linguistic stage (cold, as in the foundation benchmark: every word form new to
    HanTa's memo) and then the quotes stage on the same articles."""
    fresh = [Article(id=i, source=i, text=t) for i, t in quotes_gold.texts(split)]
    warm_up = Article(id="w", source="w", text="Sie sagte, es sei spät.")
    linguistic.annotate(warm_up)  # load the models before timing
    quotes.annotate(warm_up)
    began = time.process_time()
    for article in fresh:
        linguistic.annotate(article)
    linguistic_s = time.process_time() - began
    began = time.process_time()
    for article in fresh:
        quotes.annotate(article)
    quotes_s = time.process_time() - began
    tokens = sum(len(a.tokens) for a in fresh)
    return {
        "articles": len(fresh),
        "tokens": tokens,
        "words": sum(a.words for a in fresh),
        "linguistic_cpu_s": linguistic_s,
        "quotes_cpu_s": quotes_s,
        "quotes_tokens_per_s": tokens / quotes_s,
        "added": quotes_s / linguistic_s,
    }


def _print(result: dict) -> None:
    q, w = result["quotes"], result["who_said_what"]
    print(f"articles: {result['articles']}  gold quotes: {q['n_gold']}")
    print(f"quotes         P {q['p']:.3f}  R {q['r']:.3f}  F1 {q['f1']:.3f}")
    print(f"speaker accuracy on matched quotes: {result['speaker_accuracy']:.3f}")
    print(f"who-said-what  P {w['p']:.3f}  R {w['r']:.3f}  F1 {w['f1']:.3f}")
    print(f"type accuracy on matched quotes: {result['type_accuracy_on_matched']:.3f}")
    a = result["addressee_on_matched"]
    print(
        f"cue accuracy on matched quotes: {result['cue_accuracy_on_matched']:.3f}  "
        f"addressee on matched quotes: P {a['p']:.3f}  R {a['r']:.3f}  F1 {a['f1']:.3f} "
        f"({a['n_gold']} gold)"
    )
    print(f"{'type':<14} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} {'spk acc':>8} {'wsw R':>6}")
    for t, s in result["per_type"].items():
        print(
            f"{t:<14} {s['n_gold']:>5} {s['p']:>6.3f} {s['r']:>6.3f} {s['f1']:>6.3f} "
            f"{s['speaker_accuracy']:>8.3f} {s['who_said_what_r']:>6.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--cache", type=Path, help="directory to cache the tagged gold in")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--articles", default=":", help="slice of the split, e.g. 550:")
    parser.add_argument("--models", type=Path, help="taggers to use instead of the shipped ones")
    args = parser.parse_args()
    if not quotes_gold.GOLD_DIR.exists():
        sys.exit(f"no gold at {quotes_gold.GOLD_DIR}")
    if args.speed:
        result = speed(args.split)
        if args.json:
            print(json.dumps(result, indent=2))
        else:
            print(
                f"{result['articles']} articles, {result['words']} words: linguistic "
                f"{result['linguistic_cpu_s']:.1f} s CPU, "
                f"quotes {result['quotes_cpu_s']:.1f} s CPU "
                f"({result['quotes_tokens_per_s']:.0f} tokens/s) = +{result['added']:.0%}"
            )
        return
    first, _, last = args.articles.partition(":")
    articles = slice(int(first) if first else None, int(last) if last else None)
    result = evaluate(quotes_gold.load(args.split, args.cache)[articles], args.models)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)


if __name__ == "__main__":
    main()
