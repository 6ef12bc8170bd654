"""Sentences, tokens, STTS part-of-speech tags and lemmas.

Our own tokenizer (``tokenize.split``: SoMaJo's tokens at 20 times its speed) splits sentences
and tokens; HanTa tags and lemmatises. HanTa analyses every word form afresh; news vocabulary is
highly repetitive, so its two per-word steps are memoised, which makes it several times faster
once a corpus is under way (see BENCHMARKS.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from ..model import Article, Token
from .registry import stage
from .tokenize import split


@cache
def _tagger():
    from HanTa import HanoverTagger as ht

    tagger = ht.HanoverTagger("morphmodel_ger.pgz")
    # Memoise the per-word analyses; all are pure functions of their arguments. The two inner
    # ones see the lower-cased word, so "Haus" at a sentence start and inside share one analysis.
    for name in ("_tag_word", "_analyze", "analyze_forward", "analyze_viterbi"):
        setattr(tagger, name, lru_cache(maxsize=200_000)(getattr(tagger, name)))
    return tagger


def stts(hanta_tag: str, word: str) -> str:
    """HanTa writes some STTS tags with parentheses (VV(FIN)); quotes and dashes come as XY."""
    if hanta_tag == "XY" and not any(c.isalnum() for c in word):
        return "$("
    return hanta_tag.replace("(", "").replace(")", "")


def tag_sentence(words: list[str]) -> list[tuple[str, str]]:
    """(lemma, STTS tag) for each word of one tokenised sentence, from HanTa (the stage's tagger;
    ``postag.tag`` gives the same pairs from our own tagger, not yet the default)."""
    return [(lemma, stts(pos, word)) for word, lemma, pos in _tagger().tag_sent(words)]


def tag_article(
    article: Article, tag: Callable[[list[str]], list[tuple[str, str]]] = tag_sentence
) -> None:
    """Sentences and tokens of ``article``, each sentence's words tagged by ``tag`` (the
    benchmarks pass another tagger to compare or to make training data)."""
    text = article.text
    sentences, token_spans = split(text)
    tokens: list[Token] = []
    for index, spans in enumerate(token_spans):
        words = [text[s:e] for s, e in spans]
        for (s, e), word, (lemma, pos) in zip(spans, words, tag(words), strict=True):
            tokens.append(Token(s, e, word, pos, lemma, index))
    article.sentences = sentences
    article.tokens = tokens


@stage("linguistic", adds=("sentences", "tokens"))
def annotate(article: Article) -> None:
    tag_article(article)
