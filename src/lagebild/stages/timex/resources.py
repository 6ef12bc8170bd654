"""The German time-expression resources: normalisation tables, regex macros and rules.

Everything lives in ``data/de/timex/`` as tab-separated files, one entry per line, each with a
header of ``#`` lines (what it is, its format, its version), except the month, weekday and
number-word tables, which all of lagebild shares (``lang.de``). They are validated when loaded;
an error names the file and the line. Tables double as regex macros: ``%MONTHS%`` in a rule is
the alternation of the word forms of the month table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

from ...errors import ResourceError
from ...lang import de as german
from ...resources import read_entries

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET", "NONE")

# Per table: how many columns an entry has and what each value column must look like.
_TABLES: dict[str, tuple[str, ...]] = {
    "weekday-adverbs": (r"[1-7]",),
    "seasons": (r"SP|SU|FA|WI", r"[1-9]|1[0-2]"),
    "dayparts": (r"MO|MI|AF|EV|NI|DT",),
    "ordinals": (r"[1-4]",),
    "units": (r"TS|TM|TH|D|W|M|Y|DE|CE",),
    "holidays": (r"(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])|(?:easter|advent)[+-]\d+",),
    "holiday-weeks": (r"[a-zäöüß. -]+", r"W|WE"),
    "modifiers": (
        r"START|MID|END|APPROX|BEFORE|AFTER|MORE_THAN|LESS_THAN|EQUAL_OR_LESS|EQUAL_OR_MORE",
    ),
    "reldirs": (r"[+-][01]|0",),
    "reldays": (r"[+-]\d",),
    "preterite": (r"\w+",),
    "year-blockers": (),
    "signals": (r"PAST|FUTURE",),
    "sein-perfect": (),
    "haben-states": (),
    "habitual": (r"cue|not",),
    "triggers": (),
    "tense-words": (r"PERFECT|PLUPERFECT|FUTURE|CONDITIONAL|PAST_SUBJUNCTIVE|MODAL|PLAN",),
    "span-prefixes": (r"signal|article|mod",),
}

# Tables whose words can carry a time expression on their own (see triggers.tsv).
_TRIGGER_TABLES = [
    "months",
    "weekdays",
    "weekday-adverbs",
    "seasons",
    "dayparts",
    "units",
    "holidays",
    "holiday-weeks",
    "reldays",
    "triggers",
]

# Named groups a rule may use; a trailing digit is allowed (year2 is a second year).
GROUP_KINDS = frozenset(
    [
        "day",
        "month",
        "year",
        "hour",
        "minute",
        "weekday",
        "wdadv",
        "season",
        "daypart",
        "num",
        "unit",
        "ordinal",
        "holiday",
        "holweek",
        "decade",
        "decadeword",
        "century",
        "reldir",
        "relday",
        "mod",
    ]
)

_MACRO_REF = re.compile(r"%([A-Z_0-9]+)%")
_TEMPLATE_SLOT = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    type: str
    value: str
    mod: str | None
    pattern: re.Pattern[str]
    example: str
    expected: str
    source: str  # file:line, for error messages and test ids
    # what a sentence needs for the rule to be worth trying: a digit, or a word that begins
    # with (or is the beginning of) one of these trigger words of the pattern
    needs_digit: bool = False
    trigger_words: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Resources:
    tables: dict[str, dict[str, tuple[str, ...]]]
    rules: tuple[Rule, ...]
    # a digit or a word part no time expression is without: sentences lacking it are skipped
    trigger: re.Pattern[str]
    # the cue words of habitual.tsv, and the phrases with them that are no cue
    habitual: re.Pattern[str]
    not_habitual: re.Pattern[str]
    # the words of span-prefixes.tsv at the start of a match: all of them, and those cut only
    # where the rule's mod group begins ("vor" as BEFORE)
    prefixes: re.Pattern[str]
    mod_prefixes: re.Pattern[str]
    _rules_by_hit: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)

    def rules_for(self, hits: set[str]) -> list[int]:
        """Indices of the rules worth trying on a sentence with these trigger hits."""
        wanted: set[int] = set()
        for hit in hits:
            wanted |= self._rules_for_hit(hit)
        return sorted(wanted)

    def _rules_for_hit(self, hit: str) -> frozenset[int]:
        cache = self._rules_by_hit
        if hit not in cache:
            cache[hit] = frozenset(
                i
                for i, rule in enumerate(self.rules)
                if (hit == "0" and rule.needs_digit)
                or any(hit.startswith(w) or w.startswith(hit) for w in rule.trigger_words)
            )
        return cache[hit]


def data_dir() -> Path:
    """The packaged resources."""
    return Path(str(importlib_resources.files("lagebild") / "data" / "de" / "timex"))


def load_table(path: Path, value_patterns: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for number, columns in read_entries(path):
        if len(columns) != 1 + len(value_patterns):
            raise ResourceError(
                f"{path}:{number}: expected {1 + len(value_patterns)} tab-separated columns,"
                f" found {len(columns)}"
            )
        key, values = columns[0].strip(), tuple(c.strip() for c in columns[1:])
        if not key or key != key.lower():
            raise ResourceError(f"{path}:{number}: word form {key!r} must be non-empty lower case")
        for value, pattern in zip(values, value_patterns, strict=True):
            if not re.fullmatch(pattern, value):
                raise ResourceError(f"{path}:{number}: value {value!r} does not match {pattern}")
        if key in table:
            raise ResourceError(f"{path}:{number}: duplicate entry {key!r}")
        table[key] = values
    return table


def _alternation(words) -> str:
    """A regex alternation of the word forms, longest first; the dot of an abbreviation
    ("feb.") is optional in the text."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        if word.endswith(".") and word[:-1].isalpha():
            parts.append(re.escape(word[:-1]) + r"\.?")
        else:
            parts.append(re.escape(word).replace("\\ ", " "))
    return "(?:" + "|".join(parts) + ")"


