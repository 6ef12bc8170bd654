"""Agreement and speed of lagebild's POS tagger and lemmatiser (stages/postag.py) against HanTa.

Reads the texts of ../shared/eval/quotes-de/dev.jsonl (150 Wikinews articles; never trained on),
splits them with ``lagebild.stages.tokenize.split`` and tags every sentence with HanTa (a fresh,
memoised tagger of ``bench/hanta.py``, normalised by ``hanta.stts``) and with
``postag``. Prints:

- tag agreement with HanTa, overall and per class that matters downstream (verbs VV*/VA*/VM*,
  NE, NN, ADJA/ADJD; a token counts for a class when HanTa puts it there),
- lemma agreement with HanTa, overall and for the tokens HanTa tags as verbs,
- speed in words/s (tokens per CPU second of this process, one core) for both, cold: HanTa from
  a fresh tagger, postag from a fresh model load (weights and simplemma's dictionary); postag's
  load time is printed apart and its speed given without and with the load,
- the most frequent tag confusions (HanTa → postag),
- with ``--corpus-speed``: steady-state speed of both on the 700 articles of quotes-de
  train.jsonl (measurement only, never trained on), words counted as bench/analyze.py counts them
  (whitespace-separated), after a warm-up on the dev texts, like the "HanTa POS+lemma" line of
  ``bench/analyze.py --profile``.

    python bench/postag.py [--top 15] [--model PATH] [--corpus-speed]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import hanta
from lagebild.stages import postag
from lagebild.stages.tokenize import split

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "eval" / "quotes-de" / "dev.jsonl"
TRAIN = REPO.parent / "shared" / "eval" / "quotes-de" / "train.jsonl"

CLASSES = {
    "verbs (VV*/VA*/VM*)": lambda t: t.startswith(("VV", "VA", "VM")),
    "NE": lambda t: t == "NE",
    "NN": lambda t: t == "NN",
    "ADJA/ADJD": lambda t: t in ("ADJA", "ADJD"),
}


def texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]


def sentences(path: Path = DEV) -> list[list[str]]:
    result = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        result.extend([text[s:e] for s, e in spans] for spans in split(text)[1])
    return result


def share(hits: int, total: int) -> str:
    return f"{100 * hits / max(total, 1):.2f}% ({hits}/{total})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--model", type=Path, default=postag.MODEL_PATH)
    parser.add_argument("--corpus-speed", action="store_true", help="also time train.jsonl")
    parser.add_argument(
        "--split",
        choices=("dev", "train"),
        default="dev",
        help="quotes-de split to measure agreement on (train: for tuning; default: dev)",
    )
    args = parser.parse_args()
    corpus = sentences(TRAIN if args.split == "train" else DEV)
    words = sum(len(s) for s in corpus)

    started = time.process_time()
    tagger = hanta.tagger()
    reference = [hanta.tag(s) for s in corpus]
    hanta_seconds = time.process_time() - started

    started = time.process_time()
    tag_with, lemmatiser = postag.load_model(args.model)
    load_seconds = time.process_time() - started
    started = time.process_time()
    ours = [
        [(lemmatiser.lemma(w, t), t) for w, t in zip(s, tag_with.tag(s), strict=True)]
        for s in corpus
    ]
    tag_seconds = time.process_time() - started

    tag_hits = lemma_hits = verb_lemma_hits = verbs = 0
    class_counts: Counter[str] = Counter()
    class_hits: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    for gold, guess in zip(reference, ours, strict=True):
        for (gold_lemma, gold_tag), (lemma, tag) in zip(gold, guess, strict=True):
            tag_hits += tag == gold_tag
            lemma_hits += lemma == gold_lemma
            if tag != gold_tag:
                confusions[gold_tag, tag] += 1
            for name, member in CLASSES.items():
                if member(gold_tag):
                    class_counts[name] += 1
                    class_hits[name] += tag == gold_tag
            if CLASSES["verbs (VV*/VA*/VM*)"](gold_tag):
                verbs += 1
                verb_lemma_hits += lemma == gold_lemma

    print(f"{args.split}.jsonl: {len(corpus)} sentences, {words} tokens")
    print(f"tag agreement with HanTa:   {share(tag_hits, words)}")
    for name in CLASSES:
        print(f"  {name:<22}{share(class_hits[name], class_counts[name])}")
    print(f"lemma agreement with HanTa: {share(lemma_hits, words)}")
    print(f"  {'verbs (VV*/VA*/VM*)':<22}{share(verb_lemma_hits, verbs)}")
    print(f"speed (CPU, one core): HanTa cold {words / hanta_seconds:,.0f} words/s (load included)")
    print(
        f"  postag {words / tag_seconds:,.0f} words/s; model load {load_seconds:.2f} s; "
        f"{words / (tag_seconds + load_seconds):,.0f} words/s with the load on these {words} tokens"
    )
    print("most frequent tag confusions (HanTa → postag):")
    for (gold_tag, tag), n in confusions.most_common(args.top):
        print(f"  {n:5d}  {gold_tag} → {tag}")

    if args.corpus_speed:
        corpus = sentences(TRAIN)
        words = sum(len(t.split()) for t in texts(TRAIN))
        started = time.process_time()
        for sentence in corpus:
            tagger.tag_sent(sentence)
        hanta_seconds = time.process_time() - started
        started = time.process_time()
        for sentence in corpus:
            for word, tag in zip(sentence, tag_with.tag(sentence), strict=True):
                lemmatiser.lemma(word, tag)
        tag_seconds = time.process_time() - started
        print(f"{TRAIN.name}, steady state (warm): {words} whitespace words")
        print(f"  HanTa (memoised) {words / hanta_seconds:,.0f} words/s")
        print(f"  postag {words / tag_seconds:,.0f} words/s")


if __name__ == "__main__":
    main()
