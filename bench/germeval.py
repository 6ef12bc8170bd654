"""GermEval 2014 NER data from ../shared: reading, the fixed split, and HanTa tags for training.

The official GermEval train split is not obtainable here, so the two files we have are split
once and for all:

- held-out: the last quarter of ``germeval2014-test-a.tsv`` (sentences 1913-2550). Never used
  for training or tuning; ``bench/ner.py`` reports on it.
- tune: the last 400 sentences of ``germeval2014-dev.tsv``, used to choose features and the
  regularisation; the shipped model is then retrained on train + tune.
- train: everything else (1,800 dev sentences and the first three quarters of test-a).

MobIE (``mobie-train.conll``, German mobility news and tweets) is added to training with its
person, organisation and location types mapped to PER, ORG and LOC and everything else to O; it
adds about two points of F1 on the tune part.

Europeana (``europeana-de.tsv``, historic newspapers, CC0) tags only PER, LOC and ORG: a word
GermEval would tag OTH, LOCderiv or PERpart is ``O`` there. A CRF cannot leave single words
unlabelled, so "masked" drops the Europeana sentences that hold such a word as far as we can
tell (an adjective or compound built on a place or a person, "russische", "Putin-Regierung",
or a quoted title); see ``europeana``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
NER_DIR = SHARED / "eval" / "ner-de"
CACHE = REPO / "out" / "ner-cache"

HELD_OUT_FRACTION = 0.25
TUNE_SENTENCES = 400


@dataclass
class Sentence:
    words: list[str]
    tags: list[str]  # outer IOB tags
    pos: list[str]
    lemmas: list[str]


def read_tsv(path: Path) -> list[tuple[list[str], list[str]]]:
    sentences: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if words:
                sentences.append((words, tags))
                words, tags = [], []
            continue
        cols = line.split("\t")
        words.append(cols[1])
        tags.append(cols[2])
    if words:
        sentences.append((words, tags))
    return sentences


def _tagged(name: str, sentences: list[tuple[list[str], list[str]]]) -> list[Sentence]:
    """Sentences of one GermEval file with HanTa POS and lemmas (cached: tagging takes ~20 s)."""
    cache = CACHE / f"{name}.json"
    if cache.exists():
        return [Sentence(**d) for d in json.loads(cache.read_text(encoding="utf-8"))]
    from lagebild.stages.linguistic import _tagger, stts

    tagger = _tagger()
    out = []
    for words, tags in sentences:
        analysed = tagger.tag_sent(words)
        out.append(
            Sentence(
                words,
                tags,
                [stts(pos, w) for w, _, pos in analysed],
                [lemma for _, lemma, _ in analysed],
            )
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps([s.__dict__ for s in out], ensure_ascii=False), encoding="utf-8")
    return out


MOBIE_LABELS = {
    "person": "PER",
    "organization": "ORG",
    "organization-company": "ORG",
    "location": "LOC",
    "location-city": "LOC",
    "location-stop": "LOC",
    "location-street": "LOC",
}


def read_mobie(path: Path) -> list[tuple[list[str], list[str]]]:
    """MobIE sentences with their fine types mapped to GermEval outer labels."""
    sentences: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip() or line.startswith("-DOCSTART-"):
            if words:
                sentences.append((words, tags))
                words, tags = [], []
            continue
        cols = line.split("\t")
        label = MOBIE_LABELS.get(cols[3][2:])
        tag = f"{cols[3][:2]}{label}" if label else "O"
        if tag.startswith("I-") and (not tags or tags[-1][2:] != label):
            tag = "B-" + tag[2:]  # the span began with a type mapped to O
        words.append(cols[0])
        tags.append(tag)
    return sentences


def mobie() -> list[Sentence]:
    return _tagged("mobie-train", read_mobie(NER_DIR / "mobie-train.conll"))


def _may_hide_other_labels(words: list[str]) -> bool:
    """Would GermEval tag a word of this sentence OTH, *deriv or *part, labels Europeana lacks?
    Adjectives of places ("russische"), compounds on a name ("Bismarck-Denkmal", "Berlin-Reise")
    and words in quotation marks (titles of works) are what those labels mostly cover."""
    from lagebild.stages.entities import lexicon

    lex = lexicon()
    for word in words:
        if word in ("„", "“", '"', "»", "«"):
            return True
        if word[:1].islower() and lex.demonym(word):
            return True
        head = word.partition("-")[0]
        if "-" in word.strip("-") and (head in lex.places or head in lex.first_names):
            return True
    return False


def europeana(masked: bool) -> list[Sentence]:
    """Europeana sentences (PER/LOC/ORG only); ``masked`` leaves out the ones that may hold a
    word of another GermEval label (see ``_may_hide_other_labels``)."""
    sentences = _tagged("europeana-de", read_tsv(NER_DIR / "europeana-de.tsv"))
    if not masked:
        return sentences
    return [s for s in sentences if not _may_hide_other_labels(s.words)]


def split() -> dict[str, list[Sentence]]:
    """The fixed train / tune / held-out split described in the module docstring."""
    dev = _tagged("germeval2014-dev", read_tsv(NER_DIR / "germeval2014-dev.tsv"))
    test_a = _tagged("germeval2014-test-a", read_tsv(NER_DIR / "germeval2014-test-a.tsv"))
    cut = len(test_a) - round(len(test_a) * HELD_OUT_FRACTION)
    return {
        "train": dev[:-TUNE_SENTENCES] + test_a[:cut],
        "tune": dev[-TUNE_SENTENCES:],
        "held-out": test_a[cut:],
    }


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start, end, label) of an IOB sequence; a stray I- opens a new span."""
    found = set()
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if start is not None:
                found.add((start, i, label))
            start, label = (i, tag[2:]) if tag != "O" else (None, None)
    return found
