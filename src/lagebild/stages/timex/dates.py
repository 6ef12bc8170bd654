"""Calendar values of TIMEX3: points in time, shifts, holidays, and choosing a year or a weekday
near an anchor."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ...model import Point
from .tense import FUTURE, PAST, PAST_TENSES, PLUPERFECT

OPEN_YEAR = re.compile(r"^XXXX-(\d\d-\d\d|\d\d|SP|SU|FA|WI|Q\d|H\d)")

# The grain of "einige Tage später": a few days after the 3rd of May is still May.
COARSER = {"TS": "D", "TM": "D", "TH": "D", "D": "M", "W": "M", "M": "Y", "Y": "DE"}


def day_value(day: dt.date) -> str:
    return day.isoformat()


def week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift(point: Point, amount: str, unit: str) -> str:
    """The value ``amount`` units after ``point`` (before, when negative), at the unit's grain.

    An unspecified amount ("einige Tage später") gives the value one grain coarser.
    """
    if amount.lstrip("+-") == "X":
        return shift(point, "0", COARSER.get(unit, "CE"))
    n = float(amount)
    years = {"M": n / 12, "Y": n, "DE": n * 10, "CE": n * 100}.get(unit, 0)
    if not 0 < point.year + years < 10000:
        raise ValueError(f"{amount} {unit} from {point} is beyond the calendar")
    day = point.date
    if unit in ("TH", "TM", "TS") and day is not None:
        if point.hour is None:
            return day_value(day)
        moment = dt.datetime(day.year, day.month, day.day, point.hour, point.minute or 0)
        seconds = {"TH": 3600, "TM": 60, "TS": 1}[unit]
        moment += dt.timedelta(seconds=n * seconds)
        return moment.strftime("%Y-%m-%dT%H:%M")
    if unit == "D" and day is not None:
        return day_value(day + dt.timedelta(days=round(n)))
    if unit == "W":
        start = day or dt.date.fromisocalendar(point.year, point.week or 1, 1)
        return week_value(start + dt.timedelta(weeks=round(n)))
    if unit == "M" and point.month is not None:
        months = point.year * 12 + point.month - 1 + int(n)
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    if unit == "DE":
        return f"{point.year // 10 + int(n):03d}"
    if unit == "CE":
        return f"{point.year // 100 + int(n):02d}"
    return f"{point.year + int(n):04d}"


def easter(year: int) -> dt.date:
    """Easter Sunday (Gregorian, anonymous computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def first_advent(year: int) -> dt.date:
    """The first Sunday of Advent: three weeks before the last Sunday before Christmas Day."""
    christmas = dt.date(year, 12, 25)
    return christmas - dt.timedelta(days=(christmas.isoweekday() % 7 or 7) + 21)


def holiday_date(rule: str, year: int) -> dt.date:
    if rule.startswith("easter"):
        return easter(year) + dt.timedelta(days=int(rule[len("easter") :]))
    if rule.startswith("advent"):
        return first_advent(year) + dt.timedelta(days=int(rule[len("advent") :]))
    month, day = rule.split("-")
    return dt.date(year, int(month), int(day))


def period(open_value: str, year: int, season_starts: dict[str, int]) -> tuple[dt.date, dt.date]:
    """First and last day of an open-year value ("XXXX-08-15", "XXXX-SP", ...) in ``year``; a
    season lasts three months from its first (a winter ends in the next year)."""
    part = OPEN_YEAR.match(open_value).group(1)  # type: ignore[union-attr]
    if part in season_starts:
        first = season_starts[part]
        last = (first + 1) % 12 + 1
        end_year = year + 1 if last < first else year
        return (
            dt.date(year, first, 1),
            dt.date(end_year, last, calendar.monthrange(end_year, last)[1]),
        )
    if part[0] in "QH":
        size = 3 if part[0] == "Q" else 6
        first = (int(part[1]) - 1) * size + 1
        last = first + size - 1
        return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    return Point(year, int(part[:2]), int(part[3:]) if len(part) > 2 else None).span()


def choose_year(periods, anchor: Point, tense: str | None) -> int:
    """The year whose period fits the anchor and the tense, HeidelTime style.

    Past: the latest that started by the anchor; future: the earliest not over before it;
    otherwise the one nearest to the anchor.
    """
    start, end = anchor.span()
    years = []
    for year in range(anchor.year - 1, anchor.year + 2):
        try:
            periods(year)
        except ValueError:  # 29 February outside leap years
            continue
        years.append(year)
    if not years:
        return anchor.year
    if tense in PAST_TENSES:
        fitting = [y for y in years if periods(y)[0] <= end]
        if fitting:
            return max(fitting)
    if tense == FUTURE:
        fitting = [y for y in years if periods(y)[1] >= start]
        if fitting:
            return min(fitting)

    def distance(year: int) -> int:
        first, last = periods(year)
        if last < start:
            return (start - last).days
        if first > end:
            return (first - end).days
        return 0

    return min(years, key=lambda y: (distance(y), abs(y - anchor.year)))


def weekday_date(reference: dt.date, weekday: int, how: str, tense: str | None) -> dt.date:
    """The date of ``weekday`` (1-7) near ``reference``.

    since/last: strictly before; for: the same day or after; next: strictly after; auto: by
    tense: the same day or before in the past, strictly before in the pluperfect (in a report
    written on a Thursday, "am Donnerstag hatte ..." is the week before), the same day or after
    otherwise, and the nearest when the sentence has no finite verb; a signed number: that day
    of the week so many weeks away ("Freitag kommender Woche" is +1).
    """
    if how.lstrip("+-").isdigit():
        monday = reference - dt.timedelta(days=reference.isoweekday() - 1)
        return monday + dt.timedelta(weeks=int(how), days=weekday - 1)
    if how == "auto":
        how = {PAST: "past", PLUPERFECT: "last", None: "nearest"}.get(tense, "for")
    offsets = {
        "since": range(-1, -8, -1),
        "last": range(-1, -8, -1),
        "past": range(0, -7, -1),
        "for": range(0, 7),
        "next": range(1, 8),
        "nearest": (0, -1, 1, -2, 2, -3, 3),
    }[how]
    for offset in offsets:
        day = reference + dt.timedelta(days=offset)
        if day.isoweekday() == weekday:
            return day
    raise ValueError(f"no weekday {weekday} in {how} range")
