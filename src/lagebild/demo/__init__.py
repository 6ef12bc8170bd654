"""The built-in demo corpus: eight invented German articles about one invented event.

``manifest.toml`` lists the articles (file, format, outlet, and what analysing each must give)
and is checked when loaded: an error names the file and the line of the offending table.
``outlets.toml`` profiles the invented outlets in the format ``lagebild.outlets`` reads.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ResourceError

DEMO_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = DEMO_DIR / "articles"
MANIFEST_FILE = DEMO_DIR / "manifest.toml"
OUTLETS_FILE = DEMO_DIR / "outlets.toml"

FORMATS = frozenset({"text", "html", "jsonl", "rss"})
PHASES = frozenset({"event", "follow-up"})
REMOVED_KINDS = frozenset(
    {
        "ad",
        "caption",
        "copyright",
        "credit",
        "tags",
        "share",
        "navigation",
        "dateline",
        "title_header",
    }
)


@dataclass(frozen=True, slots=True)
class ExpectedRemoval:
    text: str
    kind: str


@dataclass(frozen=True, slots=True)
class DemoArticle:
    path: Path
    format: str
    outlet: str
    phase: str
    id: str | None = None  # JSONL id or feed guid; None for one-article files
    title: str | None = None
    published: str | None = None
    author: str | None = None
    keep: tuple[str, ...] = ()
    remove: tuple[ExpectedRemoval, ...] = ()
    absent: tuple[str, ...] = ()


def load_manifest(path: Path = MANIFEST_FILE) -> list[DemoArticle]:
    """The demo articles in manifest order, each checked against its input file."""
    tables, lines = _load_tables(path, "article")
    articles = []
    for table, line in zip(tables, lines, strict=True):
        where = f"{path}:{line}"
        fields = _Fields(table, where)
        article = DemoArticle(
            path=ARTICLES_DIR / fields.string("file"),
            format=fields.choice("format", FORMATS),
            outlet=fields.string("outlet"),
            phase=fields.choice("phase", PHASES),
            id=fields.optional("id"),
            title=fields.optional("title"),
            published=fields.optional("published"),
            author=fields.optional("author"),
            keep=fields.strings("keep"),
            remove=fields.removals("remove"),
            absent=fields.strings("absent"),
        )
        fields.reject_unknown()
        if not article.path.is_file():
            raise ResourceError(f"{where}: no article file {article.path.name} in {ARTICLES_DIR}")
        if (article.id is None) == (article.format in {"jsonl", "rss"}):
            raise ResourceError(f"{where}: id is required for jsonl and rss, and only for them")
        articles.append(article)
    return articles


def input_paths() -> list[Path]:
    """The files `lagebild demo` reads, each once, in manifest order."""
    return list(dict.fromkeys(a.path for a in load_manifest()))


def _load_tables(path: Path, name: str) -> tuple[list[dict[str, object]], list[int]]:
    # tomllib keeps no positions, so the line of each [[name]] header is found in the source.
    source = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{path}: {exc}") from exc
    if data.get("version") != 1:
        raise ResourceError(f"{path}: expected version = 1, found {data.get('version')!r}")
    tables = data.get(name, [])
    if not tables:
        raise ResourceError(f"{path}: no [[{name}]] tables")
    header = f"[[{name}]]"
    lines = [i for i, text in enumerate(source.splitlines(), 1) if text.replace(" ", "") == header]
    if len(lines) != len(tables):
        raise ResourceError(f"{path}: write each {name} as a {header} table on its own line")
    return tables, lines


class _Fields:
    """Typed access to one TOML table that remembers which keys were read."""

    def __init__(self, table: dict[str, object], where: str):
        self._table = table
        self._where = where
        self._read: set[str] = set()

    def optional(self, key: str) -> str | None:
        self._read.add(key)
        value = self._table.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            raise ResourceError(f"{self._where}: {key} must be a non-empty string")
        return value

    def string(self, key: str) -> str:
        value = self.optional(key)
        if value is None:
            raise ResourceError(f"{self._where}: {key} is missing")
        return value

    def choice(self, key: str, allowed: frozenset[str]) -> str:
        value = self.string(key)
        if value not in allowed:
            raise ResourceError(f"{self._where}: {key} {value!r} is not one of {sorted(allowed)}")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        self._read.add(key)
        value = self._table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ResourceError(f"{self._where}: {key} must be a list of non-empty strings")
        return tuple(value)

    def removals(self, key: str) -> tuple[ExpectedRemoval, ...]:
        self._read.add(key)
        value = self._table.get(key, [])
        if not isinstance(value, list):
            raise ResourceError(f"{self._where}: {key} must be a list of {{text, kind}} tables")
        removals = []
        for entry in value:
            if not isinstance(entry, dict) or set(entry) != {"text", "kind"}:
                raise ResourceError(f"{self._where}: each {key} entry needs exactly text and kind")
            if entry["kind"] not in REMOVED_KINDS:
                raise ResourceError(f"{self._where}: unknown removal kind {entry['kind']!r}")
            removals.append(ExpectedRemoval(entry["text"], entry["kind"]))
        return tuple(removals)

    def reject_unknown(self) -> None:
        unknown = set(self._table) - self._read
        if unknown:
            raise ResourceError(f"{self._where}: unknown keys {sorted(unknown)}")
