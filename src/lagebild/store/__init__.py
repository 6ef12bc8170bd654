"""The embedded SQLite store: schema by numbered migrations, idempotent writes by content hash.

Plain tables (articles, sentences, entity_mentions, quotes, timexes, entities, runs, skipped) so any
SQLite tool can read the file. Migrations are the ``migrations/NNNN_name.sql`` files next to this
module, applied in order and recorded in ``PRAGMA user_version``.

Several processes may open one store. SQLite lets one write at a time; a writer that finds the
store busy waits up to ``BUSY_SECONDS`` for its turn. The corpus layers (entities, events,
stories) are rebuilt from many articles at once, so a run holds ``Store.exclusive()`` (a lock
file next to the store) while it updates them: a second run waits for the first to finish that
step, and gives up with a clear message after ``LOCK_SECONDS``.
"""

from __future__ import annotations

import fcntl
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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
    Removed,
    Sentence,
    Skipped,
    Timex,
)
from .records import (
    entity_from_dict,
    mention_from_row,
    quote_from_dict,
    tokens_from_json,
)

BUSY_SECONDS = 120.0  # how long one write waits for another process's write to end
LOCK_SECONDS = 1800.0  # how long a run waits for another run's corpus steps
_IN_CHUNK = 500  # keys in one "IN (...)" (SQLite limits the parameters of a statement)
_READ_CHUNK = 500  # articles read together when the whole store is read


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _statements(sql: str) -> Iterator[str]:
    """The statements of a migration script, one by one (triggers with their bodies whole)."""
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""
    if pending.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in pending.splitlines()
    ):
        raise StoreError(f"migration ends inside a statement: {pending.strip()[:80]!r}")


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
                self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        try:
            if not readonly:
                self._use_write_ahead_log()
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

    def _use_write_ahead_log(self) -> None:
        """Switch to WAL, waiting while another process creates the same file: SQLite answers
        the switch with "locked" at once, without its busy handler, while another connection
        holds the lock the switch needs."""
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def migrate(self) -> None:
        """Bring the schema up to date. Another process may be creating or migrating the same
        store at this moment: the version is read again once this one holds the write lock."""
        pending = migrations()
        if self.version:
            self._check_version()
            if self.version >= pending[-1][0]:
                return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            current = self.version
            if current:
                self._check_version()
            for number, _name, sql in pending:
                if number > current:
                    for statement in _statements(sql):
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {number}")
            self.db.commit()
        except BaseException:
            self.db.rollback()
            raise

    @contextmanager
    def exclusive(self, wait: float = LOCK_SECONDS) -> Iterator[None]:
        """Hold the store's writer lock: one run at a time rebuilds the corpus layers."""
        with open(f"{self.path}.lock", "a") as handle:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StoreError(
                            f"{self.path}: another lagebild run is updating this store; "
                            f"gave up after waiting {wait:.0f} s"
                        ) from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

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
        return bool(self.add_articles([article], run_id))

    def add_articles(self, articles: Iterable[Article], run_id: int | None = None) -> int:
        """Store analysed articles in one transaction (a chunk of a run: a run killed later
        keeps it); those already stored, by this or another process, are left as they are.
        Returns how many were new."""
        added = 0
        with self._writing():
            for article in articles:
                if self._insert_article(article, run_id):
                    added += 1
        return added

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A write transaction that takes the write lock first (waiting for another process's
        write), so that what it reads is not changed by another writer before it writes."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.commit()
        except BaseException:
            self.db.rollback()
            raise

    def _insert_article(self, a: Article, run_id: int | None) -> bool:
        if self.has_article(a.id):
            return False
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
            "INSERT OR IGNORE INTO stage_mentions VALUES (?,?,?,?,?,?)",
            [(a.id, m.start, m.end, m.text, m.label, m.source) for m in a.entities],
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

    def _replace_entity_layer(self, article: Article) -> None:
        """The resolved entity ids of an already stored article (after re-resolution)."""
        self.db.execute("DELETE FROM entity_mentions WHERE article_id = ?", (article.id,))
        self.db.executemany(
            "INSERT OR IGNORE INTO entity_mentions VALUES (?,?,?,?,?,?,?)",
            [
                (article.id, m.start, m.end, m.text, m.label, m.entity, m.source)
                for m in article.entities
            ],
        )
        self.db.executemany(
            "UPDATE quotes SET speaker_entity = ?, data = ? WHERE article_id = ? AND idx = ?",
            [
                (
                    q.speaker.entity if q.speaker else None,
                    json.dumps(q.to_dict(), ensure_ascii=False),
                    article.id,
                    i,
                )
                for i, q in enumerate(article.quotes)
            ],
        )

    def replace_corpus_layers(
        self,
        articles: Iterable[Article],
        entities: list[Entity],
        events: list[dict[str, Any]],
        corpus_state: str,
    ) -> None:
        """After re-resolution: the entity layers of the given articles, all entities, the
        events of the given articles (``events``) and the state of the corpus the steps saw
        (see ``corpus_state``), in one transaction, so that no reader sees mentions of entities
        not yet written."""
        with self._writing():
            for article in articles:
                self._replace_entity_layer(article)
                self.db.execute("DELETE FROM events WHERE article_id = ?", (article.id,))
            self._write_entities(entities)
            self._insert_events(events)
            self.db.execute(
                "INSERT OR REPLACE INTO corpus_state VALUES ('resolved', ?)", (corpus_state,)
            )

    def corpus_state(self) -> str:
        """Which articles the store holds, in short (how many, and the last row written): the
        corpus steps need to run again only when it differs from what they last saw."""
        count, last = self.db.execute("SELECT count(*), max(rowid) FROM articles").fetchone()
        return f"{count}:{last}"

    def corpus_steps_due(self) -> bool:
        """Have articles been added (or removed) since the corpus steps last ran?"""
        row = self.db.execute("SELECT value FROM corpus_state WHERE key = 'resolved'").fetchone()
        return row is None or row[0] != self.corpus_state()

    def replace_entities(self, entities: list[Entity]) -> None:
        with self._writing():
            self._write_entities(entities)

    def replace_events(self, events: list[dict[str, Any]]) -> None:
        with self._writing():
            self._write_events(events)

    def _write_entities(self, entities: list[Entity]) -> None:
        self.db.execute("DELETE FROM entities")
        self.db.executemany(
            "INSERT INTO entities VALUES (?,?,?,?,?)",
            [
                (e.id, e.name, e.label, e.mentions, json.dumps(e.to_dict(), ensure_ascii=False))
                for e in entities
            ],
        )

    def _write_events(self, events: list[dict[str, Any]]) -> None:
        self.db.execute("DELETE FROM events")
        self._insert_events(events)

    def _insert_events(self, events: list[dict[str, Any]]) -> None:
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

    def load_article(self, article_id: str, *, as_found: bool = False) -> Article:
        """The article with all its stored layers, as the pipeline produced it; ``as_found``:
        with its entity mentions as the stages found them and no entity ids on mentions and
        speakers (the input of a resolution)."""
        found = self.load_articles([article_id], as_found=as_found)
        if not found:
            raise KeyError(article_id)
        return found[0]

    def load_articles(
        self, article_ids: list[str], *, as_found: bool = False, tokens: bool = True
    ) -> list[Article]:
        """Several articles as ``load_article`` reads one, in the order given (those not
        stored left out): one query per layer for all of them, not one per article and layer
        (reading a store of 20,000 for its corpus steps made 140,000 queries). Without
        ``tokens`` their tokens are left empty (``fill_tokens`` reads them later): most of an
        article's size, and what the corpus steps need of few articles."""
        rows = {r["id"]: r for r in self._rows_in("SELECT * FROM articles WHERE id", article_ids)}
        articles = [Article.from_row(rows[i]) for i in article_ids if i in rows]
        if not articles:
            return []
        ids = [a.id for a in articles]
        removed = self._layer("SELECT * FROM removed", ids, "idx")
        warnings = self._layer("SELECT article_id, message FROM warnings", ids, "idx")
        sentences = self._layer("SELECT * FROM sentences", ids, "idx")
        token_rows = (
            self._layer("SELECT article_id, data FROM tokens", ids, "article_id") if tokens else {}
        )
        mentions = self._mention_rows(ids, as_found)
        quotes = self._layer("SELECT article_id, data FROM quotes", ids, "idx")
        timexes = self._layer("SELECT * FROM timexes", ids, "start, end")
        for a in articles:
            text = a.text
            a.removed = [Removed.from_row(r) for r in removed.get(a.id, ())]
            a.warnings = [r["message"] for r in warnings.get(a.id, ())]
            a.sentences = [
                Sentence(r["start"], r["end"], text[r["start"] : r["end"]], r["paragraph"])
                for r in sentences.get(a.id, ())
            ]
            a.tokens = [
                t for r in token_rows.get(a.id, ()) for t in tokens_from_json(text, r["data"])
            ]
            a.entities = [mention_from_row(r) for r in mentions.get(a.id, ())]
            a.quotes = [
                quote_from_dict(json.loads(r["data"]), as_found) for r in quotes.get(a.id, ())
            ]
            a.timexes = [Timex.from_row(r) for r in timexes.get(a.id, ())]
        return articles

    def fill_tokens(self, articles: list[Article]) -> None:
        """Read the tokens of articles loaded without them."""
        ids = [a.id for a in articles]
        rows = self._layer("SELECT article_id, data FROM tokens", ids, "article_id")
        for a in articles:
            a.tokens = [t for r in rows.get(a.id, ()) for t in tokens_from_json(a.text, r["data"])]

    def name_words(self, article_ids: list[str]) -> dict[str, frozenset[str]]:
        """The kept name words of these articles (see migration 0006); those without a row
        yet are left out."""
        rows = self._rows_in(
            "SELECT article_id, words FROM name_words WHERE article_id", article_ids
        )
        return {r[0]: frozenset(json.loads(r[1])) for r in rows}

    def put_name_words(self, words: dict[str, frozenset[str]]) -> None:
        with self._writing():
            self.db.executemany(
                "INSERT OR REPLACE INTO name_words VALUES (?, ?)",
                [(i, json.dumps(sorted(w), ensure_ascii=False)) for i, w in words.items()],
            )

    def _layer(
        self, select: str, article_ids: list[str], order: str
    ) -> dict[str, list[sqlite3.Row]]:
        """The rows of a layer table for these articles, grouped by article, each article's in
        ``order``."""
        grouped: dict[str, list[sqlite3.Row]] = {}
        for start in range(0, len(article_ids), _IN_CHUNK):
            part = article_ids[start : start + _IN_CHUNK]
            sql = (
                f"{select} WHERE article_id IN ({','.join('?' * len(part))}) "
                f"ORDER BY article_id, {order}"
            )
            for row in self.db.execute(sql, part):
                grouped.setdefault(row["article_id"], []).append(row)
        return grouped

    def _mention_rows(self, article_ids: list[str], as_found: bool) -> dict[str, list[sqlite3.Row]]:
        table = "stage_mentions" if as_found else "entity_mentions"
        entity = "NULL AS entity_id" if as_found else "entity_id"
        select = f"SELECT article_id, start, end, text, label, {entity}, source FROM {table}"
        return self._layer(select, article_ids, "start, end")

    def entity_layer(self, article_id: str) -> tuple[list[EntityMention], list[str | None]]:
        """An article's resolved mentions and its quote speakers' entity ids, as stored."""
        return self.entity_layers([article_id]).get(article_id, ([], []))

    def entity_layers(
        self, article_ids: list[str]
    ) -> dict[str, tuple[list[EntityMention], list[str | None]]]:
        """``entity_layer`` of several articles (those with neither mentions nor quotes are
        left out)."""
        mentions = self._mention_rows(article_ids, False)
        speakers = self._layer("SELECT article_id, speaker_entity FROM quotes", article_ids, "idx")
        return {
            i: (
                [mention_from_row(r) for r in mentions.get(i, ())],
                [r["speaker_entity"] for r in speakers.get(i, ())],
            )
            for i in set(mentions) | set(speakers)
        }

    def iter_articles(self, *, as_found: bool = False, tokens: bool = True) -> Iterator[Article]:
        ids = self.article_ids()
        for start in range(0, len(ids), _READ_CHUNK):
            part = ids[start : start + _READ_CHUNK]
            yield from self.load_articles(part, as_found=as_found, tokens=tokens)

    def entities(self, label: str | None = None) -> list[Entity]:
        sql = "SELECT data FROM entities"
        args: tuple[Any, ...] = ()
        if label:
            sql += " WHERE label = ?"
            args = (label,)
        sql += " ORDER BY mentions DESC, name"
        return [entity_from_dict(json.loads(r[0])) for r in self.db.execute(sql, args)]

    def events(self) -> list[dict[str, Any]]:
        return [
            json.loads(r[0])
            for r in self.db.execute("SELECT data FROM events ORDER BY date, article_id, id")
        ]

    def skipped(self) -> list[Skipped]:
        return [
            Skipped(r["source"], r["reason"], r["line"])
            for r in self.db.execute("SELECT * FROM skipped ORDER BY id")
        ]

    def outlets(self) -> dict[str, dict[str, Any]]:
        return {r["name"]: dict(r) for r in self.db.execute("SELECT * FROM outlets")}

    def entities_by_id(self, entity_ids: Iterable[str]) -> list[Entity]:
        """These entities, most mentioned first."""
        rows = self._rows_in("SELECT mentions, name, data FROM entities WHERE id", entity_ids)
        return [
            entity_from_dict(json.loads(r[2])) for r in sorted(rows, key=lambda r: (-r[0], r[1]))
        ]

    def events_of(self, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        """The events of these articles, in the order of ``events()``."""
        rows = self._rows_in(
            "SELECT date, article_id, id, data FROM events WHERE article_id", article_ids
        )
        return [json.loads(r[3]) for r in sorted(rows, key=lambda r: (r[0], r[1], r[2]))]

    def _rows_in(self, select: str, keys: Iterable[str]) -> list[sqlite3.Row]:
        """``select`` (ending in a column) IN the keys, asked in chunks (SQLite limits the
        number of parameters of one statement)."""
        keys = list(dict.fromkeys(keys))
        found: list[sqlite3.Row] = []
        for start in range(0, len(keys), _IN_CHUNK):
            part = keys[start : start + _IN_CHUNK]
            sql = f"{select} IN ({','.join('?' * len(part))})"
            found.extend(self.db.execute(sql, part))
        return found

    def load_corpus(self) -> Corpus:
        return Corpus(
            articles=list(self.iter_articles()),
            entities=self.entities(),
            events=self.events(),
            skipped=self.skipped(),
        )
