"""GermEval 2014 NER data from ../shared: reading, the fixed split, and POS tags.

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
or a quoted title); see ``europeana``. "filled" (``bench/train_ner.py``) instead lets a model
trained on GermEval and MobIE add the missing labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
NER_DIR = SHARED / "eval" / "ner-de"

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


def _tagged(sentences: list[tuple[list[str], list[str]]], tag) -> list[Sentence]:
    """Sentences with POS tags and lemmas from ``tag`` (words → (lemma, tag) pairs)."""
    out = []
    for words, tags in sentences:
        analysed = tag(words)
        out.append(
            Sentence(words, tags, [pos for _, pos in analysed], [lem for lem, _ in analysed])
        )
    return out


def _our_tag(words: list[str]) -> list[tuple[str, str]]:
    """The linguistic stage's tagger, as users get it."""
    from lagebild.stages import postag

    return postag.tag(words)


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
    """MobIE for training, with our tagger's tags (see ``split``)."""
    return _tagged(read_mobie(NER_DIR / "mobie-train.conll"), _our_tag)


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


def known_word_share(words: list[str]) -> float:
    """Share of the sentence's words of three or more letters that wordfreq knows as German: a
    measure of OCR damage ("Konsolidiemmg"). GermEval sentences: median 1.0, 10th percentile
    0.90; Europeana: median 0.93, 10th percentile 0.71."""
    from wordfreq import zipf_frequency

    long_words = [w for w in words if w.isalpha() and len(w) > 2]
    if not long_words:
        return 1.0
    return sum(zipf_frequency(w.lower(), "de") > 0 for w in long_words) / len(long_words)


def europeana(masked: bool = False, min_known_share: float = 0.0) -> list[Sentence]:
    """Europeana sentences (PER/LOC/ORG only); ``masked`` leaves out the ones that may hold a
    word of another GermEval label (see ``_may_hide_other_labels``), ``min_known_share`` the
    ones with more OCR damage than that (see ``known_word_share``)."""
    sentences = [
        s
        for s in _tagged(read_tsv(NER_DIR / "europeana-de.tsv"), _our_tag)
        if known_word_share(s.words) >= min_known_share
    ]
    if not masked:
        return sentences
    return [s for s in sentences if not _may_hide_other_labels(s.words)]


def _parts() -> dict[str, list[tuple[list[str], list[str]]]]:
    dev = read_tsv(NER_DIR / "germeval2014-dev.tsv")
    test_a = read_tsv(NER_DIR / "germeval2014-test-a.tsv")
    cut = len(test_a) - round(len(test_a) * HELD_OUT_FRACTION)
    return {
        "train": dev[:-TUNE_SENTENCES] + test_a[:cut],
        "tune": dev[-TUNE_SENTENCES:],
        "held-out": test_a[cut:],
    }


def split() -> dict[str, list[Sentence]]:
    """The fixed train / tune / held-out split described in the module docstring, with the POS
    tags and lemmas of lagebild's own tagger (``postag``): the NER model is trained on the tags
    it sees at run time (issue 13; HanTa, whose tags the model was trained on before, is only
    the reference our tagger learned from)."""
    return {name: _tagged(part, _our_tag) for name, part in _parts().items()}


def held_out() -> list[Sentence]:
    """The held-out part with the tags of lagebild's linguistic stage, as users get them."""
    return _tagged(_parts()["held-out"], _our_tag)


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
