"""TIMEX3 spans: the prepositions and articles a rule matched before a time expression are cut
off; the prepositions are kept as the expression's signal."""

from __future__ import annotations

import re

from .resources import Resources


def timex3_start(
    text: str, start: int, end: int, match: re.Match[str], resources: Resources
) -> tuple[int, str | None]:
    """Where the TIMEX3 span of the match ``start``-``end`` begins, and its signal words.

    A word of span-prefixes.tsv is cut while something is left after it; a "mod" word only where
    the rule's mod group begins.
    """
    kinds = resources.tables["span-prefixes"]
    mod_start = match.start("mod") if "mod" in match.re.groupindex else -1
    signal: list[str] = []
    position = start
    while True:
        cut = resources.prefixes.match(text, position, end)
        if cut is None and position == mod_start:
            cut = resources.mod_prefixes.match(text, position, end)
        if cut is None or cut.end() >= end:
            break
        word = " ".join(cut.group(1).lower().split())
        if kinds[word][0] != "article":
            signal.append(word)
        position = cut.end()
    return position, " ".join(signal) or None
