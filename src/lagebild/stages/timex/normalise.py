"""Filling a rule's value template with the normalised words of its match."""

from __future__ import annotations

import re

_SLOT = re.compile(r"\{([^{}]+)\}")
_DURATION = re.compile(r"^P(X|\d+(?:\.\d+)?)(T?)(S|M|H|D|W|Y|DE|CE)$")
_DURATION_PART = re.compile(r"(X|\d+)(T?)(DE|CE|S|M|H|D|W|Y)")

# What an optional group that did not match stands for.
_GROUP_DEFAULTS = {"mod": "", "minute": "00"}


def _normalise(kind: str, raw: str, tables) -> str:
    word = re.sub(r"\s+", " ", raw.lower()).strip()
    if kind in ("day", "hour", "ordinal"):
        if word.rstrip(".").isdigit():
            return f"{int(word.rstrip('.')):02d}" if kind != "ordinal" else word.rstrip(".")
        table = tables["ordinals" if kind == "ordinal" else "numbers"]
        number = table[word][0]
        return number if kind == "ordinal" else f"{int(float(number)):02d}"
    if kind == "month":
        word = word.rstrip(".")
        if word.isdigit():
            return f"{int(word):02d}"
        months = tables["months"]
        return (months.get(word) or months[word + "."])[0]
    if kind == "year":
        return "XX" + word if len(word) == 2 else word  # the resolver picks the century
    if kind == "minute":
        return word
    if kind == "num":
        if re.fullmatch(r"\d+(?:,\d+)?", word):
            return word.replace(",", ".")
        return tables["numbers"][word][0]
    if kind == "decadeword":  # "die Zwanzigerjahre" are the 1920s, as in HeidelTime
        return "19" + str(int(tables["numbers"][word.removesuffix("er")][0]) // 10)
    if kind == "decade":
        digits = word if len(word) == 4 else "19" + word
        return digits[:3]
    if kind == "century":
        return f"{int(word) - 1:02d}"
    if kind in ("holiday", "holweek"):  # resolved by HOL...() with the holidays tables
        return word
    lookup = {
        "weekday": "weekdays",
        "wdadv": "weekday-adverbs",
        "season": "seasons",
        "daypart": "dayparts",
        "unit": "units",
        "reldir": "reldirs",
        "relday": "reldays",
        "mod": "modifiers",
    }[kind]
    return tables[lookup][word][0]


def fill(template: str, match: re.Match[str], tables) -> str:
    groups = match.groupdict()

    def slot(m: re.Match[str]) -> str:
        for alternative in m.group(1).split("|"):
            if alternative in groups:
                if groups[alternative] is not None:
                    kind = alternative.rstrip("0123456789")
                    return _normalise(kind, groups[alternative], tables)
                continue
            return alternative
        kind = m.group(1).split("|")[-1].rstrip("0123456789")
        if kind in _GROUP_DEFAULTS:
            return _GROUP_DEFAULTS[kind]
        raise ValueError(f"no value for {{{m.group(1)}}} in {match.group()!r}")

    return _SLOT.sub(slot, template)


def duration_value(value: str) -> str:
    """P2TH -> PT2H (units under a day take a T); a fraction becomes the next smaller unit:
    P2.5TH -> PT2H30M, P1.5D -> P1DT12H, P1.5Y -> P18M; two amounts ("vier Jahre und sechs
    Monate") join: P4Y6M -> P4Y6M, P4W2D -> P30D (ISO 8601 has no weeks beside other units)."""
    m = _DURATION.match(value)
    if not m:
        return _compound_duration(value)
    amount, time_mark, unit = m.groups()
    if amount != "X" and "." in amount:
        whole, fraction = int(float(amount)), float(amount) % 1
        if time_mark and unit in ("H", "M"):
            smaller = {"H": "M", "M": "S"}[unit]
            return f"PT{whole}{unit}{round(fraction * 60)}{smaller}"
        if unit == "D":
            return f"P{whole}DT{round(fraction * 24)}H"
        if unit == "Y":
            return f"P{round(float(amount) * 12)}M"
    return f"P{time_mark}{amount}{unit}"


def _compound_duration(value: str) -> str:
    parts = _DURATION_PART.findall(value[1:]) if value.startswith("P") else []
    if len(parts) < 2 or "".join("".join(p) for p in parts) != value[1:]:
        return value
    amounts: dict[str, int] = {}
    for amount, time_mark, unit in parts:
        if not amount.isdigit():
            return value
        amounts[time_mark + unit] = amounts.get(time_mark + unit, 0) + int(amount)
    if "W" in amounts and len(amounts) > 1:
        amounts["D"] = amounts.get("D", 0) + 7 * amounts.pop("W")
    date = "".join(f"{amounts[u]}{u}" for u in ("CE", "DE", "Y", "M", "W", "D") if u in amounts)
    time = "".join(f"{amounts['T' + u]}{u}" for u in ("H", "M", "S") if "T" + u in amounts)
    return f"P{date}" + (f"T{time}" if time else "")
