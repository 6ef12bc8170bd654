"""RSS and Atom feeds whose items carry the article content (content:encoded, content or
description); HTML in the content is reduced to text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

from ..errors import InputError
from ..model import Skipped
from .decode import decode
from .raw import RawArticle


def local_time(stamp: str | None) -> str | None:
    """``YYYY-MM-DDTHH:MM`` as the feed states it (RFC 822 or ISO 8601), in its own time zone:
    the day an outlet published on is the day its readers saw."""
    if not stamp:
        return None
    for parse in (parsedate_to_datetime, datetime.fromisoformat):
        try:
            return parse(stamp.strip().replace("Z", "+00:00")).strftime("%Y-%m-%dT%H:%M")
        except (TypeError, ValueError, IndexError):
            continue
    return None


def _well_formed(data: bytes, source: str) -> None:
    try:
        ET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise InputError(source, f"not well-formed XML ({exc})", line) from exc
    except LookupError as exc:
        raise InputError(
            source, f"the XML declares an encoding Python does not know ({exc})"
        ) from exc


def _html_to_text(markup: str) -> str:
    import trafilatura

    if "<" not in markup:
        return markup
    text = trafilatura.extract(
        f"<html><body><article>{markup}</article></body></html>",
        include_comments=False,
        favor_recall=True,
        deduplicate=False,
    )
    return text or ""


def read(data: bytes, source: str) -> Iterator[RawArticle | Skipped]:
    import feedparser

    decode(data, source)  # empty, binary and undecodable feeds fail here with a clear reason
    _well_formed(data, source)
    parsed = feedparser.parse(data)
    if not parsed.entries:
        raise InputError(source, "feed has no items")
    site = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#item{number}"
        content = ""
        if entry.get("content"):
            content = entry.content[0].get("value", "")
        content = content or entry.get("summary", "") or entry.get("description", "")
        text = _html_to_text(content).strip()
        if not text:
            yield Skipped(where, "feed item without content")
            continue
        published = local_time(entry.get("published") or entry.get("updated"))
        link = entry.get("link") or None
        yield RawArticle(
            source=entry.get("id") or link or where,
            text=text,
            format="feed",
            title=entry.get("title") or None,
            published=published,
            outlet=site or (urlparse(link).hostname if link else None),
            author=entry.get("author") or None,
            url=link,
        )
