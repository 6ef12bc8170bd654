"""The CRF tagger and the mentions it finds, with their spans cleaned."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ...errors import ResourceError
from ...model import Article, EntityMention, Token
from .features import sentence_features
from .resources import MODEL_FILE, lexicon
from .spans import name_spans


@cache
def tagger():
    import pycrfsuite

    if not MODEL_FILE.exists():
        raise ResourceError(f"{MODEL_FILE}: NER model missing; train it with bench/train_ner.py")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_FILE))
    return tagger


def tag(words: Sequence[str], pos: Sequence[str], lemmas: Sequence[str]) -> list[str]:
    """Outer IOB tags (B-PER, I-LOCderiv, O, ...) for one tokenised sentence."""
    if not words:
        return []
    return tagger().tag(sentence_features(words, pos, lemmas))


def iob_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first, last + 1, label) token ranges of an IOB sequence; a stray I- opens a span."""
    found = []
    start, label = -1, ""
    for i, tg in enumerate([*tags, "O"]):
        if tg == "O" or tg.startswith("B-") or tg[2:] != label:
            if start >= 0:
                found.append((start, i, label))
            start, label = (i, tg[2:]) if tg != "O" else (-1, "")
    return found


def by_sentence(tokens: Sequence[Token]) -> list[list[Token]]:
    sentences: dict[int, list[Token]] = {}
    for token in tokens:
        sentences.setdefault(token.sentence, []).append(token)
    return list(sentences.values())


def ner_mentions(article: Article) -> list[EntityMention]:
    text = article.text
    mentions = []
    for sent in by_sentence(article.tokens):
        tags = tag([t.text for t in sent], [t.pos for t in sent], [t.lemma for t in sent])
        for tagged in iob_spans(tags):
            for first, stop, label in name_spans(sent, *tagged):
                person = _person_at_end(sent, first, stop, label)
                parts = [(first, person, label), (person, stop, "PER")] if person else []
                for a, b, kind in parts or [(first, stop, label)]:
                    start, end = sent[a].start, sent[b - 1].end
                    mention = EntityMention(start, end, text[start:end], kind, source="ner")
                    mentions.append(mention)
    return mentions


def _person_at_end(tokens: Sequence[Token], first: int, stop: int, label: str) -> int | None:
    """Where a person's name closes an organisation or place mention: "Direktinvestitionsfonds
    Kirill Dmitrijew" is the fund and its head (a known given name and one or two more
    capitalised words after the organisation's own words)."""
    if label not in ("ORG", "LOC", "OTH"):
        return None
    given = lexicon().first_names
    for k in range(max(first + 1, stop - 3), stop - 1):
        rest = tokens[k + 1 : stop]
        if tokens[k].text in given and all(t.text[:1].isupper() and t.text.isalpha() for t in rest):
            return k
    return None
