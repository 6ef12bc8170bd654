"""The data model: one cleaned text per article, every annotation a character span into it.

Like spaCy's ``Span``, an annotation is a ``[start, end)`` pair of character offsets into the
article's cleaned ``text``; ``article.text[span.start:span.end] == span.text`` always holds.
Annotations are frozen; an article collects them layer by layer as the stages run.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A plain stretch of an article's text (a cue, a channel, an addressee)."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return _span_dict(self)


def _span_dict(annotation: Any, *fields: str, **computed: Any) -> dict[str, Any]:
    """The JSON form of an annotation: ``start``, ``end`` and ``text``, then ``fields`` as they
    are, then the ``computed`` values, in this order (the key order of the JSON contract)."""
    out = {"start": annotation.start, "end": annotation.end, "text": annotation.text}
    out.update((name, getattr(annotation, name)) for name in fields)
    out.update(computed)
    return out


def field_dict(record: Any) -> dict[str, Any]:
    """A dataclass's fields by name, in the order they are declared, the values as they are."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _optional(span: Any) -> dict[str, Any] | None:
    return span.to_dict() if span else None


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph (blank-line or line separated block) it belongs to


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    pos: str  # STTS tag (NN, NE, VVFIN, ...)
    lemma: str
    sentence: int  # index into Article.sentences


@dataclass(frozen=True, slots=True)
class EntityMention:
    start: int
    end: int
    text: str
    label: str  # PER, ORG, LOC, OTH, and the GermEval deriv/part forms (LOCderiv, PERpart, ...)
    entity: str | None = None  # id of the resolved corpus-level Entity
    source: str = ""  # what found it: "ner", "gazetteer", "role", "pronoun", ...

    def to_dict(self) -> dict[str, Any]:
        return _span_dict(self, "label", "entity", "source")


class SpeakerKind(StrEnum):
    """What kind of speaker a speaker mention names; the value is what the output writes."""

    NAMED = "named"  # a name: "Olaf Scholz", "Scholz"
    PRONOUN = "pronoun"  # "er", "sie"
    ROLE = "role"  # a role noun: "der Bürgermeister"
    ORGANISATION = "organisation"  # "die Feuerwehr", "Moskau" (a place speaking for its government)
    GROUP = "group"  # "Beide Minister", "Anwohner"
    ANONYMOUS = "anonymous"  # "eine vertraute Quelle"
    OTHER = "other"  # a phrase that names no one: "Das Treffen"


@dataclass(frozen=True, slots=True)
class SpeakerMention:
    start: int
    end: int
    text: str
    entity: str | None = None
    kind: SpeakerKind = SpeakerKind.NAMED
    # for a pronoun or role noun: the named mention in the same article it refers to
    antecedent: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return _span_dict(self, "entity", "kind", antecedent=_optional(self.antecedent))


@dataclass(frozen=True, slots=True)
class Quote:
    """A statement attributed to a speaker.

    ``start``/``end`` cover the whole content; ``parts`` lists the content pieces when the frame
    interrupts the quote („…“, sagte er, „…“).
    """

    start: int
    end: int
    text: str
    type: str  # direct, indirect, reported, free_indirect, mixed
    speaker: SpeakerMention | None = None
    cue: Span | None = None
    channel: Span | None = None
    addressee: Span | None = None
    parts: tuple[tuple[int, int], ...] = ()
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return _span_dict(
            self,
            "type",
            speaker=_optional(self.speaker),
            cue=_optional(self.cue),
            channel=_optional(self.channel),
            addressee=_optional(self.addressee),
            parts=[list(p) for p in self.parts] or [[self.start, self.end]],
        )


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value: 2025-08-15, 2025-W33, P7Y, PAST_REF, XXXX-08-15, ...
    mod: str | None = None  # START, MID, END, APPROX, BEFORE, AFTER
    rule: str = ""
    # the words before the span that relate it to its event ("seit", "am", "bis zum"): TIMEX3
    # keeps prepositions out of the span and records them as a signal
    signal: str | None = None
    # for a DURATION counted from a point ("zwei Tage später"): the point it reaches
    anchor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _span_dict(self, "type", "value", "mod", "signal", "anchor")

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Timex:
        """A time expression from a stored row (SQLite or Parquet)."""
        values = (row[name] for name in ("start", "end", "text", "type", "value", "mod"))
        return cls(*values, signal=row["signal"], anchor=row["anchor"])


