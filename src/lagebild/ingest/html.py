"""HTML pages: main text and metadata (title, date, author, site name) via trafilatura."""

from __future__ import annotations

from ..errors import InputError
from . import RawArticle
from .decode import decode


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
    published = extracted.date or None  # trafilatura gives YYYY-MM-DD when the page states one
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
