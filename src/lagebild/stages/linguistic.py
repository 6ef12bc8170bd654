"""Sentences, tokens, STTS part-of-speech tags and lemmas.

SoMaJo splits sentences and tokens (it knows German abbreviations, dates and quotes); HanTa tags
and lemmatises. Both work per paragraph, and their offsets are shifted back into the article's
text. HanTa analyses every word form afresh; news vocabulary is highly repetitive, so its two
per-word steps are memoised, which roughly triples its speed (see BENCHMARKS.md).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..model import Article, Sentence, Token
from . import stage

_PARAGRAPH = re.compile(r"[^\n]+")


@cache
def _tokenizer():
    from somajo import SoMaJo

    return SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)


@cache
def _tagger():
    from HanTa import HanoverTagger as ht

    tagger = ht.HanoverTagger("morphmodel_ger.pgz")
    # Memoise the per-word analyses; both are pure functions of their arguments.
    tagger._tag_word = lru_cache(maxsize=200_000)(tagger._tag_word)
    tagger._analyze = lru_cache(maxsize=200_000)(tagger._analyze)
    return tagger


def stts(hanta_tag: str, word: str) -> str:
    """HanTa writes some STTS tags with parentheses (VV(FIN)); quotes and dashes come as XY."""
    if hanta_tag == "XY" and not any(c.isalnum() for c in word):
        return "$("
    return hanta_tag.replace("(", "").replace(")", "")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines of the text as (start, end); every line break starts a paragraph."""
    spans = []
    for m in _PARAGRAPH.finditer(text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def split(text: str) -> tuple[list[Sentence], list[list[tuple[int, int]]]]:
    """Sentences of the text and, per sentence, the token offsets. Sentences never cross lines."""
    tokenizer = _tokenizer()
    sentences: list[Sentence] = []
    token_spans: list[list[tuple[int, int]]] = []
    for para_index, (base, end) in enumerate(paragraphs(text)):
        for sent in tokenizer.tokenize_text([text[base:end]]):
            spans = [(base + t.character_offset[0], base + t.character_offset[1]) for t in sent]
            token_spans.append(spans)
            start, stop = spans[0][0], spans[-1][1]
            sentences.append(Sentence(start, stop, text[start:stop], para_index))
    return sentences, token_spans


@stage("linguistic", adds=("sentences", "tokens"))
def annotate(article: Article) -> None:
    text = article.text
    sentences, token_spans = split(text)
    tagger = _tagger()
    tokens: list[Token] = []
    for index, spans in enumerate(token_spans):
        words = [text[s:e] for s, e in spans]
        for (s, e), (word, lemma, pos) in zip(spans, tagger.tag_sent(words), strict=True):
            tokens.append(Token(s, e, word, stts(pos, word), lemma, index))
    article.sentences = sentences
    article.tokens = tokens
