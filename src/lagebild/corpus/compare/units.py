"""Sentences of a story's articles as units that findings cite."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...lang.de import quoted_ranges
from ...model import Article
from ..stories.describe import split_sentences

MIN_FACT_WORDS = 6
WORD = re.compile(r"[^\W\d_][\w-]*")


@dataclass(frozen=True)
class Unit:
    """One sentence of one article of the story."""

    article: int  # index into the story's articles
    index: int  # sentence number in the article
    start: int
    end: int
    text: str


def is_german(article: Article) -> bool:
    """Articles without a detected language are taken as German, the language lagebild reads."""
    return article.language in (None, "", "de")


def outlet_of(article: Article) -> str:
    return article.outlet or Path(article.source).stem or article.id[:8]


def sentences_of(article: Article, position: int) -> list[Unit]:
    if article.sentences:
        return [Unit(position, i, s.start, s.end, s.text) for i, s in enumerate(article.sentences)]
    units: list[Unit] = []
    cursor = 0
    for text in split_sentences(article.text):
        start = article.text.find(text, cursor)
        units.append(Unit(position, len(units), start, start + len(text), text))
        cursor = start + len(text)
    return units


def cite(article: Article, unit: Unit) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "outlet": outlet_of(article),
        "sentence": unit.index,
        "start": unit.start,
        "end": unit.end,
        "text": unit.text,
    }


def quoted_spans(article: Article) -> list[tuple[int, int]]:
    """Character ranges that are someone else's words: quotes found, and text in quote marks."""
    spans = [(q.start, q.end) for q in article.quotes]
    spans += quoted_ranges(article.text)
    return spans


def own_text(article: Article, unit: Unit, quoted: list[tuple[int, int]]) -> str:
    """The sentence with quoted material blanked out (the author's own words)."""
    chars = list(unit.text)
    for start, end in quoted:
        for i in range(max(start, unit.start), min(end, unit.end)):
            chars[i - unit.start] = " "
    return "".join(chars)
