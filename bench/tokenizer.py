"""Agreement and speed of lagebild's regex tokenizer against SoMaJo, the reference.

Reads the texts of ../shared/eval/quotes-de/train.jsonl (the gold quotes are not used), splits
each with ``lagebild.stages.tokenize.split`` and with SoMaJo
(``lagebild.stages.somajo_reference.split``) and prints, for the tuning part (the first 600
articles), the held-out part (the last 100) and the five seed articles of
../shared/corpus/seeds (when present):

- token-span precision, recall and F1 (a token agrees when both give the same [start, end)),
- sentence-span precision, recall and F1,
- the same figures with the deliberate differences (where SoMaJo is wrong, see
  ``DELIBERATE``) counted as agreement, and how many disagreements are deliberate,
- speed in words/s (whitespace-separated words, one core; by CPU time of this process, which
  is steady on a busy machine, and by wall-clock time),
- the most frequent token disagreement patterns with an example each, and sentence
  disagreements (the end of each sentence that only one of the two has).

    python bench/tokenizer.py [--top 25]
"""

from __future__ import annotations

import os
import sys

# This script's name shadows the standard library's tokenize module, which the imports below
# need: take the script's folder off the module path before importing anything else.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(__file__)]

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from lagebild.stages import somajo_reference, tokenize  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "eval" / "quotes-de" / "train.jsonl"
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
TUNE = 600

Spans = list[tuple[int, int]]

# Disagreements where SoMaJo is wrong and lagebild deliberately differs, matched against
# "SoMaJo's tokens -> our tokens" (tokens joined by spaces):
DELIBERATE = {
    # 1,5-prozentig: SoMaJo tears the decimal number apart
    "decimal number in a compound": re.compile(r"^\d+ [.,] \d+-?\S+ -> \d+[.,]\d+-?\S+$"),
    # aus dem Iran. / in Tirol. / 4.150 Gramm.: SoMaJo takes a sentence-final word for an
    # abbreviation (iran. = iranisch) and misses the sentence end
    "word taken for an abbreviation": re.compile(r"^(\w{4,})\. -> \1 \.$"),
    # zeitweise 7,1. Nach ...: SoMaJo reads "1." as an ordinal and misses the sentence end
    "decimal number before a full stop": re.compile(r"^\d+ , \d+\. -> \d+,\d+ \.$"),
    # Schuljahr 2012/13. Bisher ...: the same after a slash
    "number after a slash before a full stop": re.compile(r"^\d+ / \d+\. -> \d+/\d+ \.$"),
    # vom Typ MI-17. / ALG-II. Alle ...: the same after a hyphen
    "hyphenated name ending in a number": re.compile(r"^([\w-]+-) (\d+|[IVXLCDM]+)\. -> \1\2 \.$"),
    # Tag:  (27.12.), 27:23 (13:8) and (G8): SoMaJo sees the emoticons ":  (" and "8)"
    "bracket taken for an emoticon": re.compile(
        r"^(?:[:;]\s+[()]|\w* ?8\)) -> (?:[:;] [()]|\w*8 \))$"
    ),
}


def shape(text: str) -> str:
    """A coarse shape of a disagreement, so that similar ones are counted together."""
    text = re.sub(r"[A-ZÄÖÜ]", "A", text)
    text = re.sub(r"[^\W\dA_]", "a", text)
    text = re.sub(r"\d", "9", text)
    return re.sub(r"(.)\1+", r"\1\1", text)


def disagreements(text: str, reference: Spans, ours: Spans) -> list[tuple[int, int, Spans, Spans]]:
    """Stretches of text where the two token lists differ: (start, end, reference, ours)."""
    events = sorted([(s, e, 0) for s, e in reference] + [(s, e, 1) for s, e in ours])
    regions: list[tuple[int, int, Spans, Spans]] = []
    start, end, sides = -1, -1, ([], [])  # type: ignore[var-annotated]
    for s, e, side in events:
        if s >= end:
            if sides[0] != sides[1]:
                regions.append((start, end, sides[0], sides[1]))
            start, end, sides = s, e, ([], [])
        end = max(end, e)
        sides[side].append((s, e))
    if sides[0] != sides[1]:
        regions.append((start, end, sides[0], sides[1]))
    return regions


def deliberate_kind(difference: str) -> str | None:
    """Which deliberate difference "SoMaJo's tokens -> ours" shows, if any."""
    for kind, pattern in DELIBERATE.items():
        if pattern.match(difference):
            return kind
    return None


def f1(agree: int, ours: int, reference: int) -> float:
    p = agree / ours if ours else 1.0
    r = agree / reference if reference else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def prf(agree: int, ours: int, reference: int) -> str:
    p = agree / ours if ours else 1.0
    r = agree / reference if reference else 1.0
    return f"P {100 * p:6.2f}%  R {100 * r:6.2f}%  F1 {100 * f1(agree, ours, reference):6.2f}%"


def words_per_second(
    split: Callable[[str], object], texts: list[str], words: int
) -> tuple[float, float]:
    """Throughput by CPU time of this process and by wall-clock time (noisy on a busy machine)."""
    for text in texts[:20]:  # warm caches and lazy loading outside the clock
        split(text)
    cpu, wall = time.process_time(), time.perf_counter()
    for text in texts:
        split(text)
    return words / (time.process_time() - cpu), words / (time.perf_counter() - wall)


