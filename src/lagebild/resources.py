"""Reading lagebild's language knowledge: versioned tab-separated data files with a header.

One convention for every data file under ``lagebild/data/`` (and the word tables in
``lagebild/models/``):

- the file starts with ``#`` comment lines: what it is, its columns and what they mean, and a
  line ``# version: N`` (``N`` a whole number, optionally followed by the date and what changed);
- then one entry per line, fields separated by tabs; blank lines and ``#`` lines are skipped.

A table read by column name (:func:`read_tsv`) has a first entry line naming its columns; a table
read by position (:func:`read_rows`) has none; a word list (:func:`read_words`) holds words
separated by white space. Every error names the file and the line, so a linguist editing a file
is told exactly what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import ResourceError

_VERSION_LINE = re.compile(r"# version: \d+\b")


def data_path(name: str) -> Path:
    """Path of a data file shipped under ``lagebild/data/``, e.g. ``de/boilerplate.tsv``."""
    return Path(str(resources.files("lagebild").joinpath("data", name)))


def read_text(path: str | Path) -> str:
    """The text of a data file whose header states its version."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{path}: cannot read data file: {exc}") from exc
    check_header(str(path), text)
    return text


def check_header(where: str, text: str) -> None:
    """The leading ``#`` lines must hold a ``# version: N`` line."""
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if _VERSION_LINE.match(line):
            return
    raise ResourceError(f"{where}:1: header has no '# version: N' line")


def entries(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, tab-separated fields) of each line that is neither blank nor a comment."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            yield number, line.split("\t")


def read_entries(path: str | Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of each entry of a data file, its header checked."""
    return entries(read_text(path))


def read_tsv(
    path: str | Path, required: tuple[str, ...] = (), *, non_empty: bool = False
) -> list[dict[str, str]]:
    """Rows of a data file as dicts keyed by the column row; each row also carries ``_line``."""
    return parse_tsv(str(path), read_text(path), required, non_empty=non_empty)


def read_rows(
    path: str | Path, columns: int, *, all_filled: bool = False
) -> list[tuple[int, tuple[str, ...]]]:
    """(line number, fields) of each entry of a data file with ``columns`` positional columns.
    The first one must have a value; with ``all_filled`` every one must."""
    rows = []
    for number, cells in read_entries(path):
        fields = tuple(cells)
        filled = all(f.strip() for f in fields) if all_filled else bool(fields[0].strip())
        if len(fields) != columns or not filled:
            which = "non-empty " if all_filled else ""
            raise ResourceError(
                f"{path}:{number}: expected {columns} {which}tab-separated columns, "
                f"got {len(fields)}" + ("" if filled else " with an empty one")
            )
        rows.append((number, fields))
    return rows


def read_words(path: str | Path) -> list[tuple[int, str]]:
    """(line number, word) of each word of a word list; words are separated by white space."""
    return [
        (number, word) for number, cells in read_entries(path) for word in " ".join(cells).split()
    ]


def parse_tsv(
    where: str, text: str, required: tuple[str, ...] = (), *, non_empty: bool = False
) -> list[dict[str, str]]:
    """The rows of a table's text, the first entry line naming the columns; errors name ``where``
    and the line. ``non_empty``: every cell must have a value."""
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for number, cells in entries(text):
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in required if c not in header]
            if missing:
                missing_names = ", ".join(missing)
                raise ResourceError(f"{where}:{number}: header lacks column(s) {missing_names}")
            continue
        if len(cells) != len(header):
            raise ResourceError(
                f"{where}:{number}: expected {len(header)} tab-separated columns "
                f"({', '.join(header)}), found {len(cells)}"
            )
        row = dict(zip(header, (c.strip() for c in cells), strict=True))
        if non_empty and not all(row.values()):
            empty = [c for c in header if not row[c]]
            raise ResourceError(f"{where}:{number}: empty column(s) {', '.join(empty)}")
        row["_line"] = str(number)
        rows.append(row)
    if header is None:
        raise ResourceError(f"{where}: no header row")
    return rows


@cache
def shipped_tsv(
    name: str, required: tuple[str, ...] = (), *, non_empty: bool = False
) -> tuple[dict[str, str], ...]:
    """A data file shipped with lagebild, read once."""
    return tuple(read_tsv(data_path(name), required, non_empty=non_empty))


def numbered_rows(name: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of a shipped ``data/de`` file whose every cell must have a value."""
    return [(int(r["_line"]), r) for r in shipped_tsv(f"de/{name}", columns, non_empty=True)]
