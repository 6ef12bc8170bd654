"""Dates and amounts a text mentions, as language-neutral story terms.

Two reports of one event name the same day and the same figures whatever their language, while
two stories of one topic mostly do not: "am 12. März" and "on March 12" both give the term of
12 March, "1.500 Menschen" and "1,500 people" the term of 1500. The terms join the capitalised
words of ``vectors.article_terms``; a bare year or a small whole number is no term (every story
of a year, or of a handful of anything, would share it).
"""

from __future__ import annotations

import re
from functools import cache

from ...lang.de.calendar import months as german_months
from ...lang.de.calendar import read_numbered_forms
from ...resources import data_path

DATE_TERM = "\x00date:"
AMOUNT_TERM = "\x00amount:"
SMALLEST_WHOLE_AMOUNT = 100  # whole numbers below are too common to tell stories apart
SCALES = {
    "million": 1e6,
    "millionen": 1e6,
    "mio": 1e6,
    "mln": 1e6,
    "milliarde": 1e9,
    "milliarden": 1e9,
    "mrd": 1e9,
    "billion": 1e9,  # English; the German "Billion" (10^12) is rare in news
    "bn": 1e9,
}
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*|\d+(?:[.,]\d+)?)(?![\w]|[.,]\d)"
    r"(?:\s*(" + "|".join(SCALES) + r")\b\.?)?",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\b\d{4}-(\d\d)-(\d\d)\b")


@cache
def month_numbers() -> dict[str, int]:
    """German and English month names and abbreviations (without their dot) -> 1-12."""
    english = read_numbered_forms(data_path("en/months.tsv"), "month", 1, 12)
    return {form.rstrip("."): month for form, month in {**german_months(), **english}.items()}


@cache
def _date_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = "|".join(sorted(map(re.escape, month_numbers()), key=len, reverse=True))
    day_first = re.compile(rf"\b(\d{{1,2}})(?:\.|st|nd|rd|th)?\s+({names})\b\.?", re.IGNORECASE)
    month_first = re.compile(rf"\b({names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?![.,]\d)", re.I)
    return day_first, month_first


def date_terms(text: str) -> list[str]:
    """A term per day and month the text names ("12. März", "March 12th", "2020-03-12")."""
    day_first, month_first = _date_patterns()
    months = month_numbers()
    found = [(m.group(1), m.group(2)) for m in _ISO_DATE.finditer(text)]
    found += [(str(months[m.group(2).lower()]), m.group(1)) for m in day_first.finditer(text)]
    found += [(str(months[m.group(1).lower()]), m.group(2)) for m in month_first.finditer(text)]
    return [
        f"{DATE_TERM}{int(month):02d}-{int(day):02d}"
        for month, day in found
        if 1 <= int(day) <= 31 and 1 <= int(month) <= 12
    ]


def amount_terms(text: str) -> list[str]:
    """A term per amount the text names, German or English notation ("1.500", "1,500",
    "3,5 Millionen", "3.5 million"); bare years and small whole numbers are left out."""
    out = []
    for match in _NUMBER.finditer(text):
        digits, scale = match.group(1), match.group(3)
        if _GROUPED.fullmatch(digits):
            value = float(re.sub(r"[.,]", "", digits))
        else:
            value = float(digits.replace(",", "."))
        whole = value.is_integer()
        if scale:
            value *= SCALES[scale.lower()]
        elif whole and (value < SMALLEST_WHOLE_AMOUNT or _looks_like_a_year(digits)):
            continue
        out.append(f"{AMOUNT_TERM}{value:g}")
    return out


def _looks_like_a_year(digits: str) -> bool:
    return len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2099


def anchor_terms(text: str) -> list[str]:
    return date_terms(text) + amount_terms(text)
