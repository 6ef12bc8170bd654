"""Row queries over the stories tables (migration 0002): what the clustering reads and writes
(``StoryTables``), and the read-only queries of the web app and the CLI.

The store knows rows, not stories: vectors and clustering state pass through as the BLOBs and
values the corpus layer encodes (``lagebild.corpus.stories.state``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from ..model import Article
from . import Store

PER_PAGE = 50


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class StoryTables:
    """The rows of the stories tables of a writable store, for the incremental clustering."""

    def __init__(self, store: Store):
        self.store = store
        self.db = store.db

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db:
            yield

    def load_article(self, article_id: str) -> Article:
        return self.store.load_article(article_id)

    # -- articles ---------------------------------------------------------------------------

    def unassigned_articles(self) -> list[tuple[str, str | None]]:
        """(id, published) of stored articles in no story yet, in publication order."""
        return [
            (r[0], r[1])
            for r in self.db.execute(
                "SELECT a.id, a.published FROM articles a LEFT JOIN story_articles s "
                "ON s.article_id = a.id WHERE s.article_id IS NULL ORDER BY a.published, a.id"
            )
        ]

    def article_rows(self, ids: Sequence[str]) -> dict[str, Any]:
        """id -> row (id, title, text, published, outlet) for many ids."""
        found: dict[str, Any] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT id, title, text, published, outlet FROM articles WHERE id IN ({marks})",
                chunk,
            ):
                found[row["id"]] = row
        return found

    def sentence_spans(self, ids: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
        """id -> (start, end) of its sentences (the linguistic layer), for many articles."""
        found: dict[str, list[tuple[int, int]]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for article_id, start, end in self.db.execute(
                f"SELECT article_id, start, end FROM sentences WHERE article_id IN ({marks}) "
                "ORDER BY article_id, idx",
                chunk,
            ):
                found.setdefault(article_id, []).append((start, end))
        return found

    def entity_ids(self, ids: Sequence[str]) -> dict[str, list[str]]:
        found: dict[str, set[str]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for article_id, entity_id in self.db.execute(
                f"SELECT article_id, entity_id FROM entity_mentions WHERE entity_id IS NOT NULL "
                f"AND article_id IN ({marks})",
                chunk,
            ):
                found.setdefault(article_id, set()).add(entity_id)
        return {k: sorted(v) for k, v in found.items()}

    def article_embeddings(self, ids: Sequence[str], model: str) -> dict[str, bytes]:
        """id -> the kept encoder vector of this model, for those of ``ids`` that have one."""
        found: dict[str, bytes] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for article_id, vector in self.db.execute(
                f"SELECT article_id, vector FROM article_embeddings WHERE model = ? "
                f"AND article_id IN ({marks})",
                [model, *chunk],
            ):
                found[article_id] = vector
        return found

    def put_article_embeddings(self, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """(article id, model, vector)."""
        self.db.executemany("INSERT OR REPLACE INTO article_embeddings VALUES (?, ?, ?)", rows)

    def sentence_embeddings(
        self, article_ids: Sequence[str], model: str
    ) -> dict[tuple[str, int, int], bytes]:
        """(article id, start, end) -> the kept encoder vector of that sentence."""
        found: dict[tuple[str, int, int], bytes] = {}
        for chunk in _chunks(article_ids, 500):
            marks = ",".join("?" * len(chunk))
            for article_id, start, end, vector in self.db.execute(
                f"SELECT article_id, start, end, vector FROM sentence_embeddings "
                f"WHERE model = ? AND article_id IN ({marks})",
                [model, *chunk],
            ):
                found[(article_id, start, end)] = vector
        return found

    def put_sentence_embeddings(self, rows: Sequence[tuple[str, int, int, str, bytes]]) -> None:
        """(article id, start, end, model, vector)."""
        self.db.executemany(
            "INSERT OR REPLACE INTO sentence_embeddings VALUES (?, ?, ?, ?, ?)", rows
        )

    # -- clustering state -------------------------------------------------------------------

    def state_values(self) -> dict[str, Any]:
        return dict(self.db.execute("SELECT key, value FROM story_state").fetchall())

    def put_state_values(self, values: dict[str, Any]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO story_state VALUES (?, ?)", values.items())

    def open_story_rows(self, since: str | None) -> list[tuple[Any, ...]]:
        """(id, centroid, norm2, first_date, last_date, articles, storyline_id) of the stories
        last dated on or after ``since`` (all when None)."""
        sql = "SELECT id, centroid, norm2, first_date, last_date, articles, storyline_id"
        sql += " FROM stories"
        args: tuple[Any, ...] = ()
        if since is not None:
            sql += " WHERE last_date >= ? OR last_date IS NULL"
            args = (since,)
        return [tuple(r) for r in self.db.execute(sql, args)]

    def open_storyline_rows(self, since: str | None) -> list[tuple[Any, ...]]:
        """(id, centroid, first_date, last_date) of the storylines last dated since ``since``."""
        sql = "SELECT id, centroid, first_date, last_date FROM storylines"
        args: tuple[Any, ...] = ()
        if since is not None:
            sql += " WHERE last_date >= ? OR last_date IS NULL"
            args = (since,)
        return [tuple(r) for r in self.db.execute(sql, args)]

    def next_ids(self) -> tuple[int, int]:
        story = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM stories").fetchone()[0]
        line = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM storylines").fetchone()[0]
        return story, line

    def put_assignments(self, rows: Sequence[tuple[str, int, float, bytes]]) -> None:
        """(article id, story id, similarity, vector) of newly placed articles."""
        self.db.executemany(
            "INSERT INTO story_articles (article_id, story_id, similarity) VALUES (?, ?, ?)",
            [r[:3] for r in rows],
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO article_vectors VALUES (?, ?)", [(r[0], r[3]) for r in rows]
        )

    def put_duplicates(self, rows: Iterable[tuple[str, str, str, float]]) -> None:
        """(article id, the member it copies, kind, score)."""
        self.db.executemany(
            "UPDATE story_articles SET duplicate_of = ?, duplicate_kind = ?, duplicate_score = ? "
            "WHERE article_id = ?",
            [(of, kind, score, article_id) for article_id, of, kind, score in rows],
        )

    def put_storylines(self, rows: Iterable[tuple[int, str | None, str | None, bytes]]) -> None:
        """(id, first_date, last_date, centroid); titles are set by ``title_storylines``."""
        self.db.executemany(
            "INSERT INTO storylines (id, title, first_date, last_date, centroid) "
            "VALUES (?,'',?,?,?) ON CONFLICT(id) DO UPDATE SET first_date = excluded.first_date, "
            "last_date = excluded.last_date, centroid = excluded.centroid",
            rows,
        )

    def put_stories(
        self, rows: Iterable[tuple[int, int | None, str | None, str | None, bytes, float]]
    ) -> None:
        """(id, storyline id, first_date, last_date, centroid, norm2); title and summary are
        set by ``put_description``."""
        now = _now()
        self.db.executemany(
            "INSERT INTO stories (id, storyline_id, title, first_date, last_date, centroid, "
            "norm2, updated_at) VALUES (?,?,'',?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
            "storyline_id = excluded.storyline_id, first_date = excluded.first_date, "
            "last_date = excluded.last_date, centroid = excluded.centroid, "
            "norm2 = excluded.norm2, updated_at = excluded.updated_at",
            [(*row, now) for row in rows],
        )

    def refresh_counts(self, story_ids: Iterable[int], storyline_ids: Iterable[int]) -> None:
        """Recount members after assignments were saved; drop the comparisons they made stale."""
        ids = [(i,) for i in story_ids]
        self.db.executemany(
            "UPDATE stories SET articles = (SELECT count(*) FROM story_articles "
            "WHERE story_id = ?1), outlets = (SELECT count(DISTINCT coalesce(a.outlet, a.source)) "
            "FROM story_articles s JOIN articles a "
            "ON a.id = s.article_id WHERE s.story_id = ?1) WHERE id = ?1",
            ids,
        )
        self.db.executemany("DELETE FROM story_comparisons WHERE story_id = ?", ids)
        self.db.executemany(
            "UPDATE storylines SET stories = (SELECT count(*) FROM stories "
            "WHERE storyline_id = ?1), articles = (SELECT coalesce(sum(articles), 0) "
            "FROM stories WHERE storyline_id = ?1) WHERE id = ?1",
            [(i,) for i in storyline_ids],
        )

    def put_description(self, story_id: int, title: str, summary: list[dict[str, Any]]) -> None:
        self.db.execute(
            "UPDATE stories SET title = ?, summary = ? WHERE id = ?",
            (title, json.dumps(summary, ensure_ascii=False), story_id),
        )

    def title_storylines(self, storyline_ids: Iterable[int]) -> None:
        """A storyline is titled by its largest story (the earliest among equals)."""
        self.db.executemany(
            "UPDATE storylines SET title = (SELECT title FROM stories WHERE storyline_id = ?1 "
            "ORDER BY articles DESC, first_date LIMIT 1) WHERE id = ?1",
            [(i,) for i in storyline_ids],
        )

    def member_rows(self, story_id: int, limit: int = 200) -> list[tuple[str, bytes]]:
        """(article id, vector) of a story's members, oldest first, at most ``limit`` of the
        most similar ones."""
        rows = self.db.execute(
            "SELECT s.article_id, v.vector, coalesce(a.published, '') FROM story_articles s "
            "JOIN article_vectors v ON v.article_id = s.article_id "
            "JOIN articles a ON a.id = s.article_id "
            "WHERE s.story_id = ? ORDER BY s.similarity DESC LIMIT ?",
            (story_id, limit),
        ).fetchall()
        rows.sort(key=lambda r: (r[2], r[0]))
        return [(r[0], r[1]) for r in rows]

    def uncompared_stories(self) -> list[int]:
        """Stories of two or more articles whose comparison is missing or was made stale."""
        return first_column(
            self.db,
            "SELECT id FROM stories WHERE articles > 1 AND id NOT IN "
            "(SELECT story_id FROM story_comparisons) ORDER BY id",
        )

    def story_article_ids(self, story_id: int) -> list[str]:
        """The members of a story in publication order."""
        return [m["id"] for m in story_articles(self.store, story_id)]

    def put_comparison(self, story_id: int, data: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO story_comparisons VALUES (?, ?, ?)",
            (story_id, json.dumps(data, ensure_ascii=False), _now()),
        )


# -- reading (web app) ------------------------------------------------------------------------


def get_comparison(store: Store, story_id: int) -> dict[str, Any] | None:
    row = store.db.execute(
        "SELECT data FROM story_comparisons WHERE story_id = ?", (story_id,)
    ).fetchone()
    return json.loads(row[0]) if row else None


def first_column(db: sqlite3.Connection, sql: str) -> list[Any]:
    """The first value of each row a query returns."""
    return [row[0] for row in db.execute(sql)]


def story_ids(store: Store) -> list[int]:
    """Every story, oldest first."""
    return first_column(
        store.db, "SELECT id FROM stories ORDER BY first_date IS NULL, first_date, id"
    )


def count_stories(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM stories").fetchone()[0]


def list_stories(store: Store, page: int = 1, per_page: int = PER_PAGE) -> list[dict[str, Any]]:
    """Newest first: the stories of the latest days, larger ones first within a day."""
    rows = store.db.execute(
        "SELECT id, storyline_id, title, first_date, last_date, articles, outlets FROM stories "
        "ORDER BY last_date DESC, articles DESC, id LIMIT ? OFFSET ?",
        (per_page, (page - 1) * per_page),
    )
    return [dict(r) for r in rows]


def get_story(store: Store, story_id: int) -> dict[str, Any] | None:
    row = store.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    story = dict(row)
    del story["centroid"], story["norm2"]
    story["summary"] = json.loads(row["summary"])
    return story


def story_articles(store: Store, story_id: int) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in store.db.execute(
            "SELECT a.id, a.title, a.published, a.outlet, a.words, s.similarity, s.duplicate_of, "
            "s.duplicate_kind, s.duplicate_score FROM story_articles s "
            "JOIN articles a ON a.id = s.article_id WHERE s.story_id = ? "
            "ORDER BY a.published, a.id",
            (story_id,),
        )
    ]


def storyline_stories(store: Store, storyline_id: int) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in store.db.execute(
            "SELECT id, title, first_date, last_date, articles, outlets FROM stories "
            "WHERE storyline_id = ? ORDER BY first_date, id",
            (storyline_id,),
        )
    ]


def get_storyline(store: Store, storyline_id: int) -> dict[str, Any] | None:
    row = store.db.execute(
        "SELECT id, title, first_date, last_date, stories, articles FROM storylines WHERE id = ?",
        (storyline_id,),
    ).fetchone()
    return dict(row) if row else None


def story_events(store: Store, story_id: int) -> list[dict[str, Any]]:
    """Events (from the timeline layer) of the story's articles, in date order."""
    return [
        json.loads(r[0])
        for r in store.db.execute(
            "SELECT e.data FROM events e JOIN story_articles s ON s.article_id = e.article_id "
            "WHERE s.story_id = ? ORDER BY e.date LIMIT 500",
            (story_id,),
        )
    ]


