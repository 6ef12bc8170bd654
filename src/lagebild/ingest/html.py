"""HTML pages: main text and metadata (title, date, author, site name) via trafilatura."""

from __future__ import annotations

import re

from ..errors import InputError
from .decode import decode
from .raw import RawArticle

_STAMP = re.compile(
    r"(?:article:published_time|datePublished|pubdate)[^>]{0,80}?"
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})",
    re.IGNORECASE,
)


def read(data: bytes, source: str) -> RawArticle:
    import trafilatura

    page, warnings = decode(data, source)
    extracted = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    if extracted is None or not (extracted.text or "").strip():
        raise InputError(source, "HTML page without article text")
    # trafilatura gives the day; the page's own timestamp may add the time, as the page states it
    published = extracted.date or None
    stamp = _STAMP.search(page)
    if published and stamp and stamp.group(1) == published:
        published = f"{published}T{stamp.group(2)}"
    return RawArticle(
        source=source,
        text=extracted.text,
        format="html",
        title=extracted.title or None,
        published=published,
        outlet=extracted.sitename or (extracted.hostname or None),
        author=extracted.author or None,
        url=extracted.url or None,
        language=extracted.language or None,
        warnings=warnings,
    )
