"""Completing values in text order: relative expressions are anchored on the publication date
(news) or on the last date mentioned (narrative)."""

from __future__ import annotations

import datetime as dt
import re

from ...model import Point, parse_point
from .dates import (
    COARSER,
    OPEN_YEAR,
    choose_year,
    day_value,
    holiday_date,
    period,
    shift,
    week_value,
    weekday_date,
)
from .tense import PAST_TENSES

_OPERATION = re.compile(r"^(REF|NOW|LAST|WD|WE|SEASON|HOLWEEK|HOLRANGE|HOL|CLOCK)\(([^()]*)\)(.*)$")
# a year written with two digits ("12.4.61"), its century left open by the normaliser
_TWO_DIGIT_YEAR = re.compile(r"^XX(\d\d)(?=-|$)")
_SEASON = re.compile(r"^\d{4}-(SP|SU|FA|WI)$")
# In news a two-digit year lies at most this many years after the publication year.
_NEWS_YEARS_AHEAD = 10
_FULL_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")

# How far from the publication date a day named in a news paragraph may lie for a clock time
# to be placed on it.
_NEWS_CLOCK_DAYS = 31


class Resolver:
    """Completes values in text order, remembering the dates mentioned so far."""

    def __init__(self, published: str | None, genre: str, tables) -> None:
        self.anchor = parse_point(published) if published else None
        self.narrative = genre == "narrative"
        self.tables = tables
        self.season_starts = {code: int(first) for code, first in tables["seasons"].values()}
        # (value, paragraph index, sentence index) of the dates mentioned so far
        self.history: list[tuple[Point, int | None, int | None]] = []
        self.unresolved = 0
        self._sentence: int | None = None  # of the expression being resolved

    def remember(self, value: str, paragraph: int | None, sentence: int | None = None) -> None:
        point = parse_point(value.split("/")[-1])
        season = _SEASON.match(value)
        if point and season:  # "im Winter 1894" begins in December
            point = Point(point.year, self.season_starts[season.group(1)])
        if point:
            self.history.append((point, paragraph, sentence))

    def _mentioned(self, unit: str, paragraph: int | None = None) -> Point | None:
        """The last date mentioned that is fine enough for ``unit`` (in ``paragraph``, if given)."""
        for point, index, _sentence in reversed(self.history):
            if point.supports(unit) and (paragraph is None or index == paragraph):
                return point
        return None

    def _century(self, two_digits: str) -> str:
        """The four-digit year of "61": in narrative texts the one nearest the story's last year,
        in news the latest not far after the publication year; without either, 00-49 are this
        century and 50-99 the last."""
        short = int(two_digits)
        reference = self._mentioned("Y") if self.narrative else None
        reference = reference or self.anchor
        if reference is None:
            return f"{(2000 if short < 50 else 1900) + short:04d}"
        years = [
            c * 100 + short for c in range(reference.year // 100 - 1, reference.year // 100 + 2)
        ]
        if self.narrative:
            year = min(years, key=lambda y: (abs(y - reference.year), y))
        else:
            year = max(y for y in years if y <= reference.year + _NEWS_YEARS_AHEAD)
        return f"{year:04d}"

    def _reference(self, unit: str) -> Point | None:
        """The anchor of relative expressions: the publication date, or in narrative texts the
        last date mentioned."""
        if self.narrative:
            mentioned = self._mentioned(unit)
            if mentioned:
                return mentioned
        return self.anchor if self.anchor and self.anchor.supports(unit) else None

    def resolve(
        self, value: str, tense: str | None, paragraph: int | None, sentence: int | None = None
    ) -> str:
        self._sentence = sentence
        two_digits = _TWO_DIGIT_YEAR.match(value)
        if two_digits:
            value = self._century(two_digits.group(1)) + value[two_digits.end() :]
        op = _OPERATION.match(value)
        if op:
            name, arguments, suffix = op.group(1), op.group(2).split(","), op.group(3)
            handler = getattr(self, "_op_" + name.lower())
            try:
                resolved = handler(arguments, tense, paragraph)
            except (ValueError, OverflowError):  # "vor 99999999 Tagen": beyond the calendar
                return _underspecified(name, arguments) + suffix
            if resolved is None:
                self.unresolved += 1
                return _underspecified(name, arguments) + suffix
            return resolved + suffix
        if OPEN_YEAR.match(value):
            anchor = self._reference("Y")
            if anchor is None:
                self.unresolved += 1
                return value
            parts = value.split("/")
            year = (
                self._story_year(lambda y: period(parts[0], y, self.season_starts), anchor)
                if self.narrative
                else choose_year(lambda y: period(parts[0], y, self.season_starts), anchor, tense)
            )
            return "/".join(f"{year:04d}{p[4:]}" if p.startswith("XXXX") else p for p in parts)
        return value

    @staticmethod
    def _story_year(periods, anchor: Point) -> int:
        """Narrative texts move forward: an open year is the year of the last date, or the next
        one where the period would end before that date began ("im Winter 1894 ... im
        Frühjahr" is the spring of 1895)."""
        try:
            ended_before = periods(anchor.year)[1] < anchor.span()[0]
        except ValueError:  # 29 February outside leap years
            return anchor.year
        return anchor.year + 1 if ended_before else anchor.year

    def _op_ref(self, arguments, tense, paragraph):
        amount, unit = arguments
        if amount.lstrip("+-") == "X":  # "vor wenigen Tagen": only the direction is known
            return "PAST_REF" if amount.startswith("-") else "FUTURE_REF"
        anchor = self._reference(unit)
        return shift(anchor, amount, unit) if anchor else None

    def _op_now(self, arguments, tense, paragraph):
        # "heute" in a story told in the past is the writer's present, not the story's day
        return "PRESENT_REF" if self.narrative else self._op_ref(arguments, tense, paragraph)

    def _op_last(self, arguments, tense, paragraph):
        amount, unit = arguments
        grain = COARSER.get(unit, "Y") if amount.lstrip("+-") == "X" else unit
        point = self._mentioned(grain) or self._reference(grain)
        return shift(point, amount, unit) if point else None

    def _op_wd(self, arguments, tense, paragraph):
        weekday, how = arguments
        anchor = self._reference("D")
        if anchor is None or anchor.date is None:
            return None
        return day_value(weekday_date(anchor.date, int(weekday), how, tense))

    def _op_we(self, arguments, tense, paragraph):
        (how,) = arguments
        anchor = self._reference("D")
        if anchor is None or anchor.date is None:
            return None
        day = anchor.date
        # auto, in the past: the last weekend (this one, on a weekend); otherwise this week's
        weekend_past = tense in PAST_TENSES and day.isoweekday() < 6
        weeks = (-1 if weekend_past else 0) if how == "auto" else int(how)
        return week_value(day + dt.timedelta(weeks=weeks)) + "-WE"

    def _op_season(self, arguments, tense, paragraph):
        season, how = arguments
        anchor = self._reference("Y")
        if anchor is None:
            return None
        open_value = f"XXXX-{season}"

        def periods(year: int) -> tuple[dt.date, dt.date]:
            return period(open_value, year, self.season_starts)

        start, end = anchor.span()
        if how == "auto" and self.narrative:
            year = self._story_year(periods, anchor)
        elif how == "auto":
            year = choose_year(periods, anchor, tense)
        elif int(how) < 0:
            year = max(y for y in range(anchor.year - 2, anchor.year + 1) if periods(y)[1] < start)
        elif int(how) > 0:
            year = min(y for y in range(anchor.year - 1, anchor.year + 2) if periods(y)[0] > end)
        else:
            year = choose_year(periods, anchor, None)
        return f"{year:04d}-{season}"

    def _holiday(self, name: str, year: str, tense: str | None) -> dt.date | None:
        """The day of holiday ``name`` in ``year``, or in the year the anchor and tense pick."""
        rule = self.tables["holidays"][name][0]
        if year != "XXXX":
            return holiday_date(rule, int(year))
        anchor = self._reference("Y")
        if anchor is None:
            return None

        def periods(y: int) -> tuple[dt.date, dt.date]:
            day = holiday_date(rule, y)
            return day, day

        return holiday_date(rule, choose_year(periods, anchor, tense))

    def _op_hol(self, arguments, tense, paragraph):
        name, year = arguments
        day = self._holiday(name, year, tense)
        return day_value(day) if day else None

    def _op_holweek(self, arguments, tense, paragraph):
        word, year = arguments
        holiday, grain = self.tables["holiday-weeks"][word]
        day = self._holiday(holiday, year, tense)
        if day is None:
            return None
        return week_value(day) + ("-WE" if grain == "WE" else "")

    def _op_holrange(self, arguments, tense, paragraph):
        # "zwischen Weihnachten und Neujahr": the second holiday is the first one after the first
        first, second, year = arguments
        start = self._holiday(first, year, tense)
        if start is None:
            return None
        rule = self.tables["holidays"][second][0]
        end = holiday_date(rule, start.year)
        if end < start:
            end = holiday_date(rule, start.year + 1)
        return f"{day_value(start)}/{day_value(end)}"

    def _op_clock(self, arguments, tense, paragraph):
        (clock,) = arguments
        # "am 9. November 1989 um 18:53 Uhr": the day named before in the same sentence; "Die
        # Feier am Freitag ... Sie beginnt um 11 Uhr": the day last named in the paragraph, in
        # news only a day near the publication date (a clock time is about current events)
        same_sentence = [
            point
            for point, _paragraph, sentence in self.history
            if sentence is not None and sentence == self._sentence and point.supports("D")
        ]
        if same_sentence:
            return f"{same_sentence[-1].date.isoformat()}T{clock}"  # type: ignore[union-attr]
        day = self._mentioned("D", paragraph) or self._mentioned("D")
        anchor_day = self.anchor.date if self.anchor and not self.narrative else None
        if day and day.date and anchor_day and abs((day.date - anchor_day).days) > _NEWS_CLOCK_DAYS:
            day = None
        day = day or self._reference("D")
        if day is None or day.date is None:
            return None
        return f"{day.date.isoformat()}T{clock}"


def impossible_date(value: str) -> bool:
    for part in value.split("/"):
        m = _FULL_DATE.match(part)
        if m:
            try:
                dt.date(*map(int, m.groups()))
            except ValueError:
                return True
    return False


def _underspecified(name: str, arguments: list[str]) -> str:
    if name in ("REF", "LAST"):
        unit = arguments[1]
        if unit.startswith("T") or unit == "D":
            return "XXXX-XX-XX"
        return {"W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "DE": "XXX"}.get(unit, "XX")
    if name == "WD":
        return f"XXXX-WXX-{arguments[0]}"
    if name == "WE":
        return "XXXX-WXX-WE"
    if name == "SEASON":
        return f"XXXX-{arguments[0]}"
    if name == "CLOCK":
        return f"XXXX-XX-XXT{arguments[0]}"
    if name == "HOLWEEK":
        return "XXXX-WXX"
    if name == "HOLRANGE":
        return "XXXX-XX-XX/XXXX-XX-XX"
    return "XXXX-XX-XX"
