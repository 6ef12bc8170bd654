"""Loading lagebild's language knowledge: versioned tab-separated data files with a header.

Every file starts with ``#`` comment lines (what it is, its version, its columns), then one entry
per line. Files read with :func:`read_tsv` also have a header row naming the columns; files read
with :func:`read_rows` have fixed positional columns. Loading validates the column count and
names the file and line of any error, so a linguist editing a file gets told exactly what is
wrong.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from .errors import ResourceError


def data_path(name: str) -> Path:
    """Path of a data file shipped under ``lagebild/data/``, e.g. ``de/boilerplate.tsv``."""
    return Path(str(resources.files("lagebild").joinpath("data", name)))


def read_tsv(
    path: str | Path, required: tuple[str, ...] = (), *, non_empty: bool = False
) -> list[dict[str, str]]:
    """Rows of a data file as dicts keyed by the header row; each row also carries ``_line``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{path}: cannot read data file: {exc}") from exc
    return parse_tsv(str(path), text, required, non_empty=non_empty)


def read_rows(
    path: str | Path, columns: int, *, all_filled: bool = False
) -> list[tuple[int, tuple[str, ...]]]:
    """(line number, fields) of each entry of a data file with ``columns`` positional columns.
    The first one must have a value; with ``all_filled`` every one must."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{path}: cannot read data file: {exc}") from exc
    if not lines or not lines[0].startswith("#"):
        raise ResourceError(f"{path}:1: missing header (what the file is, its format, version)")
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = tuple(line.split("\t"))
        filled = all(f.strip() for f in fields) if all_filled else bool(fields[0].strip())
        if len(fields) != columns or not filled:
            which = "non-empty " if all_filled else ""
            raise ResourceError(
                f"{path}:{number}: expected {columns} {which}tab-separated columns, "
                f"got {len(fields)}" + ("" if filled else " with an empty one")
            )
        rows.append((number, fields))
    return rows


def parse_tsv(
    where: str, text: str, required: tuple[str, ...] = (), *, non_empty: bool = False
) -> list[dict[str, str]]:
    """The rows of a data file's text; errors name ``where`` and the line. ``non_empty``: every
    cell must have a value."""
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
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
