"""Finding time expressions: every rule's matches in the sentences that hold a trigger word,
the longest winning among overlapping ones."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ...lang.de import word_set
from ...model import Sentence
from .resources import Resources, Rule

# Matches whose value is only a year: a capitalised word after it makes the number an amount
# ("2000 Stellen"), a blocker word before it a name or amount ("Agenda 2030", "rund 2000").
_YEAR_RULES = frozenset({"date-year", "date-year-mod", "date-year-prep", "date-year-range-to"})
_RANGE_END = re.compile(
    r"\b(?:1\d\d\d|20\d\d)[\t \u00a0]+(?:"
    + "|".join(sorted(word_set("year_range_connectors")))
    + r")[\t \u00a0]+$"
)
_NEXT_WORD = re.compile(r"[\t \u00a0]*([A-ZÄÖÜ][\wäöüß]*)")
_PREVIOUS_WORDS = re.compile(r"(\S+)[\t \u00a0]+(\S+)[\t \u00a0]*$|(\S+)[\t \u00a0]*$")


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    order: int
    rule: Rule
    match: re.Match[str]


def _is_amount_or_name(text: str, start: int, end: int, blockers, rule_id: str) -> bool:
    # a capitalised word after the year: "2000 Stellen", "von 1500 Euro" are amounts, but "bis
    # 2021 Botschafter" and "seit 2018 Mitglied" are dates
    opening = text[start:end].split(None, 1)[0].lower()
    amount = word_set("amount_prepositions")
    checked = opening in amount if rule_id == "date-year-prep" else True
    if checked and _RANGE_END.search(text, max(0, start - 12), start):
        checked = False  # "zwischen 2016 und 2020 Steuern": the end of a range of years
    if checked and _NEXT_WORD.match(text, end):
        return True
    if not text[start].isdigit():  # "zwischen 1942 und 1945", "vor 2020"
        return False
    before = _PREVIOUS_WORDS.search(text[max(0, start - 40) : start])
    if before:
        last = (before.group(2) or before.group(3) or "").lower()
        pair = f"{(before.group(1) or '').lower()} {last}"
        if last in blockers or pair in blockers:
            return True
    return text[start - 1 : start] in ("§", "-", "/") or text[end : end + 1] in ("-", "/")


def find(text: str, sentences: Sequence[Sentence], resources: Resources):
    """Non-overlapping rule matches, longest first; NONE matches suppress what they cover."""
    blockers = resources.tables["year-blockers"]
    # a time expression lies within one sentence; most sentences hold none, and the trigger
    # search (one pass) spares them the hundred rule passes
    windows = [(s.start, s.end) for s in sentences] or [(0, len(text))]
    # one trigger pass over the whole text, its hits then handed to their sentences
    hits_by_window: dict[int, set[str]] = {}
    starts = [w[0] for w in windows]
    for m in resources.trigger.finditer(text):
        index = bisect_right(starts, m.start()) - 1
        if index >= 0 and m.end() <= windows[index][1]:
            word = m.group()
            hits_by_window.setdefault(index, set()).add("0" if word.isdigit() else word.lower())
    candidates = []
    rules = resources.rules
    for index, hits in hits_by_window.items():
        window_start, window_end = windows[index]
        for order in resources.rules_for(hits):
            rule = rules[order]
            for m in rule.pattern.finditer(text, window_start, window_end):
                start, end = m.span()
                if start == end:
                    continue
                if rule.id in _YEAR_RULES and _is_amount_or_name(
                    text, start, end, blockers, rule.id
                ):
                    continue
                candidates.append(_Candidate(start, end, order, rule, m))
    candidates.sort(key=lambda c: (c.start - c.end, c.rule.type != "NONE", c.order, c.start))
    chosen: list[_Candidate] = []
    for candidate in candidates:
        if all(candidate.end <= c.start or candidate.start >= c.end for c in chosen):
            chosen.append(candidate)
    return sorted((c for c in chosen if c.rule.type != "NONE"), key=lambda c: c.start)
