"""List the quotation errors on a tuning split: missed gold quotes, false positives, wrong speakers.

    python bench/quotes_errors.py --split train --articles 550: --models /tmp/quotes-tune
    python bench/quotes_errors.py ... --only speaker --type direct    # one error class

Each error is printed with its article, type, the rule that found it, the quote and the
sentence around it; a summary counts the errors by class (predicted speaker kind, rule, type) so
that the largest classes can be worked through first. For tuning splits only, never for dev.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import quotes_gold
from lagebild.model import Article
from lagebild.stages import quotes
from quotes import GOLD_OF_OURS, match, speaker_right

_CONTEXT = 120  # characters of text shown around a quote


def _show(text: str, parts, width: int = _CONTEXT) -> str:
    start, end = parts[0][0], parts[-1][1]
    left = text[max(0, start - width) : start]
    inner = text[start:end]
    if len(inner) > 2 * width:
        inner = inner[:width] + " … " + inner[-width // 2 :]
    right = text[end : end + width // 2]
    return f"{left}[[{inner}]]{right}".replace("\n", " ¶ ")


def _spans_text(text: str, spans) -> str:
    return " | ".join(text[b:e] for b, e in spans) or "—"


def dump(
    items: list[tuple[Article, list[quotes_gold.GoldQuote]]],
    models: Path | None,
    only: str | None,
    kind: str | None,
) -> Counter[str]:
    classes: Counter[str] = Counter()
    for article, gold in items:
        text = article.text
        predicted = quotes.find_quotes(article, models_dir=models)
        matched = match(predicted, gold)
        hit_pred = {i for i, _ in matched}
        hit_gold = {j for _, j in matched}
        lines = []
        for j, g in enumerate(gold):
            if j in hit_gold:
                continue
            classes[f"missed {g.type}"] += 1
            if only in (None, "missed") and kind in (None, g.type):
                lines.append(
                    f"  MISSED {g.gold_type}{' nested' if g.nested else ''} "
                    f"speaker={_spans_text(text, g.speaker)!r} cue={_spans_text(text, g.cue)!r}\n"
                    f"    {_show(text, g.parts)}"
                )
        for i, q in enumerate(predicted):
            if i in hit_pred:
                continue
            ours = GOLD_OF_OURS.get(q.type, q.type)
            rule = q.rule.split("+")[-1].split(":")[0]
            classes[f"false {ours} ({rule})"] += 1
            if only in (None, "false") and kind in (None, ours):
                speaker = q.speaker.text if q.speaker else "—"
                lines.append(
                    f"  FALSE {q.type} rule={q.rule} speaker={speaker!r}\n"
                    f"    {_show(text, q.parts or ((q.start, q.end),))}"
                )
        for i, j in matched:
            q, g = predicted[i], gold[j]
            if speaker_right(q, g):
                continue
            ours = q.speaker.kind if q.speaker else "none"
            gold_has = "gold speaker" if g.speaker else "gold none"
            classes[f"speaker {g.type}: ours {ours}, {gold_has}, rule {q.rule}"] += 1
            if only in (None, "speaker") and kind in (None, g.type):
                speaker = q.speaker.text if q.speaker else "—"
                lines.append(
                    f"  SPEAKER {g.gold_type} rule={q.rule} ours={speaker!r} ({ours}) "
                    f"gold={_spans_text(text, g.speaker)!r}\n"
                    f"    {_show(text, g.parts)}"
                )
        if lines:
            print(f"## {article.id}")
            print("\n".join(lines))
    return classes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train")
    parser.add_argument("--articles", default="550:", help="slice of the split")
    parser.add_argument("--cache", type=Path, help="directory to cache the tagged gold in")
    parser.add_argument("--models", type=Path, help="taggers to use instead of the shipped ones")
    parser.add_argument("--only", choices=("missed", "false", "speaker"))
    parser.add_argument("--type", choices=("direct", "indirect", "reported", "free_indirect"))
    args = parser.parse_args()
    if args.split == "dev":
        sys.exit("error lists are for tuning splits; dev is for measuring only")
    first, _, last = args.articles.partition(":")
    articles = slice(int(first) if first else None, int(last) if last else None)
    items = quotes_gold.load(args.split, args.cache)[articles]
    classes = dump(items, args.models, args.only, args.type)
    print("\n## error classes")
    for name, count in classes.most_common():
        print(f"{count:5d}  {name}")


if __name__ == "__main__":
    main()
