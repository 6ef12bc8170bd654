"""Plain-text articles: an optional ` date YYYY-MM-DD` header, title line and dateline.

The layouts seen in the wild:
- leading blank lines;
- a header line ` date 2025-08-15`, sometimes with the first paragraph on the same line;
- a title line (Markdown ``## Title`` or a short line without a sentence end, followed by text);
- a dateline such as ``11 Feb. 2026 08:25 Uhr`` or ``15.08.2025, 14:30 Uhr``.
The header and dateline become metadata and are listed under ``removed`` (kinds ``header`` and
``dateline``); the title line stays in the text (headlines carry quotes and names) without its
Markdown marker.
"""

from __future__ import annotations

import re
from functools import cache

from ..lang import de as german
from ..lang.de.sentences import ENDS_LINE
from ..model import Removed
from .decode import decode
from .raw import RawArticle

_HEADER = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?[ \t]*")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


@cache
def _months() -> dict[str, int]:
    """Month names and abbreviations, without an abbreviation's dot (the pattern allows one)."""
    return {form.rstrip("."): month for form, month in german.months().items()}


@cache
def _dateline_patterns() -> tuple[re.Pattern[str], ...]:
    months = "|".join(sorted((re.escape(m) for m in _months()), key=len, reverse=True))
    clock = r"(?:,?\s*(?:um\s+)?(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:\s*Uhr)?)?"
    return (
        re.compile(
            rf"^\s*(?:[A-ZÄÖÜ][a-zäöü]+,?\s+)?(?P<d>\d{{1,2}})\.?\s+(?P<m>{months})\.?\s+"
            rf"(?P<y>\d{{4}}){clock}\s*$",
            re.IGNORECASE,
        ),
        re.compile(
            rf"^\s*(?:[A-ZÄÖÜ][a-zäöü]+,?\s+)?(?P<d>\d{{1,2}})\.(?P<mn>\d{{1,2}})\.(?P<y>\d{{4}})"
            rf"{clock}\s*$"
        ),
    )


def parse_dateline(line: str) -> str | None:
    """``YYYY-MM-DD[THH:MM]`` for a line that is only a date (and time), else None."""
    for pattern in _dateline_patterns():
        m = pattern.match(line)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["mn"]) if groups.get("mn") else _months()[groups["m"].lower()]
        day, year = int(groups["d"]), int(groups["y"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        value = f"{year:04d}-{month:02d}-{day:02d}"
        if groups.get("h"):
            hour, minute = int(groups["h"]), int(groups["mi"])
            if hour < 24 and minute < 60:
                value += f"T{hour:02d}:{minute:02d}"
        return value
    return None


def _looks_like_title(line: str, following: str | None) -> bool:
    stripped = line.strip()
    return (
        following is not None
        and 2 <= len(stripped.split()) <= 25
        and not ENDS_LINE.search(stripped)
    )


def read(data: bytes, source: str) -> RawArticle:
    """The article with its header and dateline taken out as metadata; the title is found after
    cleaning (``split_title``), since a photo credit may stand where a title would."""
    text, warnings = decode(data, source)
    article = RawArticle(source=source, text="", format="text", warnings=warnings)

    m = _HEADER.match(text)
    if m:
        y, mo, d, h, mi = m.groups()
        article.published = f"{y}-{mo}-{d}" + (f"T{h}:{mi}" if h else "")
        article.removed.append(Removed(m.group().strip(), "header", "date-header"))
        text = text[m.end() :]

    lines = text.split("\n")
    if article.published is None:
        for index in [i for i, ln in enumerate(lines) if ln.strip()][:3]:
            value = parse_dateline(lines[index])
            if value:
                article.published = value
                article.removed.append(Removed(lines[index].strip(), "dateline", "dateline"))
                lines[index] = ""
                break
    article.text = "\n".join(lines)
    return article


def split_title(text: str) -> tuple[str | None, str]:
    """The title of a cleaned plain text, and the text with a Markdown heading marker removed.

    The title line stays in the text: headlines carry names and quotes worth analysing.
    """
    text = text.strip("\n")
    lines = text.split("\n")
    content = [i for i, ln in enumerate(lines) if ln.strip()]
    if not content:
        return None, text
    first = lines[content[0]]
    heading = _MARKDOWN_HEADING.match(first)
    following = lines[content[1]] if len(content) > 1 else None
    if heading:
        lines[content[0]] = first[heading.end() :]
        return first[heading.end() :].strip(), "\n".join(lines)
    if _looks_like_title(first, following):
        return first.strip(), text
    return None, text
