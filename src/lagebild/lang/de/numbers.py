"""German number words: one table (``data/de/number_words.tsv``) with the kind of each word."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ...errors import ResourceError
from ...resources import data_path, read_tsv

KINDS = ("cardinal", "counting", "article", "noun", "fraction", "vague")
_VALUE = re.compile(r"\d+(?:\.\d+)?|X")


def read_number_words(path: str | Path) -> dict[str, tuple[str, str]]:
    """Word (lower case) -> (value, kind); the value is a number, a decimal or X (unspecified)."""
    table: dict[str, tuple[str, str]] = {}
    for row in read_tsv(path, ("form", "value", "kind"), non_empty=True):
        where = f"{path}:{row['_line']}"
        form, value, kind = row["form"], row["value"], row["kind"]
        if form != form.lower():
            raise ResourceError(f"{where}: word form {form!r} must be lower case")
        if not _VALUE.fullmatch(value):
            raise ResourceError(f"{where}: value {value!r} is no number, decimal or X")
        if kind not in KINDS:
            raise ResourceError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if form in table:
            raise ResourceError(f"{where}: duplicate entry {form!r}")
        table[form] = (value, kind)
    return table


@cache
def _table() -> dict[str, tuple[str, str]]:
    return read_number_words(data_path("de/number_words.tsv"))


def number_words(*kinds: str) -> dict[str, str]:
    """Word -> value (as written in the table) of the words of these kinds, in table order."""
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown number-word kind(s) {', '.join(unknown)}")
    return {form: value for form, (value, kind) in _table().items() if kind in kinds}
