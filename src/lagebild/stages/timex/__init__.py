"""Time expressions: found by the rules of ``data/de/timex``, resolved to TIMEX3 values.

The approach is HeidelTime's. Every rule is a regular expression with named groups; among
overlapping matches the longest wins. A match's value template is filled with the normalised
groups and may leave an operation for the resolver, which anchors relative expressions on the
publication date (news) or on the last date mentioned before (narrative), and picks the
direction of "am Freitag" or "im Oktober" from the tense of the nearest finite verb; in a
habitual present-tense sentence ("Der Markt ist immer am Dienstag") the day recurs instead.
Without a publication date, what needs it stays underspecified (``XXXX-08-15``) and the article
gets a warning; nothing is guessed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ...lang.de import quoted_ranges
from ...model import Article, Sentence, Timex, Token, parse_point
from ..registry import stage
from .matching import find
from .normalise import duration_value, fill
from .resolve import Resolver, impossible_date
from .resources import Resources, default
from .span import timex3_start
from .tense import FUTURE, PRESENT, TenseIndex

__all__ = ["annotate", "extract", "parse_dateline"]

# A day the resolver would place by tense ("am Dienstag", "am Wochenende"), which in a habitual
# sentence recurs instead; and the frequencies that make a sentence habitual.
_RECURRING_DAY = re.compile(r"^(?:WD\((\d),auto\)|WE\(auto\))(.*)$")
_SHORT_FREQUENCY = re.compile(r"^P(?:T\d+[HMS]|\d+[DW])$")
_CLOCK = re.compile(r"^CLOCK\(([^()]*)\)$")


def _is_habitual(
    text: str, sentences: Sequence[Sentence], sentence: int | None, resources: Resources
) -> bool:
    """Whether the sentence has a habitual cue ("immer", "jeweils"; not "immer noch")."""
    start, end = (
        (sentences[sentence].start, sentences[sentence].end)
        if sentence is not None
        else (0, len(text))
    )
    return bool(resources.habitual.search(resources.not_habitual.sub(" ", text[start:end])))


def extract(
    text: str,
    published: str | None = None,
    genre: str = "news",
    sentences: Sequence[Sentence] = (),
    tokens: Sequence[Token] = (),
    resources: Resources | None = None,
) -> tuple[list[Timex], int]:
    """The time expressions of ``text`` and how many stayed unresolved for want of an anchor.

    Without sentences and tokens it still works, only without tense (weekdays then resolve to
    the nearest day).
    """
    resources = resources or default()
    tables = resources.tables
    tenses = TenseIndex(tokens, tables, quoted_ranges(text))
    starts = [s.start for s in sentences]
    resolver = Resolver(published, genre, tables)
    candidates = find(text, sentences, resources)

    def sentence_of(position: int) -> int | None:
        return bisect.bisect_right(starts, position) - 1 if starts else None

    # sentences with a frequency of a week or less ("wöchentlich", "alle zwei Stunden")
    frequent = {
        sentence_of(c.start)
        for c in candidates
        if c.rule.type == "SET"
        and _SHORT_FREQUENCY.match(duration_value(fill(c.rule.value, c.match, tables)))
    }
    timexes = []
    for candidate in candidates:
        rule, match = candidate.rule, candidate.match
        sentence = sentence_of(candidate.start)
        paragraph = sentences[sentence].paragraph if sentence is not None else None
        first_word = match.group().split(None, 1)[0].lower()
        tense = tables["signals"].get(first_word, (tenses.at(sentence, candidate.start),))[0]
        value = fill(rule.value, match, tables)
        type_ = rule.type
        recurring = _RECURRING_DAY.match(value)
        if (
            recurring
            and tense in (PRESENT, FUTURE)
            and (sentence in frequent or _is_habitual(text, sentences, sentence, resources))
        ):
            # "Der Markt findet immer am Dienstag statt": every Tuesday, not the next one
            type_ = "SET"
            value = f"XXXX-WXX-{recurring.group(1) or 'WE'}{recurring.group(2)}"
        clock = _CLOCK.match(value)
        if clock and tense in (PRESENT, FUTURE) and sentence in frequent:
            # "Der Markt öffnet täglich ab 11 Uhr": the time of every day, on no date
            value = f"XXXX-XX-XXT{clock.group(1)}"
        # "zwei Tage später" is the duration P2D; the point it reaches is its anchor
        value, _, anchor_operation = value.partition("@")
        if type_ != "SET":  # "jedes Jahr im Mai" is XXXX-05, not this year's May
            value = resolver.resolve(value, tense, paragraph, sentence)
        if impossible_date(value):  # "31. Februar" is no date
            continue
        anchor = None
        if anchor_operation:
            anchor = resolver.resolve(anchor_operation, tense, paragraph, sentence)
            resolver.remember(anchor, paragraph, sentence)
        if type_ in ("DURATION", "SET"):
            value = duration_value(value)
        else:
            resolver.remember(value, paragraph, sentence)
        mod = fill(rule.mod, match, tables) if rule.mod else None
        start, signal = candidate.start, None
        if not rule.value.endswith("_REF"):  # idioms stay whole: "in Kürze", "zur Zeit"
            start, signal = timex3_start(text, candidate.start, candidate.end, match, resources)
        timexes.append(
            Timex(
                start,
                candidate.end,
                text[start : candidate.end],
                type_,
                value,
                mod or None,
                rule.id,
                signal,
                anchor if anchor and parse_point(anchor) else None,
            )
        )
    return timexes, resolver.unresolved


@stage("timex", needs=("sentences", "tokens"), adds=("timexes",))
def annotate(article: Article) -> None:
    timexes, unresolved = extract(
        article.text, article.published, article.genre, article.sentences, article.tokens
    )
    article.timexes = timexes
    if unresolved and not article.published:
        article.warnings.append(
            f"no publication date: {unresolved} relative time expression"
            f"{'s' if unresolved != 1 else ''} left unresolved"
        )


def parse_dateline(text: str) -> str | None:
    """The date (and time) of a dateline such as "11 Feb. 2026 08:25 Uhr", else None.

    Only a fully specified DATE or TIME that makes up the whole line counts.
    """
    stripped = text.strip()
    timexes, _ = extract(stripped)
    if len(timexes) != 1:
        return None
    timex = timexes[0]
    if timex.type not in ("DATE", "TIME") or "X" in timex.value or not parse_point(timex.value):
        return None
    rest = stripped[: timex.start] + stripped[timex.end :]
    return timex.value if not rest.strip(" ,.:;-–()") else None
