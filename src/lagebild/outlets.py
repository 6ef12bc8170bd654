"""Outlet profiles: a TOML file of ``[[outlet]]`` tables (name, country, kind, notes, plus
optional ``domain``/``domains`` and ``files``).

An article whose URL lies on a profile's domain gets that profile's name (feeds and pages name
themselves in many ways: "Landesbote – Nachrichten", "landesbote.example"). ``files`` is a list
of glob patterns matched against the input path and its file name: inputs that state no outlet
of their own, such as plain-text files, get the outlet whose pattern matches. A file read from
a directory given as input that lies in a sub-folder of it gets the sub-folder's name as its
outlet (``articles/Landesbote/x.txt`` → "Landesbote", spelled as a profile of that name spells
it), so a folder per outlet needs no outlets file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

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
        files = entry.get("files", [])
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise InputError(str(path), f"outlet {entry['name']!r}: files must be a list of globs")
        domains = entry.get("domains", [])
        if not isinstance(domains, list) or not isinstance(entry.get("domain", ""), str):
            raise InputError(str(path), f"outlet {entry['name']!r}: domain(s) must be text")
        kind = entry.get("kind")
        if kind is not None and kind not in KINDS:
            raise InputError(
                str(path),
                f"outlet {entry['name']!r}: unknown kind {kind!r}; "
                f"one of: {', '.join(sorted(KINDS))}",
            )
    return outlets


def outlet_for_source(outlets: list[dict[str, Any]], source: str) -> str | None:
    """The outlet whose ``files`` patterns match the input path, if any."""
    name = Path(source).name
    for outlet in outlets:
        if any(fnmatch(source, p) or fnmatch(name, p) for p in outlet.get("files", [])):
            return outlet["name"]
    return None


def outlet_for_folder(
    outlets: list[dict[str, Any]], source: str, folders: Sequence[str]
) -> str | None:
    """The name of the first sub-folder below the input directory the file was read from."""
    path = Path(source)
    for folder in folders:
        try:
            inside = path.relative_to(folder)
        except ValueError:
            continue
        if len(inside.parts) < 2:
            return None  # directly in the input directory: no folder names it
        name = inside.parts[0]
        known = {o["name"].casefold(): o["name"] for o in outlets}
        return known.get(name.casefold(), name)
    return None


def outlet_for_url(outlets: list[dict[str, Any]], url: str | None) -> str | None:
    """The outlet on whose domain (or a subdomain of it) the URL lies, if any."""
    host = (urlparse(url).hostname or "") if url else ""
    if not host:
        return None
    for outlet in outlets:
        for domain in _domains(outlet):
            if host == domain or host.endswith("." + domain):
                return outlet["name"]
    return None


def _domains(outlet: dict[str, Any]) -> list[str]:
    domains = outlet.get("domains", [])
    if isinstance(outlet.get("domain"), str):
        domains = [outlet["domain"], *domains]
    return [d.lower().removeprefix("www.") for d in domains]
