"""The embedded SQLite store: schema by numbered migrations, idempotent writes by content hash.

Plain tables (articles, sentences, entity_mentions, quotes, timexes, entities, runs, skipped) so any
SQLite tool can read the file. Migrations are the ``migrations/NNNN_name.sql`` files next to this
module, applied in order and recorded in ``PRAGMA user_version``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import (
    Article,
    Corpus,
    Entity,
    EntityMention,
    Quote,
    Removed,
    Sentence,
    Skipped,
    Span,
    SpeakerMention,
    Timex,
    Token,
)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with lagebild, in order."""
    found = []
    for entry in resources.files(__package__).joinpath("migrations").iterdir():
        if entry.name.endswith(".sql"):
            number, _, name = entry.name.partition("_")
            found.append((int(number), name.removesuffix(".sql"), entry.read_text("utf-8")))
    return sorted(found)


class Store:
    """A lagebild SQLite file. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = str(path)
        try:
            if readonly:
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                self.db = sqlite3.connect(self.path)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        try:
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.migrate()
            else:
                self._check_version()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a lagebild store ({exc})") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _check_version(self) -> None:
        latest = migrations()[-1][0]
        if self.version > latest:
            raise StoreError(
                f"{self.path}: store schema {self.version} is newer than this lagebild "
                f"understands ({latest}); upgrade lagebild"
            )
        if self.version == 0:
            raise StoreError(f"{self.path}: not a lagebild store (no schema)")

    def migrate(self) -> None:
        self._check_version() if self.version else None
        for number, _name, sql in migrations():
            if number > self.version:
                with self.db:
                    self.db.executescript(
                        f"BEGIN;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;"
                    )

    # -- writing ------------------------------------------------------------------------------

    def start_run(self, command: str, settings: dict[str, Any], version: str) -> int:
        with self.db:
            cur = self.db.execute(
                "INSERT INTO runs (started_at, version, command, settings) VALUES (?, ?, ?, ?)",
                (_now(), version, command, json.dumps(settings, ensure_ascii=False)),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, *, added: int, known: int, skipped: int) -> None:
        with self.db:
            self.db.execute(
                "UPDATE runs SET finished_at = ?, articles_added = ?, articles_known = ?, "
                "skipped = ? WHERE id = ?",
                (_now(), added, known, skipped, run_id),
            )

    def has_article(self, article_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def add_article(self, article: Article, run_id: int | None = None) -> bool:
        """Store an analysed article; False (and nothing written) when it is already stored."""
        if self.has_article(article.id):
            return False
        a = article
        with self.db:
            self.db.execute(
                "INSERT INTO articles (id, source, title, published, outlet, author, url, language,"
                " genre, text, words, run_id, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    a.id,
                    a.source,
                    a.title,
                    a.published,
                    a.outlet,
                    a.author,
                    a.url,
                    a.language,
                    a.genre,
                    a.text,
                    a.words,
                    run_id,
                    _now(),
                ),
            )
            self._write_layers(a)
        return True

    def _write_layers(self, a: Article) -> None:
        db = self.db
        db.executemany(
            "INSERT INTO removed VALUES (?,?,?,?,?)",
            [(a.id, i, r.kind, r.text, r.rule) for i, r in enumerate(a.removed)],
        )
        db.executemany(
            "INSERT INTO warnings VALUES (?,?,?)",
            [(a.id, i, w) for i, w in enumerate(a.warnings)],
        )
        db.executemany(
            "INSERT INTO sentences VALUES (?,?,?,?,?)",
            [(a.id, i, s.start, s.end, s.paragraph) for i, s in enumerate(a.sentences)],
        )
        tokens = [[t.start, t.end, t.pos, t.lemma, t.sentence] for t in a.tokens]
        db.execute(
            "INSERT INTO tokens VALUES (?, ?)", (a.id, json.dumps(tokens, ensure_ascii=False))
        )
        db.executemany(
            "INSERT OR IGNORE INTO entity_mentions VALUES (?,?,?,?,?,?,?)",
            [(a.id, m.start, m.end, m.text, m.label, m.entity, m.source) for m in a.entities],
        )
        db.executemany(
            "INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    a.id,
                    i,
                    q.start,
                    q.end,
                    q.text,
                    q.type,
                    q.speaker.text if q.speaker else None,
                    q.speaker.kind if q.speaker else None,
                    q.speaker.entity if q.speaker else None,
                    q.cue.text if q.cue else None,
                    json.dumps(q.to_dict(), ensure_ascii=False),
                )
                for i, q in enumerate(a.quotes)
            ],
        )
        db.executemany(
            "INSERT OR IGNORE INTO timexes VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (a.id, t.start, t.end, t.text, t.type, t.value, t.mod, t.signal, t.anchor)
                for t in a.timexes
            ],
        )

    def replace_entity_layer(self, article: Article) -> None:
        """Rewrite the resolved entity ids of an already stored article (after re-resolution)."""
        with self.db:
            self.db.execute("DELETE FROM entity_mentions WHERE article_id = ?", (article.id,))
            self.db.executemany(
                "INSERT OR IGNORE INTO entity_mentions VALUES (?,?,?,?,?,?,?)",
                [
                    (article.id, m.start, m.end, m.text, m.label, m.entity, m.source)
                    for m in article.entities
                ],
            )
            for i, q in enumerate(article.quotes):
                self.db.execute(
                    "UPDATE quotes SET speaker_entity = ?, data = ? "
                    "WHERE article_id = ? AND idx = ?",
                    (
                        q.speaker.entity if q.speaker else None,
                        json.dumps(q.to_dict(), ensure_ascii=False),
                        article.id,
                        i,
                    ),
                )

    def replace_entities(self, entities: list[Entity]) -> None:
        with self.db:
            self.db.execute("DELETE FROM entities")
            self.db.executemany(
                "INSERT INTO entities VALUES (?,?,?,?,?)",
                [
                    (e.id, e.name, e.label, e.mentions, json.dumps(e.to_dict(), ensure_ascii=False))
                    for e in entities
                ],
            )

    def replace_events(self, events: list[dict[str, Any]]) -> None:
        with self.db:
            self.db.execute("DELETE FROM events")
            self.db.executemany(
                "INSERT INTO events (article_id, date, text, data) VALUES (?,?,?,?)",
                [
                    (e["article"], e["date"], e["text"], json.dumps(e, ensure_ascii=False))
                    for e in events
                ],
            )

    def add_skipped(self, skipped: list[Skipped], run_id: int | None) -> None:
        with self.db:
            self.db.executemany(
                "INSERT INTO skipped (run_id, source, line, reason) VALUES (?,?,?,?)",
                [(run_id, s.source, s.line, s.reason) for s in skipped],
            )

    def upsert_outlets(self, outlets: list[dict[str, Any]]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO outlets VALUES (?,?,?,?)",
                [(o["name"], o.get("country"), o.get("kind"), o.get("notes")) for o in outlets],
            )

    # -- reading ------------------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in {"articles", "entities", "quotes", "timexes", "events", "skipped", "runs"}:
            raise ValueError(table)
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY published, id")]

    def load_article(self, article_id: str) -> Article:
        """The article with all its stored layers, as the pipeline produced it."""
        db = self.db
        row = db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        text = row["text"]
        a = Article(
            id=row["id"],
            source=row["source"],
            text=text,
            title=row["title"],
            published=row["published"],
            outlet=row["outlet"],
            author=row["author"],
            url=row["url"],
            language=row["language"],
            genre=row["genre"],
        )
        a.removed = [
            Removed(r["text"], r["kind"], r["rule"] or "")
            for r in db.execute("SELECT * FROM removed WHERE article_id=? ORDER BY idx", (a.id,))
        ]
        a.warnings = [
            r["message"]
            for r in db.execute("SELECT * FROM warnings WHERE article_id=? ORDER BY idx", (a.id,))
        ]
        a.sentences = [
            Sentence(r["start"], r["end"], text[r["start"] : r["end"]], r["paragraph"])
            for r in db.execute("SELECT * FROM sentences WHERE article_id=? ORDER BY idx", (a.id,))
        ]
        tok = db.execute("SELECT data FROM tokens WHERE article_id=?", (a.id,)).fetchone()
        a.tokens = [
            Token(s, e, text[s:e], pos, lemma, sent)
            for s, e, pos, lemma, sent in (json.loads(tok[0]) if tok else [])
        ]
        a.entities = [
            EntityMention(
                r["start"], r["end"], r["text"], r["label"], r["entity_id"], r["source"] or ""
            )
            for r in db.execute(
                "SELECT * FROM entity_mentions WHERE article_id=? ORDER BY start", (a.id,)
            )
        ]
        a.quotes = [
            quote_from_dict(json.loads(r["data"]))
            for r in db.execute("SELECT data FROM quotes WHERE article_id=? ORDER BY idx", (a.id,))
        ]
        a.timexes = [
            Timex(
                r["start"],
                r["end"],
                r["text"],
                r["type"],
                r["value"],
                r["mod"],
                signal=r["signal"],
                anchor=r["anchor"],
            )
            for r in db.execute("SELECT * FROM timexes WHERE article_id=? ORDER BY start", (a.id,))
        ]
        return a

    def iter_articles(self) -> Iterator[Article]:
        for article_id in self.article_ids():
            yield self.load_article(article_id)

    def entities(self, label: str | None = None) -> list[Entity]:
        sql = "SELECT data FROM entities"
        args: tuple[Any, ...] = ()
        if label:
            sql += " WHERE label = ?"
            args = (label,)
        sql += " ORDER BY mentions DESC, name"
        return [entity_from_dict(json.loads(r[0])) for r in self.db.execute(sql, args)]

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(r[0]) for r in self.db.execute("SELECT data FROM events ORDER BY date")]

    def skipped(self) -> list[Skipped]:
        return [
            Skipped(r["source"], r["reason"], r["line"])
            for r in self.db.execute("SELECT * FROM skipped ORDER BY id")
        ]

    def outlets(self) -> dict[str, dict[str, Any]]:
        return {r["name"]: dict(r) for r in self.db.execute("SELECT * FROM outlets")}

    def load_corpus(self) -> Corpus:
        return Corpus(
            articles=list(self.iter_articles()),
            entities=self.entities(),
            events=self.events(),
            skipped=self.skipped(),
        )


def _span(d: dict[str, Any] | None) -> Span | None:
    return Span(d["start"], d["end"], d["text"]) if d else None


def quote_from_dict(d: dict[str, Any]) -> Quote:
    sp = d.get("speaker")
    speaker = (
        SpeakerMention(
            sp["start"],
            sp["end"],
            sp["text"],
            sp.get("entity"),
            sp.get("kind", "named"),
            _span(sp.get("antecedent")),
        )
        if sp
        else None
    )
    return Quote(
        d["start"],
        d["end"],
        d["text"],
        d["type"],
        speaker,
        _span(d.get("cue")),
        _span(d.get("channel")),
        _span(d.get("addressee")),
        tuple(tuple(p) for p in d.get("parts", [])),  # type: ignore[misc]
    )


def entity_from_dict(d: dict[str, Any]) -> Entity:
    return Entity(
        id=d["id"],
        name=d["name"],
        label=d["label"],
        variants=d.get("variants", []),
        forms=d.get("forms", []),
        mentions=d.get("mentions", 0),
        roles=d.get("roles", []),
        affiliation=d.get("affiliation"),
        mentions_per_outlet=d.get("mentions_per_outlet", {}),
    )
