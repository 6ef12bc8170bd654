"""SoMaJo's sentences and tokens in the contract of ``tokenize.split``: the reference our own
tokenizer is measured against (bench/tokenizer.py, tests). Needs the dev extra ``somajo``."""

from __future__ import annotations

from functools import cache

from ..model import Sentence
from .tokenize import paragraphs


@cache
def _tokenizer():
    from somajo import SoMaJo

    return SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)


def split(text: str) -> tuple[list[Sentence], list[list[tuple[int, int]]]]:
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
