"""German month and weekday names: one table each (``data/de/months.tsv``, ``weekdays.tsv``).

Weekdays are numbered as ISO 8601 does (Monday = 1 ... Sunday = 7); code that wants Python's
``date.weekday()`` numbering (Monday = 0) subtracts one where it asks.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ...errors import ResourceError
from ...resources import data_path, read_tsv


def read_numbered_forms(path: str | Path, column: str, low: int, high: int) -> dict[str, int]:
    """Word form -> number of a table with the columns ``form`` and ``column``; forms must be
    lower case and unique, numbers whole and between ``low`` and ``high``."""
    table: dict[str, int] = {}
    for row in read_tsv(path, ("form", column), non_empty=True):
        where = f"{path}:{row['_line']}"
        form, value = row["form"], row[column]
        if form != form.lower():
            raise ResourceError(f"{where}: word form {form!r} must be lower case")
        if not value.isdigit() or not low <= int(value) <= high:
            raise ResourceError(f"{where}: {column} {value!r} is not a number from {low} to {high}")
        if form in table:
            raise ResourceError(f"{where}: duplicate entry {form!r}")
        table[form] = int(value)
    return table


@cache
def months() -> dict[str, int]:
    """Month name or abbreviation (lower case; an abbreviation with its final dot) -> 1-12."""
    return read_numbered_forms(data_path("de/months.tsv"), "month", 1, 12)


@cache
def weekdays() -> dict[str, int]:
    """Weekday name (lower case) -> ISO weekday, Monday = 1 ... Sunday = 7."""
    return read_numbered_forms(data_path("de/weekdays.tsv"), "day", 1, 7)
