"""Sentences, tokens, STTS part-of-speech tags and lemmas.

Our own tokenizer (``tokenize.split``: SoMaJo's tokens at 20 times its speed) splits sentences
and tokens; our own averaged-perceptron tagger and lemmatiser (``postag``, trained to agree with
HanTa, at about eight times its speed) tags and lemmatises them.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Article, Token
from . import postag
from .registry import stage
from .tokenize import split


def tag_article(
    article: Article, tag: Callable[[list[str]], list[tuple[str, str]]] = postag.tag
) -> None:
    """Sentences and tokens of ``article``, each sentence's words tagged by ``tag`` ((lemma, STTS
    tag) per word; the benchmarks pass the reference tagger, HanTa, to make training data)."""
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
