"""JSON Lines: one article per line (``id``, ``title``, ``published``, ``outlet``, ``url``,
``author``, ``genre``, ``text``; only ``text`` is required). Read as a stream, so a corpus file
of any size works; a bad line is reported with its number and the rest goes on."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import datetime

from ..errors import InputError
from ..model import Skipped
from .decode import without_surrogates
from .raw import MAX_ARTICLE_BYTES, RawArticle, bounded_lines

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")
FIELDS = ("id", "title", "published", "outlet", "url", "author", "genre", "language")


def read(path: str) -> Iterator[RawArticle | Skipped]:
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, streamed line by line
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    with fh:
        yield from read_lines(bounded_lines(fh), path)


def read_lines(lines: Iterable[bytes | int], source: str) -> Iterator[RawArticle | Skipped]:
    """The articles of the lines; a line given as an int is one too long to read (its size)."""
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, int):
            seen_any = True
            yield Skipped(source, f"line of {raw / 1e6:.0f} MB is too large", number)
            continue
        if not raw.strip():
            continue
        seen_any = True
        try:
            yield parse_line(raw, source, number)
        except InputError as exc:
            yield Skipped(exc.source, exc.reason, exc.line)
    if not seen_any:
        raise InputError(source, "empty file")


def _implausible(published: str) -> str | None:
    """Why a syntactically fine date cannot be a publication date (placeholders like
    0001-01-01 are common in exported corpora), or None."""
    try:
        day = datetime.fromisoformat(published).date()
    except ValueError:
        return "is not a calendar date and time"
    if day.year < 1800:
        return "looks like a placeholder"
    return None


def _has_surrogate(record: dict[str, object]) -> bool:
    return any(isinstance(v, str) and without_surrogates(v) is not v for v in record.values())


def parse_line(raw: bytes, source: str, number: int) -> RawArticle:
    if len(raw) > MAX_ARTICLE_BYTES:
        raise InputError(source, f"line of {len(raw) / 1e6:.0f} MB is too large", number)
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not UTF-8 (byte {exc.start})", number) from exc
    except json.JSONDecodeError as exc:
        raise InputError(source, f"malformed JSON: {exc.msg} (column {exc.colno})", number) from exc
    except RecursionError as exc:
        raise InputError(source, "JSON nested too deeply to be an article", number) from exc
    if not isinstance(record, dict):
        raise InputError(source, "a line must hold a JSON object", number)
    warnings = []
    if _has_surrogate(record):
        # "\ud800" escapes are valid JSON but no text: such a string cannot be stored or hashed
        record = {k: without_surrogates(v) if isinstance(v, str) else v for k, v in record.items()}
        warnings.append(
            f"{source}:{number}: lone surrogate escapes (such as \\ud800) replaced by U+FFFD"
        )
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "no 'text' (or it is empty)", number)
    meta = {}
    for key in FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str | int):
            raise InputError(source, f"field {key!r} must be a string", number)
        meta[key] = str(value).strip() if value is not None and str(value).strip() else None
    published = meta["published"]
    if published:
        m = _DATE.match(published)
        if not m:
            warnings.append(f"{source}:{number}: 'published' {published!r} is not a date; ignored")
            published = None
        else:
            published = m.group()[:16].replace(" ", "T")
            problem = _implausible(published)
            if problem:
                warnings.append(f"{source}:{number}: 'published' {published!r} {problem}; ignored")
                published = None
    genre = meta["genre"]
    if genre and genre not in {"news", "narrative"}:
        raise InputError(source, f"'genre' must be news or narrative, not {genre!r}", number)
    return RawArticle(
        source=meta["id"] or f"{source}:{number}",
        text=unicodedata.normalize("NFC", text),
        format="jsonl",
        title=meta["title"],
        published=published,
        outlet=meta["outlet"],
        author=meta["author"],
        url=meta["url"],
        genre=genre,
        language=meta["language"],
        warnings=warnings,
    )
