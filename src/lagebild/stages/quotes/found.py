"""What the quotation layer finds while it reads an article: quotes and frame elements (speaker,
cue, addressee) as runs of token indices, and the few operations on them every step needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Article, Span
from .codes import FrameRole, QuoteKind
from .frames import RuleQuote


@dataclass
class Found:
    """A quote or frame element as token runs while the article is being read."""

    kind: QuoteKind | FrameRole
    runs: list[list[int]] = field(default_factory=list)  # [first, last] token index per part
    rule: RuleQuote | None = None  # the frame rule that found it, speaker and cue included

    @property
    def first(self) -> int:
        return self.runs[0][0]

    @property
    def last(self) -> int:
        return self.runs[-1][1]

    def tokens(self) -> list[int]:
        return [i for a, b in self.runs for i in range(a, b + 1)]


def token_span(article: Article, first: int, last: int) -> Span:
    """The text from token ``first`` to token ``last``."""
    start, end = article.tokens[first].start, article.tokens[last].end
    return Span(start, end, article.text[start:end])


def sentences_of(article: Article, element: Found) -> set[int]:
    return {article.tokens[i].sentence for i in element.tokens()}


def distance(a: Found, b: Found) -> int:
    if a.last < b.first:
        return b.first - a.last
    if b.last < a.first:
        return a.first - b.last
    return 0


def run_tokens(runs: tuple[tuple[int, int], ...]) -> set[int]:
    """The token indices of [first, last] runs."""
    return {i for a, b in runs for i in range(a, b + 1)}