def _expand(pattern: str, macros: dict[str, str], where: str, depth: int = 0) -> str:
    if depth > 5:
        raise ResourceError(f"{where}: macros nest too deeply")

    def replace(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise ResourceError(f"{where}: unknown macro %{name}%")
        return _expand(macros[name], macros, where, depth + 1)

    return _MACRO_REF.sub(replace, pattern)


def _spaces(pattern: str) -> str:
    # A space in a pattern stands for horizontal white space; a time expression never spans
    # a line break (sentences do not either).
    return re.sub(
        r" \?| ", lambda m: "[\t \u00a0]*" if m.group() == " ?" else "[\t \u00a0]+", pattern
    )


def _check_template(template: str, groups: set[str], where: str) -> None:
    for slot in _TEMPLATE_SLOT.findall(template):
        for alternative in slot.split("|"):
            kind = alternative.rstrip("0123456789")
            if kind in GROUP_KINDS and alternative not in groups:
                raise ResourceError(f"{where}: template slot {{{alternative}}} has no such group")


def load_rules(path: Path, macros: dict[str, str], trigger_words: set[str]) -> tuple[Rule, ...]:
    rules = []
    seen: set[str] = set()
    for number, columns in read_entries(path):
        where = f"{path}:{number}"
        if len(columns) != 7:
            raise ResourceError(f"{where}: expected 7 tab-separated columns, found {len(columns)}")
        rule_id, type_, value, mod, pattern, example, expected = (c.strip() for c in columns)
        if rule_id in seen:
            raise ResourceError(f"{where}: duplicate rule id {rule_id!r}")
        seen.add(rule_id)
        if type_ not in TIMEX_TYPES:
            raise ResourceError(f"{where}: unknown type {type_!r}")
        if not example:
            raise ResourceError(f"{where}: rule {rule_id} has no example")
        expanded = _expand(pattern, macros, where)
        literal = expanded.lower().replace("\\d", "0").replace("\\", "")
        try:
            compiled = re.compile(r"(?<!\w)(?:" + _spaces(expanded) + r")(?!\w)", re.IGNORECASE)
        except re.error as exc:
            raise ResourceError(f"{where}: pattern does not compile: {exc}") from exc
        groups = set(compiled.groupindex)
        for group in groups:
            if group.rstrip("0123456789") not in GROUP_KINDS:
                raise ResourceError(f"{where}: unknown group name {group!r}")
        _check_template(value, groups, where)
        _check_template(mod, groups, where)
        if mod not in ("-", "{mod}") and not re.fullmatch(r"[A-Z_]+", mod):
            raise ResourceError(f"{where}: mod must be -, {{mod}} or a TIMEX3 modifier")
        if type_ != "NONE" and value in ("", "-"):
            raise ResourceError(f"{where}: rule {rule_id} has no value")
        rules.append(
            Rule(
                rule_id,
                type_,
                value,
                None if mod == "-" else mod,
                compiled,
                example,
                expected,
                where,
                needs_digit=any(c.isdigit() for c in literal),
                trigger_words=frozenset(w for w in trigger_words if w in literal),
            )
        )
    return tuple(rules)


def _language_tables() -> dict[str, dict[str, tuple[str, ...]]]:
    """The month, weekday and number-word tables all of lagebild shares (``lang.de``), in the
    shape of a table of this folder."""
    numbers = german.number_words("article", "cardinal", "fraction", "vague")
    return {
        "months": {form: (f"{month:02d}",) for form, month in german.months().items()},
        "weekdays": {form: (str(day),) for form, day in german.weekdays().items()},
        "numbers": {form: (value,) for form, value in numbers.items()},
    }


def load(directory: Path | None = None) -> Resources:
    """Load and validate all timex resources of ``directory`` (the packaged ones by default)."""
    directory = directory or data_dir()
    tables = _language_tables() | {
        name: load_table(directory / f"{name}.tsv", patterns) for name, patterns in _TABLES.items()
    }
    for word, (holiday, _grain) in tables["holiday-weeks"].items():
        if holiday not in tables["holidays"]:
            raise ResourceError(
                f"{directory / 'holiday-weeks.tsv'}: {word!r} names {holiday!r},"
                " which is not in holidays.tsv"
            )
    macros: dict[str, str] = {}
    for number, columns in read_entries(directory / "macros.tsv"):
        if len(columns) != 2 or not re.fullmatch(r"[A-Z_0-9]+", columns[0]):
            raise ResourceError(f"{directory / 'macros.tsv'}:{number}: expected NAME<TAB>regex")
        macros[columns[0]] = columns[1].strip()
    for name, table in tables.items():
        macros.setdefault(name.upper().replace("-", "_"), _alternation(table))
    words = {word.rstrip(".") for name in _TRIGGER_TABLES for word in tables[name]}
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    trigger = re.compile(r"\d|(?<!\w)(?:" + alternation + ")", re.IGNORECASE)
    habitual = {
        kind: [w for w, (k,) in tables["habitual"].items() if k == kind] for kind in ("cue", "not")
    }
    return Resources(
        tables,
        load_rules(directory / "rules.tsv", macros, words),
        trigger,
        _word_pattern(habitual["cue"]),
        _word_pattern(habitual["not"]),
        _prefix_pattern([w for w, (k,) in tables["span-prefixes"].items() if k != "mod"]),
        _prefix_pattern([w for w, (k,) in tables["span-prefixes"].items() if k == "mod"]),
    )


def _prefix_pattern(words: list[str]) -> re.Pattern[str]:
    """Any of the words or phrases followed by space, longest first, as group 1."""
    alternation = "|".join(
        _spaces(re.escape(w).replace("\\ ", " ")) for w in sorted(words, key=len, reverse=True)
    )
    return re.compile(r"(" + (alternation or "(?!)") + r")[\t \u00a0]+", re.IGNORECASE)


def _word_pattern(words: list[str]) -> re.Pattern[str]:
    """Any of the words or phrases as whole words, case-insensitive (never matches if none)."""
    alternation = "|".join(_spaces(re.escape(w).replace("\\ ", " ")) for w in words) or "(?!)"
    return re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)", re.IGNORECASE)


@cache
def default() -> Resources:
    return load()
