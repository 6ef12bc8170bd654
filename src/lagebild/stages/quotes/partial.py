"""Partial quotes: quoted words inside reported speech are the speaker's own words, a mixed
quote; names, titles and terms the article keeps quoting are not."""

from __future__ import annotations

import re
from collections import Counter

from ...lang.de import word_set
from ...lang.de.quotes import QuotedSpan
from ...model import Quote
from .codes import MIXED, QuoteKind, Rule
from .reading import TERM_STEM, Reading, ReadingStep

_WORD = re.compile(r"\w[\w-]*")


class PartialQuotes(ReadingStep):
    """Finds the mixed quotes inside the reported speech of one article."""

    def __init__(self, reading: Reading):
        super().__init__(reading)
        self.articles = word_set("definite_articles")
        joins = "|".join(sorted(map(re.escape, word_set("phrase_joining_conjunctions"))))
        self.list_gap = re.compile(rf",\s*|\s+(?:{joins})\s+")  # between quoted terms of a list

    def find(self, quotes: list[Quote]) -> list[Quote]:
        """Quoted words inside reported speech are the speaker's own words: a mixed quote.
        Names and titles ("die Zeitung „…“") and terms the article keeps quoting are not."""
        term_counts = Counter(
            self._term_key(self.article.text[s.start + 1 : s.end - 1])
            for s in {span for span in self.facts.quote if span is not None}
        )
        not_speech = {p[0] for p in self.res.cues["not_speech"]}
        partial = []
        for quote in quotes:
            if quote.type == QuoteKind.DIRECT.type or quote.speaker is None:
                continue
            within = self._quoted_within(quote.start, quote.end)
            listed: set[int] = set()
            for k in range(len(within) - 1):
                if self.list_gap.fullmatch(self.article.text[within[k].end : within[k + 1].start]):
                    listed.update((k, k + 1))
            for k, span in enumerate(within):
                inner = self.article.text[span.start + 1 : span.end - 1]
                before = self.article.text[max(0, span.start - 40) : span.start].split()
                if (
                    term_counts[self._term_key(inner)] > 1
                    or (before and before[-1].lower() in not_speech)
                    or k in listed
                    or _capitalised(inner)
                ):
                    continue  # a term or name ("der „Geist von X“"), or a list of them
                partial.append(
                    Quote(
                        start=span.start,
                        end=span.end,
                        text=self.article.text[span.start : span.end],
                        type=MIXED,
                        speaker=quote.speaker,
                        cue=quote.cue,
                        channel=quote.channel,
                        addressee=quote.addressee,
                        rule=Rule.PARTIAL.value,
                    )
                )
        return partial

    def _quoted_within(self, start: int, end: int) -> list[QuotedSpan]:
        spans = {s for s in self.facts.quote if s is not None}
        return sorted(
            (s for s in spans if start <= s.start and s.end <= end and s.closed),
            key=lambda s: s.start,
        )

    def _term_key(self, quoted: str) -> tuple[str, ...]:
        """A quoted term the same across inflection and article ("der Geist von X", "Geistes von
        X"): its words without articles, each cut to its first letters."""
        return tuple(w[:TERM_STEM] for w in quoted.lower().split() if w not in self.articles)


def _capitalised(quoted: str) -> bool:
    """A quotation of capitalised words only is a name or a term ("die Raumfähre
    „Discovery“", "das Hotel „Forte Village“"), not someone's own words."""
    words = _WORD.findall(quoted)
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)
