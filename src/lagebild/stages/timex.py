"""Time expressions: found by the rules of ``data/de/timex``, resolved to TIMEX3 values.

The approach is HeidelTime's. Every rule is a regular expression with named groups; among
overlapping matches the longest wins. A match's value template is filled with the normalised
groups and may leave an operation for the resolver, which anchors relative expressions on the
publication date (news) or on the last date mentioned before (narrative), and picks the
direction of "am Freitag" or "im Oktober" from the tense of the nearest finite verb; in a
habitual present-tense sentence ("Der Markt ist immer am Dienstag") the day recurs instead.
Without a publication date, what needs it stays underspecified (``XXXX-08-15``) and the article
gets a warning; nothing is guessed.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .. import timexdata
from ..model import Article, Sentence, Timex, Token
from . import stage

PAST, PRESENT, FUTURE = "PAST", "PRESENT", "FUTURE"

# Matches whose value is only a year: a capitalised word after it makes the number an amount
# ("2000 Stellen"), a blocker word before it a name or amount ("Agenda 2030", "rund 2000").
_YEAR_RANGE_RULES = frozenset({"date-year-range", "date-year-range-to"})
_YEAR_RULES = frozenset({"date-year", "date-year-mod", "date-year-prep"}) | _YEAR_RANGE_RULES
_NEXT_WORD = re.compile(r"[\t \u00a0]*([A-ZÄÖÜ][\wäöüß]*)")
_PREVIOUS_WORDS = re.compile(r"(\S+)[\t \u00a0]+(\S+)[\t \u00a0]*$|(\S+)[\t \u00a0]*$")

_OPERATION = re.compile(r"^(REF|LAST|WD|WE|SEASON|HOLWEEK|HOLRANGE|HOL|CLOCK)\(([^()]*)\)(.*)$")
_SLOT = re.compile(r"\{([^{}]+)\}")
_DURATION = re.compile(r"^P(X|\d+(?:\.\d+)?)(T?)(S|M|H|D|W|Y|DE|CE)$")
_FULL_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_OPEN_YEAR = re.compile(r"^XXXX-(\d\d-\d\d|\d\d|SP|SU|FA|WI|Q\d|H\d)")
_POINT = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d\d)(?:-(?P<day>\d\d))?|W(?P<week>\d\d)))?"
    r"(?:T(?P<hour>\d\d):(?P<minute>\d\d))?"
)

_OPENING_QUOTES = "„»«“"
_CLOSING_QUOTES = "“«»”"
_QUOTE_MARK = re.compile('[„“”»«"\n]')

_FINITE = frozenset({"VVFIN", "VAFIN", "VMFIN"})
_PARTICIPLES = frozenset({"VVPP", "VAPP", "VMPP"})
_INFINITIVES = frozenset({"VVINF", "VAINF", "VMINF", "VVIZU"})
_PREPOSITIONS = frozenset({"APPR", "APPRART", "APPO"})
_ARGUMENT_HEADS = frozenset({"NN", "NE", "PPER", "PIS", "PDS"})
_DETERMINERS = frozenset({"ART", "PIAT", "PPOSAT", "PDAT"})
_CLAUSE_BREAKS = frozenset({"$,", "$("})  # commas, dashes, brackets, quotation marks
_NOMINAL_MODIFIERS = _DETERMINERS | {"ADJA", "CARD", "TRUNC"}
_WEAK_PRETERITE_ENDINGS = ("te", "ten", "test", "tet", "ete", "eten", "etest", "etet")
_INFLECTION_ENDINGS = ("", "n", "en", "st", "t", "est", "et")

# What an optional group that did not match stands for.
_GROUP_DEFAULTS = {"mod": "", "minute": "00"}

# A day the resolver would place by tense ("am Dienstag", "am Wochenende"), which in a habitual
# sentence recurs instead; and the frequencies that make a sentence habitual.
_RECURRING_DAY = re.compile(r"^(?:WD\((\d),auto\)|WE\(auto\))(.*)$")
_SHORT_FREQUENCY = re.compile(r"^P(?:T\d+[HMS]|\d+[DW])$")

# How far from the publication date a day named in a news paragraph may lie for a clock time
# to be placed on it.
_NEWS_CLOCK_DAYS = 31

# The grain of "einige Tage später": a few days after the 3rd of May is still May.
_COARSER = {"TS": "D", "TM": "D", "TH": "D", "D": "M", "W": "M", "M": "Y", "Y": "DE"}


# -- calendar values --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Point:
    """A resolved calendar value, as precise as the expression was."""

    year: int
    month: int | None = None
    day: int | None = None
    week: int | None = None
    hour: int | None = None
    minute: int | None = None

    @property
    def date(self) -> dt.date | None:
        if self.day is None or self.month is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def span(self) -> tuple[dt.date, dt.date]:
        """The first and the last day the value covers."""
        if self.day is not None and self.month is not None:
            day = dt.date(self.year, self.month, self.day)
            return day, day
        if self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            return dt.date(self.year, self.month, 1), dt.date(self.year, self.month, last)
        if self.week is not None:
            monday = dt.date.fromisocalendar(self.year, self.week, 1)
            return monday, monday + dt.timedelta(days=6)
        return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)

    def supports(self, unit: str) -> bool:
        """Whether a shift by ``unit`` can be computed from this value."""
        if unit in ("D", "TH", "TM", "TS"):
            return self.day is not None
        if unit == "W":
            return self.day is not None or self.week is not None
        if unit == "M":
            return self.month is not None
        return True


def parse_point(value: str) -> Point | None:
    """The calendar value of a TIMEX3 value as precise as it is ("2025-08-15TEV" is a day,
    "2025-W33-WE" a week), or None for what is no point in time (PAST_REF, ranges, XXXX)."""
    m = _POINT.match(value)
    rest = value[m.end() :] if m else ""
    if not m or (rest and not rest[0].isalpha() and rest[0] != "-"):
        return None
    try:
        point = Point(*(int(g) if g else None for g in m.group(*_POINT.groupindex)))
        point.span()
    except ValueError:
        return None
    return point


def _day_value(day: dt.date) -> str:
    return day.isoformat()


def _week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift(point: Point, amount: str, unit: str) -> str:
    """The value ``amount`` units after ``point`` (before, when negative), at the unit's grain.

    An unspecified amount ("einige Tage später") gives the value one grain coarser.
    """
    if amount.lstrip("+-") == "X":
        return shift(point, "0", _COARSER.get(unit, "CE"))
    n = float(amount)
    years = {"M": n / 12, "Y": n, "DE": n * 10, "CE": n * 100}.get(unit, 0)
    if not 0 < point.year + years < 10000:
        raise ValueError(f"{amount} {unit} from {point} is beyond the calendar")
    day = point.date
    if unit in ("TH", "TM", "TS") and day is not None:
        if point.hour is None:
            return _day_value(day)
        moment = dt.datetime(day.year, day.month, day.day, point.hour, point.minute or 0)
        seconds = {"TH": 3600, "TM": 60, "TS": 1}[unit]
        moment += dt.timedelta(seconds=n * seconds)
        return moment.strftime("%Y-%m-%dT%H:%M")
    if unit == "D" and day is not None:
        return _day_value(day + dt.timedelta(days=round(n)))
    if unit == "W":
        start = day or dt.date.fromisocalendar(point.year, point.week or 1, 1)
        return _week_value(start + dt.timedelta(weeks=round(n)))
    if unit == "M" and point.month is not None:
        months = point.year * 12 + point.month - 1 + int(n)
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    if unit == "DE":
        return f"{point.year // 10 + int(n):03d}"
    if unit == "CE":
        return f"{point.year // 100 + int(n):02d}"
    return f"{point.year + int(n):04d}"


def easter(year: int) -> dt.date:
    """Easter Sunday (Gregorian, anonymous computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def first_advent(year: int) -> dt.date:
    """The first Sunday of Advent: three weeks before the last Sunday before Christmas Day."""
    christmas = dt.date(year, 12, 25)
    return christmas - dt.timedelta(days=(christmas.isoweekday() % 7 or 7) + 21)


def holiday_date(rule: str, year: int) -> dt.date:
    if rule.startswith("easter"):
        return easter(year) + dt.timedelta(days=int(rule[len("easter") :]))
    if rule.startswith("advent"):
        return first_advent(year) + dt.timedelta(days=int(rule[len("advent") :]))
    month, day = rule.split("-")
    return dt.date(year, int(month), int(day))


def _period(open_value: str, year: int, season_starts: dict[str, int]) -> tuple[dt.date, dt.date]:
    """First and last day of an open-year value ("XXXX-08-15", "XXXX-SP", ...) in ``year``; a
    season lasts three months from its first (a winter ends in the next year)."""
    part = _OPEN_YEAR.match(open_value).group(1)  # type: ignore[union-attr]
    if part in season_starts:
        first = season_starts[part]
        last = (first + 1) % 12 + 1
        end_year = year + 1 if last < first else year
        return (
            dt.date(year, first, 1),
            dt.date(end_year, last, calendar.monthrange(end_year, last)[1]),
        )
    if part[0] in "QH":
        size = 3 if part[0] == "Q" else 6
        first = (int(part[1]) - 1) * size + 1
        last = first + size - 1
        return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    return Point(year, int(part[:2]), int(part[3:]) if len(part) > 2 else None).span()


def choose_year(periods, anchor: Point, tense: str | None) -> int:
    """The year whose period fits the anchor and the tense, HeidelTime style.

    Past: the latest that started by the anchor; future: the earliest not over before it;
    otherwise the one nearest to the anchor.
    """
    start, end = anchor.span()
    years = []
    for year in range(anchor.year - 1, anchor.year + 2):
        try:
            periods(year)
        except ValueError:  # 29 February outside leap years
            continue
        years.append(year)
    if not years:
        return anchor.year
    if tense == PAST:
        fitting = [y for y in years if periods(y)[0] <= end]
        if fitting:
            return max(fitting)
    if tense == FUTURE:
        fitting = [y for y in years if periods(y)[1] >= start]
        if fitting:
            return min(fitting)

    def distance(year: int) -> int:
        first, last = periods(year)
        if last < start:
            return (start - last).days
        if first > end:
            return (first - end).days
        return 0

    return min(years, key=lambda y: (distance(y), abs(y - anchor.year)))


def weekday_date(reference: dt.date, weekday: int, how: str, tense: str | None) -> dt.date:
    """The date of ``weekday`` (1-7) near ``reference``.

    since/last: strictly before; for: the same day or after; next: strictly after; auto: by
    tense, the same day or before in the past, the same day or after otherwise, and the
    nearest when the sentence has no finite verb; a signed number: that day of the week so many
    weeks away ("Freitag kommender Woche" is +1).
    """
    if how.lstrip("+-").isdigit():
        monday = reference - dt.timedelta(days=reference.isoweekday() - 1)
        return monday + dt.timedelta(weeks=int(how), days=weekday - 1)
    if how == "auto":
        how = {PAST: "past", None: "nearest"}.get(tense, "for")
    offsets = {
        "since": range(-1, -8, -1),
        "last": range(-1, -8, -1),
        "past": range(0, -7, -1),
        "for": range(0, 7),
        "next": range(1, 8),
        "nearest": (0, -1, 1, -2, 2, -3, 3),
    }[how]
    for offset in offsets:
        day = reference + dt.timedelta(days=offset)
        if day.isoweekday() == weekday:
            return day
    raise ValueError(f"no weekday {weekday} in {how} range")


# -- tense --------------------------------------------------------------------------------------


def _is_preterite(form: str, lemma: str, strong: dict[str, tuple[str, ...]]) -> bool:
    stem = lemma[:-2] if lemma.endswith("en") else lemma[:-1] if lemma.endswith("n") else lemma
    if stem and any(form == stem + ending for ending in _WEAK_PRETERITE_ENDINGS):
        return True
    for ending in _INFLECTION_ENDINGS:
        if ending and not form.endswith(ending):
            continue
        base = form[: len(form) - len(ending)]
        # prefixed verbs: "erhielt" is "er" + "hielt" of "er" + "halten"
        for cut in range(0, min(6, len(base))):
            entry = strong.get(base[cut:])
            if entry and lemma == base[:cut] + entry[0]:
                return True
    return False


def _is_state(sentence_tokens: Sequence[Token], states) -> bool:
    """Whether "haben" with its participles describes a state: every participle is a state
    participle ("geschlossen") and the sentence names no more than one subject or object
    outside prepositional phrases ("Die Ämter haben zwischen den Jahren geschlossen", not "Die
    Firma hat ihr Werk geschlossen")."""
    if not all(t.text.lower() in states for t in sentence_tokens if t.pos in _PARTICIPLES):
        return False
    arguments, in_phrase, head_seen = 0, False, False
    for token in sentence_tokens:
        if token.pos in _PREPOSITIONS:
            in_phrase, head_seen = True, False
        elif token.pos in _DETERMINERS and head_seen:  # "am Freitag | ihr Werk"
            in_phrase, head_seen = False, False
        elif token.pos in _ARGUMENT_HEADS:
            arguments += not in_phrase and not head_seen
            head_seen = True
        elif token.pos != "KON" and token.pos not in _NOMINAL_MODIFIERS:
            in_phrase = head_seen = False  # "Weihnachten und Neujahr", "die meisten Ämter" go on
    return arguments <= 1


def verb_tense(token: Token, sentence_tokens: Sequence[Token], tables) -> str:
    form, lemma = token.text.lower(), token.lemma.lower()
    participles = [t.lemma.lower() for t in sentence_tokens if t.pos in _PARTICIPLES]
    kind = tables["tense-words"].get(form, ("",))[0]
    if kind == "FUTURE" and lemma == "werden":
        # "wird reisen" is future, "wird gebaut" a present passive
        has_infinitive = any(t.pos in _INFINITIVES for t in sentence_tokens)
        return FUTURE if has_infinitive and not participles else PRESENT
    if kind == "CONDITIONAL":
        return FUTURE
    if kind == "MODAL":
        return PRESENT
    if kind == "PERFECT" and lemma == "haben":
        if participles and _is_state(sentence_tokens, tables["haben-states"]):
            return PRESENT  # "Die Ämter haben geschlossen": a state, no perfect
        return PAST if participles else PRESENT
    if kind == "PERFECT" and lemma == "sein":
        # "ist gestorben" is a perfect, "ist geplant" a present state
        return PAST if any(p in tables["sein-perfect"] for p in participles) else PRESENT
    if kind == "PAST_SUBJUNCTIVE" and participles:
        return PAST
    return PAST if _is_preterite(form, lemma, tables["preterite"]) else PRESENT


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans between quotation marks, so that a verb inside a quote does not set the tense of a
    time expression outside it (and the other way round)."""
    spans, opened = [], None
    for m in _QUOTE_MARK.finditer(text):
        mark = m.group()
        if mark == "\n":  # a quote left open ends with its paragraph
            opened = None
        elif opened is None:
            if mark in _OPENING_QUOTES or mark == '"':
                opened = m.start()
        elif mark in _CLOSING_QUOTES or mark == '"':
            spans.append((opened, m.end()))
            opened = None
    return spans


class TenseIndex:
    """The tenses of the finite verbs of each sentence, to ask for the one nearest a span.

    Worked out only for the sentences asked about: most hold no time expression.
    """

    def __init__(self, tokens: Sequence[Token], tables, quotes: Sequence[tuple[int, int]]):
        self._quotes = list(quotes)
        self._tables = tables
        self._tokens: dict[int, list[Token]] = {}
        for token in tokens:
            self._tokens.setdefault(token.sentence, []).append(token)
        self._verbs: dict[int, list[tuple[int, str]]] = {}

    def _sentence_verbs(self, sentence: int) -> list[tuple[int, str]]:
        if sentence not in self._verbs:
            sentence_tokens = self._tokens.get(sentence, [])
            self._verbs[sentence] = [
                (t.start, verb_tense(t, sentence_tokens, self._tables))
                for t in sentence_tokens
                if t.pos in _FINITE
            ]
        return self._verbs[sentence]

    def _quote_of(self, position: int) -> int | None:
        index = bisect.bisect_right(self._quotes, (position, float("inf"))) - 1
        if index >= 0 and self._quotes[index][0] <= position < self._quotes[index][1]:
            return index
        return None

    def _infinitive_clause(self, sentence: int, position: int) -> str | None:
        """The tense of a zu-infinitive clause without a finite verb of its own that holds
        ``position``: a plan lies ahead ("kündigte an, die Halle bis Pfingsten zu sanieren"), a
        perfect infinitive behind ("bestritt, am Montag dort gewesen zu sein"); None for any
        other clause and for "um/ohne/statt ... zu", which take the tense of the main clause."""
        tokens = self._tokens.get(sentence, [])
        breaks = [i for i, t in enumerate(tokens) if t.pos in _CLAUSE_BREAKS]
        opening = max((i for i in breaks if tokens[i].start < position), default=None)
        if opening is None:
            return None
        closing = min((i for i in breaks if tokens[i].start >= position), default=len(tokens))
        clause = tokens[opening + 1 : closing]
        if any(t.pos in _FINITE or t.pos == "KOUI" for t in clause):
            return None
        for i, token in enumerate(clause):
            if token.pos == "VVIZU" or (
                token.pos == "PTKZU" and i + 1 < len(clause) and clause[i + 1].pos in _INFINITIVES
            ):
                return PAST if any(t.pos in _PARTICIPLES for t in clause[:i]) else FUTURE
        return None

    def at(self, sentence: int | None, position: int) -> str | None:
        if sentence is not None:
            planned = self._infinitive_clause(sentence, position)
            if planned:
                return planned
        verbs = self._sentence_verbs(sentence) if sentence is not None else None
        if not verbs:
            return None
        quote = self._quote_of(position)
        same_voice = [v for v in verbs if self._quote_of(v[0]) == quote]
        return min(same_voice or verbs, key=lambda verb: abs(verb[0] - position))[1]


# -- matching -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    order: int
    rule: timexdata.Rule
    match: re.Match[str]


def _is_amount_or_name(text: str, start: int, end: int, blockers, rule_id: str) -> bool:
    # a capitalised word after the year: "2000 Stellen", "von 1500 Euro" are amounts, but "von
    # 2018 bis 2021 Botschafter" is a range and "seit 2018 Mitglied" a date
    opening = text[start:end].split(None, 1)[0].lower()
    if rule_id == "date-year-prep":
        checked = opening in ("von", "vom")
    else:
        checked = rule_id not in _YEAR_RANGE_RULES or opening not in ("von", "vom", "zwischen")
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


def find(text: str, sentences: Sequence[Sentence], resources: timexdata.Resources):
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


# -- normalisation ------------------------------------------------------------------------------


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
        if len(word) == 2:
            return ("20" if int(word) < 50 else "19") + word
        return word
    if kind == "minute":
        return word
    if kind == "num":
        if re.fullmatch(r"\d+(?:,\d+)?", word):
            return word.replace(",", ".")
        return tables["numbers"][word][0]
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


def _fill(template: str, match: re.Match[str], tables) -> str:
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


def _duration(value: str) -> str:
    """P2TH -> PT2H (units under a day take a T); a fraction becomes the next smaller unit:
    P2.5TH -> PT2H30M, P1.5D -> P1DT12H, P1.5Y -> P18M."""
    m = _DURATION.match(value)
    if not m:
        return value
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


# -- resolution ---------------------------------------------------------------------------------


class Resolver:
    """Completes values in text order, remembering the dates mentioned so far."""

    def __init__(self, published: str | None, genre: str, tables) -> None:
        self.anchor = parse_point(published) if published else None
        self.narrative = genre == "narrative"
        self.tables = tables
        self.season_starts = {code: int(first) for code, first in tables["seasons"].values()}
        self.history: list[tuple[Point, int | None]] = []  # (value, paragraph index)
        self.unresolved = 0

    def remember(self, value: str, paragraph: int | None) -> None:
        point = parse_point(value.split("/")[-1])
        if point:
            self.history.append((point, paragraph))

    def _mentioned(self, unit: str, paragraph: int | None = None) -> Point | None:
        """The last date mentioned that is fine enough for ``unit`` (in ``paragraph``, if given)."""
        for point, index in reversed(self.history):
            if point.supports(unit) and (paragraph is None or index == paragraph):
                return point
        return None

    def _reference(self, unit: str) -> Point | None:
        """The anchor of relative expressions: the publication date, or in narrative texts the
        last date mentioned."""
        if self.narrative:
            mentioned = self._mentioned(unit)
            if mentioned:
                return mentioned
        return self.anchor if self.anchor and self.anchor.supports(unit) else None

    def resolve(self, value: str, tense: str | None, paragraph: int | None) -> str:
        op = _OPERATION.match(value)
        if op:
            name, arguments, suffix = op.group(1), op.group(2).split(","), op.group(3)
            handler = getattr(self, "_op_" + name.lower())
            try:
                resolved = handler(arguments, tense, paragraph)
            except (ValueError, OverflowError):  # "vor 99999999 Tagen": beyond the calendar
                return _underspecified(name, arguments) + suffix
            if resolved is None:
                self.unresolved += 1
                return _underspecified(name, arguments) + suffix
            return resolved + suffix
        if _OPEN_YEAR.match(value):
            anchor = self._reference("Y")
            if anchor is None:
                self.unresolved += 1
                return value
            parts = value.split("/")
            # narrative texts move forward: an open year is the year of the last date
            year = (
                anchor.year
                if self.narrative
                else choose_year(lambda y: _period(parts[0], y, self.season_starts), anchor, tense)
            )
            return "/".join(f"{year:04d}{p[4:]}" if p.startswith("XXXX") else p for p in parts)
        return value

    def _op_ref(self, arguments, tense, paragraph):
        amount, unit = arguments
        if amount.lstrip("+-") == "X":  # "vor wenigen Tagen": only the direction is known
            return "PAST_REF" if amount.startswith("-") else "FUTURE_REF"
        anchor = self._reference(unit)
        return shift(anchor, amount, unit) if anchor else None

    def _op_last(self, arguments, tense, paragraph):
        amount, unit = arguments
        grain = _COARSER.get(unit, "Y") if amount.lstrip("+-") == "X" else unit
        point = self._mentioned(grain) or self._reference(grain)
        return shift(point, amount, unit) if point else None

    def _op_wd(self, arguments, tense, paragraph):
        weekday, how = arguments
        anchor = self._reference("D")
        if anchor is None or anchor.date is None:
            return None
        return _day_value(weekday_date(anchor.date, int(weekday), how, tense))

    def _op_we(self, arguments, tense, paragraph):
        (how,) = arguments
        anchor = self._reference("D")
        if anchor is None or anchor.date is None:
            return None
        day = anchor.date
        # auto, in the past: the last weekend (this one, on a weekend); otherwise this week's
        weekend_past = tense == PAST and day.isoweekday() < 6
        weeks = (-1 if weekend_past else 0) if how == "auto" else int(how)
        return _week_value(day + dt.timedelta(weeks=weeks)) + "-WE"

    def _op_season(self, arguments, tense, paragraph):
        season, how = arguments
        anchor = self._reference("Y")
        if anchor is None:
            return None
        open_value = f"XXXX-{season}"

        def periods(year: int) -> tuple[dt.date, dt.date]:
            return _period(open_value, year, self.season_starts)

        start, end = anchor.span()
        if how == "auto":
            year = choose_year(periods, anchor, tense)
        elif int(how) < 0:
            year = max(y for y in range(anchor.year - 2, anchor.year + 1) if periods(y)[1] < start)
        elif int(how) > 0:
            year = min(y for y in range(anchor.year - 1, anchor.year + 2) if periods(y)[0] > end)
        else:
            year = choose_year(periods, anchor, None)
        return f"{year:04d}-{season}"

    def _holiday(self, name: str, year: str, tense: str | None) -> dt.date | None:
        """The day of holiday ``name`` in ``year``, or in the year the anchor and tense pick."""
        rule = self.tables["holidays"][name][0]
        if year != "XXXX":
            return holiday_date(rule, int(year))
        anchor = self._reference("Y")
        if anchor is None:
            return None

        def periods(y: int) -> tuple[dt.date, dt.date]:
            day = holiday_date(rule, y)
            return day, day

        return holiday_date(rule, choose_year(periods, anchor, tense))

    def _op_hol(self, arguments, tense, paragraph):
        name, year = arguments
        day = self._holiday(name, year, tense)
        return _day_value(day) if day else None

    def _op_holweek(self, arguments, tense, paragraph):
        word, year = arguments
        holiday, grain = self.tables["holiday-weeks"][word]
        day = self._holiday(holiday, year, tense)
        if day is None:
            return None
        return _week_value(day) + ("-WE" if grain == "WE" else "")

    def _op_holrange(self, arguments, tense, paragraph):
        # "zwischen Weihnachten und Neujahr": the second holiday is the first one after the first
        first, second, year = arguments
        start = self._holiday(first, year, tense)
        if start is None:
            return None
        rule = self.tables["holidays"][second][0]
        end = holiday_date(rule, start.year)
        if end < start:
            end = holiday_date(rule, start.year + 1)
        return f"{_day_value(start)}/{_day_value(end)}"

    def _op_clock(self, arguments, tense, paragraph):
        (clock,) = arguments
        # "Die Feier am Freitag ... Sie beginnt um 11 Uhr": the day last named in the paragraph;
        # in news only a day near the publication date (a clock time is about current events)
        day = self._mentioned("D", paragraph)
        anchor_day = self.anchor.date if self.anchor and not self.narrative else None
        if day and day.date and anchor_day and abs((day.date - anchor_day).days) > _NEWS_CLOCK_DAYS:
            day = None
        day = day or self._reference("D")
        if day is None or day.date is None:
            return None
        return f"{day.date.isoformat()}T{clock}"


def _impossible_date(value: str) -> bool:
    for part in value.split("/"):
        m = _FULL_DATE.match(part)
        if m:
            try:
                dt.date(*map(int, m.groups()))
            except ValueError:
                return True
    return False


def _underspecified(name: str, arguments: list[str]) -> str:
    if name in ("REF", "LAST"):
        unit = arguments[1]
        if unit.startswith("T") or unit == "D":
            return "XXXX-XX-XX"
        return {"W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "DE": "XXX"}.get(unit, "XX")
    if name == "WD":
        return f"XXXX-WXX-{arguments[0]}"
    if name == "WE":
        return "XXXX-WXX-WE"
    if name == "SEASON":
        return f"XXXX-{arguments[0]}"
    if name == "CLOCK":
        return f"XXXX-XX-XXT{arguments[0]}"
    if name == "HOLWEEK":
        return "XXXX-WXX"
    if name == "HOLRANGE":
        return "XXXX-XX-XX/XXXX-XX-XX"
    return "XXXX-XX-XX"


# -- the stage ----------------------------------------------------------------------------------


def _is_habitual(
    text: str, sentences: Sequence[Sentence], sentence: int | None, resources: timexdata.Resources
) -> bool:
    """Whether the sentence has a habitual cue ("immer", "jeweils"; not "immer noch")."""
    start, end = (
        (sentences[sentence].start, sentences[sentence].end)
        if sentence is not None
        else (0, len(text))
    )
    return bool(resources.habitual.search(resources.not_habitual.sub(" ", text[start:end])))


def extract(
    text: str,
    published: str | None = None,
    genre: str = "news",
    sentences: Sequence[Sentence] = (),
    tokens: Sequence[Token] = (),
    resources: timexdata.Resources | None = None,
) -> tuple[list[Timex], int]:
    """The time expressions of ``text`` and how many stayed unresolved for want of an anchor.

    Without sentences and tokens it still works, only without tense (weekdays then resolve to
    the nearest day).
    """
    resources = resources or timexdata.default()
    tables = resources.tables
    tenses = TenseIndex(tokens, tables, quoted_spans(text))
    starts = [s.start for s in sentences]
    resolver = Resolver(published, genre, tables)
    candidates = find(text, sentences, resources)

    def sentence_of(position: int) -> int | None:
        return bisect.bisect_right(starts, position) - 1 if starts else None

    # sentences with a frequency of a week or less ("wöchentlich", "alle zwei Stunden")
    frequent = {
        sentence_of(c.start)
        for c in candidates
        if c.rule.type == "SET"
        and _SHORT_FREQUENCY.match(_duration(_fill(c.rule.value, c.match, tables)))
    }
    timexes = []
    for candidate in candidates:
        rule, match = candidate.rule, candidate.match
        sentence = sentence_of(candidate.start)
        paragraph = sentences[sentence].paragraph if sentence is not None else None
        first_word = match.group().split(None, 1)[0].lower()
        tense = tables["signals"].get(first_word, (tenses.at(sentence, candidate.start),))[0]
        value = _fill(rule.value, match, tables)
        type_ = rule.type
        recurring = _RECURRING_DAY.match(value)
        if (
            recurring
            and tense == PRESENT
            and (sentence in frequent or _is_habitual(text, sentences, sentence, resources))
        ):
            # "Der Markt findet immer am Dienstag statt": every Tuesday, not the next one
            type_ = "SET"
            value = f"XXXX-WXX-{recurring.group(1) or 'WE'}{recurring.group(2)}"
        if type_ != "SET":  # "jedes Jahr im Mai" is XXXX-05, not this year's May
            value = resolver.resolve(value, tense, paragraph)
        if _impossible_date(value):  # "31. Februar" is no date
            continue
        if type_ in ("DURATION", "SET"):
            value = _duration(value)
        else:
            resolver.remember(value, paragraph)
        mod = _fill(rule.mod, match, tables) if rule.mod else None
        timexes.append(
            Timex(
                candidate.start,
                candidate.end,
                match.group(),
                type_,
                value,
                mod or None,
                rule.id,
            )
        )
    return timexes, resolver.unresolved


@stage("timex", needs=("sentences", "tokens"), adds=("timexes",))
def annotate(article: Article) -> None:
    timexes, unresolved = extract(
        article.text, article.published, article.genre, article.sentences, article.tokens
    )
    article.timexes = timexes
    if unresolved and not article.published:
        article.warnings.append(
            f"no publication date: {unresolved} relative time expression"
            f"{'s' if unresolved != 1 else ''} left unresolved"
        )


def parse_dateline(text: str) -> str | None:
    """The date (and time) of a dateline such as "11 Feb. 2026 08:25 Uhr", else None.

    Only a fully specified DATE or TIME that makes up the whole line counts.
    """
    stripped = text.strip()
    timexes, _ = extract(stripped)
    if len(timexes) != 1:
        return None
    timex = timexes[0]
    if timex.type not in ("DATE", "TIME") or "X" in timex.value or not parse_point(timex.value):
        return None
    rest = stripped[: timex.start] + stripped[timex.end :]
    return timex.value if not rest.strip(" ,.:;-–()") else None
