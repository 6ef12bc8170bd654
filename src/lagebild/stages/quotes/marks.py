"""Pairing quotation marks in every German style: „…“, "…", »…«, «…», ‚…‘, '…' and “…”.

Marks are paired per paragraph with a stack, so a quote nested in a quote (‚…‘ inside „…“) is
found too. A quote opened and not closed before the paragraph ends runs to its end: German
multi-paragraph quotes close only in their last paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

# every character that opens or closes a quotation in German text
QUOTE_CHARS = frozenset("„“”\"»«‚‘’'")
# opening mark -> the marks that close it
_CLOSERS = {
    "„": '“”"',
    "»": "«",
    "«": "»",
    "‚": "‘’'",
    "“": "”",
    '"': '"',
    "'": "'",
}
_AMBIGUOUS = {'"', "'", "«", "»", "“"}  # can open or close: decided by what is around them
_OPENING_CONTEXT = " \t([{*/–—-:"


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the paragraph end when unclosed)
    depth: int  # 0 for an outermost quote
    closed: bool


def _opens(text: str, pos: int, para_start: int) -> bool:
    before = text[pos - 1] if pos > para_start else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return (before in _OPENING_CONTEXT or before in "„»«‚\"'") and not after.isspace()


def _closes(text: str, pos: int, para_start: int) -> bool:
    before = text[pos - 1] if pos > para_start else " "
    return not before.isspace()


def quoted_spans(text: str, start: int, end: int) -> list[QuotedSpan]:
    """The quotations between ``start`` and ``end`` (one paragraph), outermost and nested."""
    spans: list[QuotedSpan] = []
    stack: list[tuple[str, int]] = []
    for pos in range(start, end):
        char = text[pos]
        if char not in _CLOSERS and char not in "”‘’":
            continue
        if stack and char in _CLOSERS[stack[-1][0]] and _closes(text, pos, start):
            # an apostrophe inside a word (geht's) closes nothing
            if char in "'’" and pos + 1 < end and text[pos + 1].isalpha():
                continue
            opener, open_pos = stack.pop()
            spans.append(QuotedSpan(open_pos, pos + 1, len(stack), True))
            continue
        if char in _CLOSERS:
            if char in _AMBIGUOUS and not _opens(text, pos, start):
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
