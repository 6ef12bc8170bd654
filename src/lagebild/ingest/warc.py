"""Web archives: the HTML pages of a WARC file (``.warc``, ``.warc.gz``), read with warcio.

Each ``response`` record whose HTTP status is 2xx and whose content type is HTML is one page,
read as the HTML reader reads a file (trafilatura: main text, title, date, author, site name);
the record's target URI is the page's URL where the page names none. The crawl date
(``WARC-Date``) is when the page was fetched, not when it was published, so it is never taken as
the publication date. An article's ``source`` is ``FILE#OFFSET``, the byte offset of its record
in the file (where ``warcio index`` shows it).

A WARC file is streamed record by record, so its size is not limited (Common Crawl's are about
1 GB); a record's payload is, like a file (``raw.MAX_ARTICLE_BYTES``). Requests, metadata and
revisit records are not pages. Responses that are no HTML page (images, scripts, PDFs) or no
success (redirects, errors) are counted, and each file's count is reported once as skipped, so
that nothing is dropped silently. A record that cannot be read is skipped with its offset; where
the file itself is broken (not WARC, cut short), what came before is kept and the rest of the
file is reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..model import Skipped
from . import html, raw
from .raw import RawArticle

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read(path: str) -> Iterator[RawArticle | Skipped]:
    """The pages of the WARC file at ``path``."""
    try:
        with open(path, "rb") as stream:
            yield from read_stream(stream, path)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc


def read_stream(stream: BinaryIO, source: str) -> Iterator[RawArticle | Skipped]:
    """The pages of a WARC stream (plain or gzip-compressed record by record)."""
    not_pages: Counter[str] = Counter()
    records = ArchiveIterator(stream, check_digests=False)
    try:
        for record in records:
            # where this record starts (asking warcio's record offset would read its payload)
            offset = records.offset
            if record.rec_type != "response":
                continue
            page = _page(record, source, offset, not_pages)
            if page is not None:
                yield page
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        # the stream cannot be followed past a broken record: say where it starts
        said = " ".join(str(exc).split())[:120]
        yield Skipped(
            f"{source}#{records.offset}",
            f"not a readable WARC record ({type(exc).__name__}: {said}); the rest of the file is "
            "not read",
        )
    if not_pages:
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(not_pages.items()))
        yield Skipped(source, f"WARC responses that are no HTML page, not read: {kinds}")


def _page(record, source: str, offset: int, not_pages: Counter[str]) -> RawArticle | Skipped | None:
    """The page of one response record, why it could not be read, or None for a response that
    is no HTML page (counted in ``not_pages``)."""
    where = f"{source}#{offset}"
    http = record.http_headers
    status = http.get_statuscode() if http else None
    if not status or not status.startswith("2"):
        not_pages[f"with HTTP status {status or 'missing'}"] += 1
        return None
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in _HTML_TYPES:
        not_pages[content_type or "without content type"] += 1
        return None
    try:
        data = record.content_stream().read(raw.MAX_ARTICLE_BYTES + 1)
    except Exception as exc:  # noqa: BLE001 - a broken payload (bad gzip, chunking) skips one page
        return Skipped(where, f"cannot read the record's page: {type(exc).__name__}: {exc}")
    if len(data) > raw.MAX_ARTICLE_BYTES:
        limit = f"{raw.MAX_ARTICLE_BYTES / 1e6:.0f} MB"
        return Skipped(where, f"page too large for one article (over {limit})")
    try:
        page = html.read(data, where)
    except InputError as exc:
        return Skipped(exc.source, exc.reason, exc.line)
    page.url = page.url or record.rec_headers.get_header("WARC-Target-URI")
    return page