def list_entities(
    store: Store, page: int = 1, per_page: int = PER_PAGE, label: str | None = None
) -> list[dict[str, Any]]:
    sql = "SELECT id, name, label, mentions FROM entities"
    args: list[Any] = []
    if label:
        sql += " WHERE label = ?"
        args.append(label)
    sql += " ORDER BY mentions DESC, name LIMIT ? OFFSET ?"
    args += [per_page, (page - 1) * per_page]
    return [dict(r) for r in store.db.execute(sql, args)]


def get_entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    row = store.db.execute("SELECT data FROM entities WHERE id = ?", (entity_id,)).fetchone()
    return json.loads(row[0]) if row else None


def entity_articles(
    store: Store, entity_id: str, page: int = 1, per_page: int = PER_PAGE
) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in store.db.execute(
            "SELECT a.id, a.title, a.published, a.outlet, count(*) AS mentions, "
            "min(m.text) AS example FROM entity_mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.entity_id = ? GROUP BY a.id ORDER BY a.published DESC LIMIT ? OFFSET ?",
            (entity_id, per_page, (page - 1) * per_page),
        )
    ]


def entity_quotes(store: Store, entity_id: str, limit: int = PER_PAGE) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in store.db.execute(
            "SELECT q.article_id, q.text, q.type, q.speaker_text, a.outlet, a.published "
            "FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_entity = ? "
            "ORDER BY a.published DESC LIMIT ?",
            (entity_id, limit),
        )
    ]


def outlets(store: Store) -> list[str]:
    return first_column(
        store.db, "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet"
    )


def fts_query(text: str) -> str:
    """The user's words as an FTS5 query of quoted terms (all must occur); no FTS syntax leaks."""
    words = [w.replace('"', "") for w in text.split()]
    return " ".join(f'"{w}"' for w in words if w)


def search_articles(
    store: Store, text: str, page: int = 1, per_page: int = PER_PAGE
) -> list[dict[str, Any]]:
    query = fts_query(text)
    if not query:
        return []
    return [
        dict(r)
        for r in store.db.execute(
            "SELECT a.id, a.title, a.published, a.outlet, s.story_id, "
            "snippet(articles_fts, 1, '\x02', '\x03', ' … ', 16) AS snippet "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "LEFT JOIN story_articles s ON s.article_id = a.id "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (query, per_page, (page - 1) * per_page),
        )
    ]


def article_story(store: Store, article_id: str) -> int | None:
    row = store.db.execute(
        "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
    ).fetchone()
    return row[0] if row else None


def _chunks(items: Sequence[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])
