"""The comparison's lexicons (data/de): loaded language, camps, attribution, opinion signals,
day words, number words, months; gersent's polarity lists when installed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import util as importlib_util
from pathlib import Path

from ...errors import ResourceError
from ...lang import de as german
from ...resources import numbered_rows
from ...stages.entities import given_name_rows
from ..stories.vectors import background_document_share


@dataclass(frozen=True)
class Pattern:
    id: str
    kind: str
    regex: re.Pattern[str]
    example: str
    speaker_kind: str = ""  # camps.tsv only: name, role or group


def _compile(name: str, number: int, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(r"\b(?:" + pattern + ")", re.IGNORECASE)
    except re.error as exc:
        raise ResourceError(f"data/de/{name}:{number}: bad pattern {pattern!r}: {exc}") from exc


def _checked(name: str, rows: list[tuple[int, Pattern]]) -> list[Pattern]:
    for number, pattern in rows:
        if not pattern.regex.search(pattern.example):
            raise ResourceError(
                f"data/de/{name}:{number}: pattern {pattern.id} does not match its example"
            )
    return [p for _, p in rows]


@cache
def loaded_language() -> list[Pattern]:
    name = "loaded_language.tsv"
    rows = numbered_rows(name, ("id", "pattern", "category", "example"))
    return _checked(
        name,
        [
            (n, Pattern(r["id"], r["category"], _compile(name, n, r["pattern"]), r["example"]))
            for n, r in rows
        ],
    )


@cache
def camps() -> list[Pattern]:
    name = "camps.tsv"
    rows = numbered_rows(name, ("pattern", "camp", "kind", "example"))
    for number, row in rows:
        if row["kind"] not in ("name", "role", "group"):
            raise ResourceError(f"data/de/{name}:{number}: kind must be name, role or group")
    return _checked(
        name,
        [
            (
                n,
                Pattern(
                    f"{name}:{n}",
                    r["camp"],
                    _compile(name, n, r["pattern"]),
                    r["example"],
                    r["kind"],
                ),
            )
            for n, r in rows
        ],
    )


def _kind_patterns(name: str) -> list[Pattern]:
    """A data file of (kind, pattern, example) rows, every example checked."""
    rows = numbered_rows(name, ("kind", "pattern", "example"))
    return _checked(
        name,
        [
            (n, Pattern(f"{name}:{n}", r["kind"], _compile(name, n, r["pattern"]), r["example"]))
            for n, r in rows
        ],
    )


@cache
def attribution() -> list[Pattern]:
    return _kind_patterns("attribution.tsv")


@cache
def opinion_signals() -> list[Pattern]:
    return _kind_patterns("opinion_signals.tsv")


SHOWN_PRECISION = 0.8  # finding kinds measured below this are not shown by default


def _measured_precision(name: str) -> dict[str, float]:
    """kind -> measured precision, from a data file written from bench/compare.py's figures."""
    found = {}
    for number, row in numbered_rows(name, ("kind", "precision", "judged")):
        try:
            found[row["kind"]] = float(row["precision"])
        except ValueError as exc:
            raise ResourceError(f"data/de/{name}:{number}: precision must be a number") from exc
    return found


@cache
def signal_precision() -> dict[str, float]:
    """Measured precision of each opinion-signal kind (bench/compare.py, our finding gold)."""
    return _measured_precision("opinion_signals_precision.tsv")


@cache
def finding_precision() -> dict[str, float]:
    """Measured precision of the comparison's other finding kinds (voice, timeline_event,
    exclusive_fact, discrepancy:KIND; bench/compare.py, our comparison finding gold)."""
    return _measured_precision("finding_precision.tsv")


def shown_finding(kind: str) -> bool:
    """Whether a finding kind is shown by default: unmeasured, or measured at
    ``SHOWN_PRECISION`` or more."""
    return finding_precision().get(kind, 1.0) >= SHOWN_PRECISION


@cache
def shown_signal_kinds() -> frozenset[str]:
    """The signal kinds shown by default: every kind of opinion_signals.tsv and the two found
    without a pattern, unless measured below ``SHOWN_PRECISION``."""
    kinds = {p.kind for p in opinion_signals()} | {"rhetorical_question", "imperative"}
    measured = signal_precision()
    return frozenset(k for k in kinds if measured.get(k, 1.0) >= SHOWN_PRECISION)


@cache
def day_phrases() -> list[tuple[re.Pattern[str], int]]:
    """Event-relative phrases -> day offset from the event."""
    name = "discrepancy_dates.tsv"
    relative: list[tuple[re.Pattern[str], int]] = []
    for number, row in numbered_rows(name, ("form", "value", "example")):
        try:
            value = int(row["value"])
        except ValueError as exc:
            raise ResourceError(f"data/de/{name}:{number}: value must be a number") from exc
        regex = _compile(name, number, row["form"])
        if not regex.search(row["example"]):
            raise ResourceError(f"data/de/{name}:{number}: form does not match its example")
        relative.append((regex, value))
    return relative


@cache
def person_name() -> re.Pattern[str]:
    """A given name (data/de/first_names.tsv) followed by a capitalised word."""
    names = {name for name, _ in given_name_rows()}
    given = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(r"\b(?:" + given + r")(?:\s+[A-ZÄÖÜ][\w-]+)+")


@cache
def number_words() -> dict[str, str]:
    """Number words a counted thing is written with ("zwölf Kilometer") -> their value."""
    return german.number_words("cardinal", "counting", "noun")


@cache
def month_numbers() -> dict[str, int]:
    """Month names and abbreviations, without an abbreviation's dot -> 1-12."""
    return {form.rstrip("."): month for form, month in german.months().items()}


@cache
def sentiment_words() -> dict[str, float]:
    """gersent's German polarity word lists (word form -> weight in [-1, 1]); empty without
    gersent. Read as data, without importing gersent's code."""
    spec = importlib_util.find_spec("gersent")
    if spec is None or not spec.submodule_search_locations:
        return {}
    folder = Path(next(iter(spec.submodule_search_locations))) / "wordlists" / "de"
    words: dict[str, float] = {}
    for name in ("positive.json", "negative.json"):
        path = folder / name
        try:
            entries = json.loads(path.read_text("utf-8"))
            words.update({w: float(v) for w, v in entries.items()})
        except (OSError, ValueError) as exc:
            raise ResourceError(f"{path}: unreadable sentiment list ({exc})") from exc
    return words


def preload() -> None:
    """Load every lexicon now (a server does this at start, not on its first story page)."""
    loaded_language(), camps(), attribution(), opinion_signals(), day_phrases(), month_numbers()
    signal_precision(), finding_precision()
    number_words()
    sentiment_words(), background_document_share(), person_name()
