"""Closed word classes, STTS tag sets and the named word lists of the stages.

All of them live in ``data/de/word_sets.tsv``, one set a line: its name, its members separated by
spaces, and what it is for. Code asks for a set by name (``word_set("finite_verb_tags")``); a
name that is not in the file is an error at once, not an empty set. Where the order matters
(endings tried one after the other), ``word_list`` gives the members in the order of the file.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ...errors import ResourceError
from ...resources import data_path, read_tsv

_NAME = re.compile(r"[a-z][a-z0-9_]*")


def read_word_sets(path: str | Path) -> dict[str, tuple[str, ...]]:
    """Each set's members in the order the file lists them."""
    sets: dict[str, tuple[str, ...]] = {}
    for row in read_tsv(path, ("set", "members", "what"), non_empty=True):
        where = f"{path}:{row['_line']}"
        name, members = row["set"], row["members"].split()
        if not _NAME.fullmatch(name):
            raise ResourceError(f"{where}: set name {name!r} must be lower case with underscores")
        if name in sets:
            raise ResourceError(f"{where}: set {name!r} is defined twice")
        if len(set(members)) != len(members):
            raise ResourceError(f"{where}: set {name!r} lists a member twice")
        sets[name] = tuple(members)
    return sets


@cache
def _sets() -> dict[str, tuple[str, ...]]:
    return read_word_sets(data_path("de/word_sets.tsv"))


@cache
def word_list(name: str) -> tuple[str, ...]:
    """The members of a set of ``data/de/word_sets.tsv`` in the order the file lists them."""
    sets = _sets()
    if name not in sets:
        raise ResourceError(f"{data_path('de/word_sets.tsv')}: no set named {name!r}")
    return sets[name]


@cache
def word_set(name: str) -> frozenset[str]:
    """The members of a set of ``data/de/word_sets.tsv``."""
    return frozenset(word_list(name))
