"""The raw article every reader yields, and the size limit every reader keeps.

A module of its own so that the package can import its readers at the top while the readers
import these (no cycle).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

# An article file larger than this is almost certainly not one article (a dump, a log, a binary).
MAX_ARTICLE_BYTES = 5_000_000


@dataclass
class RawArticle:
    source: str
    text: str
    format: str  # text, html, jsonl, feed
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    genre: str | None = None
    language: str | None = None
    clean: bool = True  # run the plain-text cleaner over ``text``
    removed: list = field(default_factory=list)  # pieces the reader already took out
    warnings: list[str] = field(default_factory=list)


def bounded_lines(stream: BinaryIO) -> Iterator[bytes | int]:
    """The lines of a stream; a line over the size limit comes as its length in bytes, read
    past in pieces and never held whole (a file without newlines stays in bounded memory)."""
    while True:
        line = stream.readline(MAX_ARTICLE_BYTES + 1)
        if not line:
            return
        if len(line) <= MAX_ARTICLE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = stream.readline(1 << 16)
            size += len(line)
        yield size
