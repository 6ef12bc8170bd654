"""Reading inputs: files, directories (recursive), globs and stdin, in five formats.

Each reader turns one input into raw articles (text plus whatever metadata the input states);
cleaning and analysis come later. A reader never invents metadata: what the input does not
state stays None. Problems raise ``InputError`` naming the file (and line); ``read_inputs``
records them as ``Skipped`` and goes on with the batch.
"""

from __future__ import annotations

import fnmatch
import glob
import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Skipped

# raw.MAX_ARTICLE_BYTES is read at call time: one value to change (the tests lower it)
from . import feed, html, jsonl, raw, text, warc
from .raw import RawArticle, bounded_lines

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
    ".warc": "warc",
}


def sniff(data: bytes, name: str) -> str:
    """The input format from the file name, else from the first bytes."""
    if name.lower().endswith(".warc.gz"):
        return "warc"
    fmt = SUFFIXES.get(Path(name).suffix.lower())
    if fmt:
        return fmt
    if data.startswith(b"WARC/"):
        return "warc"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"<"):
        if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
            return "feed"
        return "html"
    return "text"


def expand(paths: Iterable[str]) -> tuple[list[str], list[Skipped]]:
    """Files named by the paths: files as given, directories recursively, globs expanded.

    Hidden files and directories (a name starting with a dot) are not read from a directory or
    by a wildcard; a symbolic link to a directory is followed once, never into a loop.
    """
    files: list[str] = []
    problems: list[Skipped] = []
    for path in paths:
        if path == "-":
            files.append("-")
        elif os.path.isdir(path):
            found, unreadable = _walk(path, ["**", "*"])
            problems.extend(unreadable)
            if not found and not unreadable:
                problems.append(
                    Skipped(path, "directory contains no files (hidden ones are not read)")
                )
            files.extend(found)
        elif os.path.isfile(path):
            files.append(path)
        elif glob.has_magic(path):
            root, pattern = _glob_root(path)
            found, unreadable = _walk(root, pattern) if os.path.isdir(root or ".") else ([], [])
            problems.extend(unreadable)
            if not found and not unreadable:
                problems.append(Skipped(path, "pattern matches no files"))
            files.extend(found)
        elif os.path.lexists(path):
            problems.append(Skipped(path, "not a readable file (a broken link or a special file)"))
        else:
            problems.append(Skipped(path, "no such file or directory"))
    return files, problems


def _glob_root(pattern: str) -> tuple[str, list[str]]:
    """The directory before the first wildcard, and the pattern's parts after it."""
    parts = pattern.split(os.sep)
    fixed = 0
    while fixed < len(parts) - 1 and not glob.has_magic(parts[fixed]):
        fixed += 1
    root = os.sep.join(parts[:fixed]) if fixed else ""
    if pattern.startswith(os.sep) and not root:
        root = os.sep
    return root, [p for p in parts[fixed:] if p]


def _matches(names: list[str], pattern: list[str]) -> bool:
    """Whether a relative path (its names) matches glob parts; ``**`` spans any number of
    directories; a wildcard never matches a hidden name (as in the shell)."""
    if not pattern:
        return not names
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(
            _matches(names[skip:], rest)
            for skip in range(len(names) + 1)
            if not any(name.startswith(".") for name in names[:skip])
        )
    if not names:
        return False
    name = names[0]
    if name.startswith(".") and not head.startswith("."):
        return False
    return fnmatch.fnmatchcase(name, head) and _matches(names[1:], rest)


def _walk(root: str, pattern: list[str]) -> tuple[list[str], list[Skipped]]:
    """Files under ``root`` matching the glob parts, sorted; directories that cannot be read.

    Linked directories are followed, but a directory already visited (a link back up the tree)
    is not entered again, so a loop of links ends.
    """
    recursive = "**" in pattern
    depth = len(pattern)
    found: list[str] = []
    unreadable: list[Skipped] = []
    seen: set[tuple[int, int]] = set()

    def visit(directory: str, names: list[str]) -> None:
        try:
            info = os.stat(directory)
            if (info.st_dev, info.st_ino) in seen:
                return
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            unreadable.append(Skipped(directory, f"cannot read directory: {exc.strerror or exc}"))
            return
        for entry in entries:
            relative = [*names, entry.name]
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if is_dir:
                if entry.name.startswith(".") or (not recursive and len(relative) >= depth):
                    continue
                visit(entry.path, relative)
            elif is_file and _matches(relative, pattern):
                found.append(entry.path)

    visit(root or ".", [])
    if not root:
        found = [os.path.relpath(f) for f in found]
    return sorted(found), unreadable


def read_bytes(path: str) -> bytes:
    """The bytes of one input, refused without reading them all when over the size limit."""
    if path == "-":
        return _read_limited(sys.stdin.buffer, "<stdin>")
    try:
        size = os.path.getsize(path)
        if size > raw.MAX_ARTICLE_BYTES:
            raise InputError(path, _too_large(size))
        with open(path, "rb") as fh:
            return _read_limited(fh, path)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc


def _too_large(size: int, what: str = "file") -> str:
    """Why an input is refused; a stream is read only to just past the limit, so its size is
    a lower bound."""
    limit = f"{raw.MAX_ARTICLE_BYTES / 1e6:.0f} MB"
    stated = f"{size / 1e6:.0f} MB; the limit is {limit}" if what == "file" else f"over {limit}"
    return f"{what} too large for one article ({stated}; hand large corpora over as JSON Lines)"


def _read_limited(stream: BinaryIO, source: str) -> bytes:
    """At most the size limit; a stream (stdin, a growing file) holding more is refused."""
    data = stream.read(raw.MAX_ARTICLE_BYTES + 1)
    if len(data) > raw.MAX_ARTICLE_BYTES:
        raise InputError(source, _too_large(len(data), "input"))
    return data


def read_file(path: str) -> Iterator[RawArticle | Skipped]:
    """The raw articles of one input; problems of single records come as ``Skipped``."""
    if path == "-":
        yield from _read_stdin()
    elif sniff(b"", path) == "jsonl":
        yield from jsonl.read(path)
    elif sniff(b"", path) == "warc":  # streamed: a web archive holds many pages
        yield from warc.read(path)
    else:
        yield from _read_data(read_bytes(path), path)


def _read_stdin() -> Iterator[RawArticle | Skipped]:
    """Standard input: JSON Lines streamed line by line (a corpus of any size), anything else
    read up to the size limit."""
    source = "<stdin>"
    given = sys.stdin.buffer
    # sniffing needs a look ahead; a stream without one (a test's BytesIO) gets a buffer that
    # is detached again at the end, so that closing it does not close stdin
    stdin = given if isinstance(given, io.BufferedReader) else io.BufferedReader(given)
    try:
        fmt = sniff(stdin.peek(2048)[:2048], source)
        if fmt == "jsonl":
            yield from jsonl.read_lines(bounded_lines(stdin), source)
        elif fmt == "warc":
            yield from warc.read_stream(stdin, source)
        else:
            yield from _read_data(_read_limited(stdin, source), source)
    finally:
        if stdin is not given:
            stdin.detach()


def _read_data(data: bytes, source: str) -> Iterator[RawArticle | Skipped]:
    fmt = sniff(data, source)
    if fmt == "jsonl":
        # JSON Lines end at "\n" only, as in a file: a "\r" alone is no line end
        yield from jsonl.read_lines(bounded_lines(io.BytesIO(data)), source)
    elif fmt == "feed":
        yield from feed.read(data, source)
    elif fmt == "warc":
        yield from warc.read_stream(io.BytesIO(data), source)
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
