"""Quotation marks in every German style and the one quoted-span detector.

The marks come from ``data/de/quotation_marks.tsv``: „…“, »…«, «…», ‚…‘, “…”, "…" and '…'.
Marks are paired per paragraph with a stack, so a quote nested in a quote (‚…‘ inside „…“) is
found too. A quote opened and not closed before the paragraph ends runs to its end: German
multi-paragraph quotes close only in their last paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ...errors import ResourceError
from ...resources import data_path, read_tsv
from .words import word_set


@dataclass(frozen=True)
class QuotationMarks:
    closers: dict[str, str]  # opening mark -> the marks that close it
    ambiguous: frozenset[str]  # marks that may open or close: decided by what is around them

    @property
    def opening(self) -> frozenset[str]:
        return frozenset(self.closers)

    @property
    def closing(self) -> frozenset[str]:
        return frozenset("".join(self.closers.values()))

    @property
    def all(self) -> frozenset[str]:
        return self.opening | self.closing

    @property
    def double(self) -> frozenset[str]:
        """The marks of double quotes, the ones that set off a statement (single marks double
        as apostrophes)."""
        single = word_set("single_quotation_openers")
        return frozenset(
            mark
            for opener, closers in self.closers.items()
            if opener not in single
            for mark in opener + closers
            if mark not in "‘’'"
        )


def read_marks(path) -> QuotationMarks:
    closers: dict[str, str] = {}
    ambiguous: set[str] = set()
    for row in read_tsv(path, ("opening", "closing", "ambiguous", "example"), non_empty=True):
        where = f"{path}:{row['_line']}"
        opening, closing = row["opening"], row["closing"]
        if len(opening) != 1 or opening in closers:
            raise ResourceError(f"{where}: opening mark {opening!r} must be one new character")
        if row["ambiguous"] not in ("yes", "no"):
            raise ResourceError(f"{where}: ambiguous must be yes or no")
        example = row["example"]
        if opening not in example or not any(
            c in example[example.index(opening) :] for c in closing
        ):
            raise ResourceError(f"{where}: the example is not quoted with these marks")
        closers[opening] = closing
        if row["ambiguous"] == "yes":
            ambiguous.add(opening)
    return QuotationMarks(closers, frozenset(ambiguous))


@cache
def marks() -> QuotationMarks:
    return read_marks(data_path("de/quotation_marks.tsv"))


# every character that opens or closes a quotation in German text
QUOTE_CHARS = marks().all


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the paragraph end when unclosed)
    depth: int  # 0 for an outermost quote
    closed: bool


# what may stand before an ambiguous mark that opens a quote: a space, a bracket, a dash, a
# colon, or another opening mark (“ not: in German text it closes)
_OPENING_CONTEXT = " \t([{*/–—-:" + "„»«‚\"'"


def _opens(text: str, pos: int, para_start: int) -> bool:
    before = text[pos - 1] if pos > para_start else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return before in _OPENING_CONTEXT and not after.isspace()


def _closes(text: str, pos: int, para_start: int) -> bool:
    before = text[pos - 1] if pos > para_start else " "
    return not before.isspace()


def quoted_spans(text: str, start: int, end: int) -> list[QuotedSpan]:
    """The quotations between ``start`` and ``end`` (one paragraph), outermost and nested."""
    table = marks()
    closers, ambiguous = table.closers, table.ambiguous
    closing_only = table.closing - table.opening
    spans: list[QuotedSpan] = []
    stack: list[tuple[str, int]] = []
    for pos in range(start, end):
        char = text[pos]
        if char not in closers and char not in closing_only:
            continue
        if stack and char in closers[stack[-1][0]] and _closes(text, pos, start):
            # an apostrophe inside a word (geht's) closes nothing
            if char in "'’" and pos + 1 < end and text[pos + 1].isalpha():
                continue
            _opener, open_pos = stack.pop()
            spans.append(QuotedSpan(open_pos, pos + 1, len(stack), True))
            continue
        if char in closers:
            if char in ambiguous and not _opens(text, pos, start):
                continue
            if char == "'" and pos > start and text[pos - 1].isalpha():
                continue
            stack.append((char, pos))
    # unclosed double quotes run to the paragraph end; unclosed single marks were apostrophes
    for opener, open_pos in stack:
        if opener not in "'‚" and end - open_pos > 1:
            depth = sum(1 for _o, p in stack if p < open_pos and _o not in "'‚")
            spans.append(QuotedSpan(open_pos, end, depth, False))
    return sorted(spans, key=lambda s: (s.start, -s.end))


def quoted_ranges(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each outermost quotation between ``start`` and ``end``, found paragraph by
    paragraph (a line break ends a paragraph)."""
    end = len(text) if end is None else end
    ranges: list[tuple[int, int]] = []
    while start <= end:
        line_end = text.find("\n", start, end)
        line_end = end if line_end < 0 else line_end
        ranges += [(s.start, s.end) for s in quoted_spans(text, start, line_end) if s.depth == 0]
        start = line_end + 1
    return ranges
