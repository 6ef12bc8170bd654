"""Train lagebild's POS tagger and lemma exceptions (``models/postag-de.json.gz``).

Training data, all CC BY 4.0 or our own:

- gold STTS tags of MobIE (../shared/eval/ner-de/mobie-train.conll, column 2); punctuation tags
  are mapped to HanTa's conventions (the majority HanTa tag of that character in the silver data),
  because the tagger is to agree with HanTa;
- silver: the GermEval 2014 sentences (../shared/eval/ner-de/germeval2014-*.tsv), the GerNTSA
  news sentences (../shared/eval/sentiment-de/gerntsa-train.json, each snippet once) and the
  demo articles (src/lagebild/demo/articles, .txt and .jsonl), tagged and lemmatised by HanTa
  (normalised by ``hanta.stts``).

The Wikinews texts of quotes-de are NOT used (their licence is CC BY-NC-SA); bench/postag.py
measures on them. Lemma exceptions: every (word, tag) of the silver data whose majority HanTa
lemma differs from ``postag.rule_lemma``, and the endings of names whose genitive s HanTa drops
(``genitive_endings``). Deterministic: the same data give the same file.

    python bench/train_postag.py [--iterations 8] [--no-mobie] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

import hanta
from germeval import read_tsv
from lagebild.stages import postag
from lagebild.stages.tokenize import split

REPO = Path(__file__).resolve().parents[1]
NER = REPO.parent / "shared" / "eval" / "ner-de"
GERMEVAL = [NER / "germeval2014-dev.tsv", NER / "germeval2014-test-a.tsv"]
MOBIE = NER / "mobie-train.conll"
GERNTSA = REPO.parent / "shared" / "eval" / "sentiment-de" / "gerntsa-train.json"
SPKATT = REPO.parent / "shared" / "eval" / "spkatt-2023" / "data"
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


def bundestag_sentences() -> list[list[str]]:
    """The tokens of the SpkAtt-2023 Bundestag speeches (train and dev; their annotations are
    not used), as the data gives them."""
    sentences = []
    for path in sorted(SPKATT.glob("*/task1/*.json")):
        for sentence in json.loads(path.read_text(encoding="utf-8"))["Sentences"]:
            if sentence["Tokens"]:
                sentences.append(sentence["Tokens"])
    return sentences


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


def hanta_tagged(sentences: list[list[str]]) -> list[tuple[list[str], list[str], list[str]]]:
    tagged = []
    for words in sentences:
        analysed = hanta.tag(words)
        tagged.append((words, [t for _, t in analysed], [lemma for lemma, _ in analysed]))
    return tagged


def genitive_endings(lemmas: dict[tuple[str, str], str]) -> frozenset[str]:
    """Last three letters of names (NE) ending in s that HanTa lemmatises without the s in most
    of at least three training words ("Merkels", "Bidens": "els", "ens")."""
    stripped: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for (word, tag), lemma in lemmas.items():
        if tag == "NE" and len(word) > 3 and word[-1] == "s":
            ending = word[-3:].lower()
            seen[ending] += 1
            stripped[ending] += lemma == word[:-1]
    return frozenset(e for e, n in seen.items() if n >= 3 and stripped[e] * 2 > n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=8)
    parser.add_argument("--no-mobie", action="store_true", help="train on the silver data only")
    parser.add_argument("--out", type=Path, default=postag.MODEL_PATH)
    parser.add_argument(
        "--no-bundestag", action="store_true", help="without the SpkAtt-2023 speeches' tokens"
    )
    args = parser.parse_args()

    started = time.perf_counter()
    raw = [s for path in GERMEVAL for s in _germeval_words(path)]
    raw += gerntsa_sentences() + demo_sentences()
    if not args.no_bundestag:
        raw += bundestag_sentences()
    silver = hanta_tagged(raw)
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
    majority = {key: counts.most_common(1)[0][0] for key, counts in sorted(lemma_counts.items())}
    endings = genitive_endings(majority)
    exceptions = {}
    for (word, tag), lemma in majority.items():
        if lemma != postag.rule_lemma(word, tag, endings):
            exceptions[f"{word}\t{tag}"] = lemma
    postag.save_model(args.out, tags, weights, tagdict, exceptions, endings)
    print(
        f"{len(tags)} tags, {len(weights)} features, {len(tagdict)} tag-dictionary words, "
        f"{len(exceptions)} lemma exceptions; {args.out} {args.out.stat().st_size / 1e6:.1f} MB; "
        f"{time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
