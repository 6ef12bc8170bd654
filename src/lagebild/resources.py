"""Loading lagebild's language knowledge: versioned tab-separated data files with a header.

Every file starts with ``#`` comment lines (what it is, its version, its columns), then one header
row naming the columns, then one entry per line. Loading validates the column count and names the
file and line of any error, so a linguist editing a file gets told exactly what is wrong.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from .errors import ResourceError


def data_path(name: str) -> Path:
    """Path of a data file shipped under ``lagebild/data/``, e.g. ``de/boilerplate.tsv``."""
    return Path(str(resources.files("lagebild").joinpath("data", name)))


def read_tsv(path: str | Path, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows of a data file as dicts keyed by the header row; each row also carries ``_line``."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{path}: cannot read data file: {exc}") from exc
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in required if c not in header]
            if missing:
                raise ResourceError(f"{path}:{number}: header lacks column(s) {', '.join(missing)}")
            continue
        if len(cells) != len(header):
            raise ResourceError(
                f"{path}:{number}: expected {len(header)} tab-separated columns "
                f"({', '.join(header)}), found {len(cells)}"
            )
        row = dict(zip(header, (c.strip() for c in cells), strict=True))
        row["_line"] = str(number)
        rows.append(row)
    if header is None:
        raise ResourceError(f"{path}: no header row")
    return rows


@cache
def shipped_tsv(name: str, required: tuple[str, ...] = ()) -> tuple[dict[str, str], ...]:
    """A data file shipped with lagebild, read once."""
    return tuple(read_tsv(data_path(name), required))
