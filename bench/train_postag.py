"""Train lagebild's POS tagger and lemma exceptions (``models/postag-de.json.gz``).

Training data, all CC BY 4.0 or our own:

- gold STTS tags of MobIE (../shared/eval/ner-de/mobie-train.conll, column 2); punctuation tags
  are mapped to HanTa's conventions (the majority HanTa tag of that character in the silver data),
  because the tagger is to agree with HanTa;
- silver: the GermEval 2014 sentences (../shared/eval/ner-de/germeval2014-*.tsv), the GerNTSA
  news sentences (../shared/eval/sentiment-de/gerntsa-train.json, each snippet once) and the
  demo articles (src/lagebild/demo/articles, .txt and .jsonl), tagged and lemmatised by HanTa
  (normalised by ``linguistic.stts``).

The Wikinews texts of quotes-de are NOT used (their licence is CC BY-NC-SA); bench/postag.py
measures on them. Lemma exceptions: every (word, tag) of the silver data whose majority HanTa
lemma differs from ``postag.rule_lemma``. Deterministic: the same data give the same file.

    python bench/train_postag.py [--iterations 8] [--no-mobie] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from germeval import read_tsv
from lagebild.stages import postag
from lagebild.stages.linguistic import _tagger, stts
from lagebild.stages.tokenize import split

REPO = Path(__file__).resolve().parents[1]
NER = REPO.parent / "shared" / "eval" / "ner-de"
GERMEVAL = [NER / "germeval2014-dev.tsv", NER / "germeval2014-test-a.tsv"]
MOBIE = NER / "mobie-train.conll"
GERNTSA = REPO.parent / "shared" / "eval" / "sentiment-de" / "gerntsa-train.json"
DEMO = REPO / "src" / "lagebild" / "demo" / "articles"

Sentence = tuple[list[str], list[str]]


def _germeval_words(path: Path) -> list[list[str]]:
    return [words for words, _tags in read_tsv(path)]


def tokenised(texts: list[str]) -> list[list[str]]:
    sentences = []
    for text in texts:
        for spans in split(text)[1]:
            sentences.append([text[s:e] for s, e in spans])
    return sentences


def gerntsa_sentences() -> list[list[str]]:
    items = json.loads(GERNTSA.read_text(encoding="utf-8"))
    return tokenised(list(dict.fromkeys(item["opinion_snippet"] for item in items)))


def demo_sentences() -> list[list[str]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))]
    for path in sorted(DEMO.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line).get("text", ""))
    return tokenised(texts)


def mobie_sentences() -> list[Sentence]:
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in MOBIE.read_text(encoding="utf-8").splitlines():
        cells = line.split()
        if not cells or cells[0] == "-DOCSTART-":
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        words.append(cells[0])
        tags.append(cells[1])
    if words:
        sentences.append((words, tags))
    return sentences


def hanta(sentences: list[list[str]]) -> list[tuple[list[str], list[str], list[str]]]:
    tagger = _tagger()
    tagged = []
    for words in sentences:
        analysed = tagger.tag_sent(words)
        tagged.append(
            (words, [stts(p, w) for w, _, p in analysed], [lem for _, lem, _ in analysed])
        )
    return tagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=8)
    parser.add_argument("--no-mobie", action="store_true", help="train on the silver data only")
    parser.add_argument("--out", type=Path, default=postag.MODEL_PATH)
    args = parser.parse_args()

    started = time.perf_counter()
    raw = [s for path in GERMEVAL for s in _germeval_words(path)]
    raw += gerntsa_sentences() + demo_sentences()
    silver = hanta(raw)
    print(f"silver: {len(silver)} sentences, {sum(len(w) for w, _, _ in silver)} tokens (HanTa)")

    by_form: dict[str, Counter[str]] = defaultdict(Counter)
    lemma_counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for words, tags, lemmas in silver:
        for word, tag, lemma in zip(words, tags, lemmas, strict=True):
            by_form[word][tag] += 1
            lemma_counts[word, tag][lemma] += 1

    sentences: list[Sentence] = [(w, t) for w, t, _ in silver]
    if not args.no_mobie:
        mobie = []
        hanta_tags = {t for counts in by_form.values() for t in counts}
        for words, tags in mobie_sentences():
            if not set(tags) <= hanta_tags | {"$("}:
                continue  # a tag HanTa never gives (PIDAT, $[): it would only teach disagreement
            mapped = [
                by_form[w].most_common(1)[0][0]
                if not any(c.isalnum() for c in w) and by_form.get(w)
                else t
                for w, t in zip(words, tags, strict=True)
            ]
            mobie.append((words, mapped))
        print(f"MobIE gold: {len(mobie)} sentences, {sum(len(w) for w, _ in mobie)} tokens")
        sentences += mobie

    tags, weights, tagdict = postag.train(sentences, iterations=args.iterations)
    exceptions = {}
    for (word, tag), counts in sorted(lemma_counts.items()):
        lemma = counts.most_common(1)[0][0]
        if lemma != postag.rule_lemma(word, tag):
            exceptions[f"{word}\t{tag}"] = lemma
    postag.save_model(args.out, tags, weights, tagdict, exceptions)
    print(
        f"{len(tags)} tags, {len(weights)} features, {len(tagdict)} tag-dictionary words, "
        f"{len(exceptions)} lemma exceptions; {args.out} {args.out.stat().st_size / 1e6:.1f} MB; "
        f"{time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