def evaluate(name: str, texts: list[str], top: int) -> dict[str, float | str]:
    token_counts = Counter[str]()
    sentence_counts = Counter[str]()
    patterns = Counter[str]()
    examples: dict[str, str] = {}
    deliberate = Counter[str]()
    sentence_examples: list[str] = []
    for text in texts:
        ref_sentences, ref_tokens = somajo_reference.split(text)
        our_sentences, our_tokens = tokenize.split(text)
        reference = [span for sentence in ref_tokens for span in sentence]
        ours = [span for sentence in our_tokens for span in sentence]
        token_counts["reference"] += len(reference)
        token_counts["ours"] += len(ours)
        token_counts["agree"] += len(set(reference) & set(ours))
        ref_spans = {(s.start, s.end) for s in ref_sentences}
        our_spans = {(s.start, s.end) for s in our_sentences}
        sentence_counts["reference"] += len(ref_spans)
        sentence_counts["ours"] += len(our_spans)
        sentence_counts["agree"] += len(ref_spans & our_spans)
        for label, spans in (
            ("SoMaJo only", ref_spans - our_spans),
            ("ours only", our_spans - ref_spans),
        ):
            sentence_examples.extend(
                f"{label}: …{text[e - 60 if e > s + 60 else s : e]}" for s, e in spans
            )
        for start, end, ref_side, our_side in disagreements(text, reference, ours):
            ref_text = " ".join(text[s:e] for s, e in ref_side)
            our_text = " ".join(text[s:e] for s, e in our_side)
            kind = deliberate_kind(f"{ref_text} -> {our_text}")
            if kind:
                deliberate[kind] += 1
                token_counts["deliberate reference"] += len(ref_side)
                token_counts["deliberate ours"] += len(our_side)
                continue
            key = f"{shape(ref_text)}  ->  {shape(our_text)}"
            patterns[key] += 1
            context = text[max(0, start - 25) : end + 25].replace("\n", " ")
            examples.setdefault(key, f"SoMaJo [{ref_text}] ours [{our_text}] in …{context}…")
    words = sum(len(text.split()) for text in texts)
    print(f"\n== {name}: {len(texts)} articles, {words} words")
    print(
        f"tokens     {prf(token_counts['agree'], token_counts['ours'], token_counts['reference'])}"
        f"  ({token_counts['reference']} SoMaJo tokens)"
    )
    # Deliberate differences counted as agreement: their tokens count on both sides as agreeing.
    fair_agree = token_counts["agree"] + token_counts["deliberate reference"]
    fair_ours = token_counts["ours"] - token_counts["deliberate ours"]
    fair_ours += token_counts["deliberate reference"]
    print(f"tokens*    {prf(fair_agree, fair_ours, token_counts['reference'])}")
    print(
        f"sentences  "
        f"{prf(sentence_counts['agree'], sentence_counts['ours'], sentence_counts['reference'])}"
        f"  ({sentence_counts['reference']} SoMaJo sentences)"
    )
    print(f"deliberate differences (SoMaJo wrong): {dict(deliberate) or 'none'}")
    print("* deliberate differences counted as agreement")
    print(f"top {top} disagreement patterns (SoMaJo -> ours):")
    for key, count in patterns.most_common(top):
        print(f"{count:5d}  {key}\n       {examples[key]}")
    print(f"sentence disagreements (first {top} of {len(sentence_examples)}):")
    for example in sentence_examples[:top]:
        print(f"       {example}")
    return {
        "set": name,
        "token_f1": f1(token_counts["agree"], token_counts["ours"], token_counts["reference"]),
        "token_f1_deliberate_agreeing": f1(fair_agree, fair_ours, token_counts["reference"]),
        "sentence_f1": f1(
            sentence_counts["agree"], sentence_counts["ours"], sentence_counts["reference"]
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--corpus", default=str(CORPUS), help="JSON Lines file with 'text'")
    parser.add_argument("--top", type=int, default=25, help="disagreement patterns to list")
    parser.add_argument("--held-out-only", action="store_true", help="no tuning part, no speed")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if not Path(args.corpus).is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1
    with open(args.corpus, encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines]
    results = []
    if len(texts) > TUNE:
        if not args.held_out_only:
            results.append(evaluate(f"tuning (first {TUNE})", texts[:TUNE], args.top))
        results.append(evaluate("held-out", texts[TUNE:], args.top))
    else:
        results.append(evaluate(Path(args.corpus).name, texts, args.top))
    seeds = sorted(SEEDS.glob("*.txt"))
    if seeds and not args.held_out_only:  # real, messy news of the kind lagebild is for
        texts_of_seeds = [p.read_text(encoding="utf-8") for p in seeds]
        results.append(evaluate("seed articles", texts_of_seeds, args.top))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.held_out_only:
        return 0
    words = sum(len(text.split()) for text in texts)
    ours, ours_wall = words_per_second(tokenize.split, texts, words)
    reference, reference_wall = words_per_second(somajo_reference.split, texts, words)
    print(f"\n== speed on all {len(texts)} articles ({words} words, one core)")
    print(f"{'':32}{'CPU time':>14}{'wall clock':>14}")
    print(f"{'lagebild.stages.tokenize.split':32}{ours:10,.0f} w/s{ours_wall:10,.0f} w/s")
    label = "SoMaJo (somajo_reference.split)"
    print(f"{label:32}{reference:10,.0f} w/s{reference_wall:10,.0f} w/s")
    print(f"speed-up: {ours / reference:.1f}x (CPU), {ours_wall / reference_wall:.1f}x (wall)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
