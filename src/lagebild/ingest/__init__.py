"""Reading inputs: files, directories (recursive), globs and stdin, in four formats.

Each reader turns one input into raw articles (text plus whatever metadata the input states);
cleaning and analysis come later. A reader never invents metadata: what the input does not
state stays None. Problems raise ``InputError`` naming the file (and line); ``read_inputs``
records them as ``Skipped`` and goes on with the batch.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Skipped

# An article file larger than this is almost certainly not one article (a dump, a log, a binary).
MAX_ARTICLE_BYTES = 5_000_000

SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".feed": "feed",
}


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


def sniff(data: bytes, name: str) -> str:
    """The input format from the file name, else from the first bytes."""
    fmt = SUFFIXES.get(Path(name).suffix.lower())
    if fmt:
        return fmt
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"<"):
        if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
            return "feed"
        return "html"
    return "text"


def expand(paths: Iterable[str]) -> tuple[list[str], list[Skipped]]:
    """Files named by the paths: files as given, directories recursively, globs expanded."""
    files: list[str] = []
    problems: list[Skipped] = []
    for path in paths:
        if path == "-":
            files.append("-")
        elif os.path.isdir(path):
            found = sorted(
                str(p) for p in Path(path).rglob("*") if p.is_file() and not p.name.startswith(".")
            )
            if not found:
                problems.append(Skipped(path, "directory contains no files"))
            files.extend(found)
        elif os.path.isfile(path):
            files.append(path)
        elif glob.has_magic(path):
            found = sorted(p for p in glob.glob(path, recursive=True) if os.path.isfile(p))
            if not found:
                problems.append(Skipped(path, "pattern matches no files"))
            files.extend(found)
        else:
            problems.append(Skipped(path, "no such file or directory"))
    return files, problems


def read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        size = os.path.getsize(path)
        if size > MAX_ARTICLE_BYTES and sniff(b"", path) != "jsonl":
            raise InputError(
                path,
                f"file too large for one article ({size / 1e6:.0f} MB; the limit is "
                f"{MAX_ARTICLE_BYTES / 1e6:.0f} MB; hand large corpora over as JSON Lines)",
            )
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc


def read_file(path: str) -> Iterator[RawArticle | Skipped]:
    """The raw articles of one input; problems of single records come as ``Skipped``."""
    from . import feed, html, jsonl, text

    if path != "-" and sniff(b"", path) == "jsonl":
        yield from jsonl.read(path)
        return
    data = read_bytes(path)
    fmt = sniff(data, "stdin" if path == "-" else path)
    source = "<stdin>" if path == "-" else path
    if fmt == "jsonl":
        yield from jsonl.read_lines(data.splitlines(keepends=True), source)
    elif fmt == "feed":
        yield from feed.read(data, source)
    elif fmt == "html":
        yield html.read(data, source)
    else:
        yield text.read(data, source)


def read_inputs(paths: Iterable[str]) -> Iterator[RawArticle | Skipped]:
    """Every raw article the paths hold; every problem as ``Skipped`` (the batch goes on)."""
    files, problems = expand(paths)
    yield from problems
    for path in files:
        try:
            yield from read_file(path)
        except InputError as exc:
            yield Skipped(exc.source, exc.reason, exc.line)