# A TIMEX3 value that names a point in time: a year, a month, a day or an ISO week, perhaps with
# a clock time.
_POINT = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d\d)(?:-(?P<day>\d\d))?|W(?P<week>\d\d)))?"
    r"(?:T(?P<hour>\d\d):(?P<minute>\d\d))?"
)


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


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of the input that is not the article (ad, caption, credit, tag list, ...)."""

    text: str
    kind: str
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "rule": self.rule}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Removed:
        """A removed piece from a stored row (SQLite or Parquet), where no rule is NULL."""
        return cls(row["text"], row["kind"], row["rule"] or "")


@dataclass(slots=True)
class Article:
    id: str  # content hash of the cleaned text and its metadata
    source: str  # the input path as given, or the JSONL id
    text: str  # the cleaned text all offsets index
    title: str | None = None
    published: str | None = None  # "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM", never invented
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    language: str = "de"
    genre: str = "news"  # news or narrative (how relative time expressions anchor)
    removed: list[Removed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(1 for t in self.tokens if t.text[:1].isalnum()) or len(self.text.split())

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Article:
        """The text and metadata of a stored row (SQLite or Parquet); the layers come after."""
        metadata = ("title", "published", "outlet", "author", "url", "language", "genre")
        return cls(row["id"], row["source"], row["text"], **{name: row[name] for name in metadata})

    def statements(self) -> list[Quote]:
        """The quotes without those nested in another one: the quoted words of a reported
        statement ("… einen »großen Schritt« gemacht") belong to it; listing them again would
        count one statement twice."""
        return [
            q
            for q in self.quotes
            if not any(
                o is not q
                and o.start <= q.start
                and q.end <= o.end
                and o.end - o.start > q.end - q.start
                for o in self.quotes
            )
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "outlet": self.outlet,
            "author": self.author,
            "url": self.url,
            "language": self.language,
            "genre": self.genre,
            "text": self.text,
            "removed": [r.to_dict() for r in self.removed],
            "warnings": list(self.warnings),
            "sentences": [[s.start, s.end] for s in self.sentences],
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "timexes": [t.to_dict() for t in self.timexes],
        }


@dataclass(slots=True)
class Entity:
    """A corpus-level entity that mentions resolve to."""

    id: str
    name: str
    label: str
    variants: list[str] = field(default_factory=list)  # how the name itself is written
    mentions: int = 0
    roles: list[dict[str, Any]] = field(default_factory=list)  # {"role", "article", "date"}
    affiliation: str | None = None
    mentions_per_outlet: dict[str, int] = field(default_factory=dict)
    forms: list[str] = field(default_factory=list)  # derived words and compounds: "russische"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "variants": list(self.variants),
            "forms": list(self.forms),
            "mentions": self.mentions,
            "roles": list(self.roles),
            "affiliation": self.affiliation,
            "mentions_per_outlet": dict(self.mentions_per_outlet),
        }


@dataclass(slots=True)
class Skipped:
    """An input that could not be read, with the reason (file and line where there is one)."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class Corpus:
    articles: list[Article] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    stories: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    already_stored: int = 0  # articles of this run taken from the store, not analysed again

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": [a.to_dict() for a in self.articles],
            "entities": [e.to_dict() for e in self.entities],
            "stories": list(self.stories),
            "events": list(self.events),
            "skipped": [
                {"source": s.source, "line": s.line, "reason": s.reason} for s in self.skipped
            ],
        }
