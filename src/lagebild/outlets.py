"""Outlet profiles: a TOML file of ``[[outlet]]`` tables (name, country, kind, notes)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .errors import InputError

KINDS = {
    "public broadcaster",
    "private broadcaster",
    "newspaper",
    "magazine",
    "tabloid",
    "agency",
    "state media",
    "blog",
    "online",
    "regional",
    "other",
}


def load_outlets(path: str | Path) -> list[dict[str, Any]]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read outlets file: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), f"not valid TOML: {exc}") from exc
    outlets = data.get("outlet")
    if not isinstance(outlets, list):
        raise InputError(str(path), "expected [[outlet]] tables with name, country, kind, notes")
    for number, entry in enumerate(outlets, start=1):
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise InputError(str(path), f"outlet #{number} has no name")
        kind = entry.get("kind")
        if kind is not None and kind not in KINDS:
            raise InputError(
                str(path),
                f"outlet {entry['name']!r}: unknown kind {kind!r}; "
                f"one of: {', '.join(sorted(KINDS))}",
            )
    return outlets
