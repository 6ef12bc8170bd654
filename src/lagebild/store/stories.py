"""Queries over the stories tables (migration 0002) and the read-only queries of the web app.

Sparse vectors are stored as BLOBs: little-endian int32 column indices followed by float32
values, so a story's centroid or an article's vector is read back without its text.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
from scipy import sparse

from ..corpus.stories import (
    N_FEATURES,
    Assignment,
    Duplicate,
    StoryClusterer,
    StorylineState,
    StoryState,
    TermWeights,
)
from . import Store

PER_PAGE = 50


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def encode_vector(vector: sparse.csr_matrix) -> bytes:
    row = sparse.csr_matrix(vector)
    row.sum_duplicates()
    return row.indices.astype("<i4").tobytes() + row.data.astype("<f4").tobytes()


def decode_vector(blob: bytes) -> sparse.csr_matrix:
    n = len(blob) // 8
    indices = np.frombuffer(blob, dtype="<i4", count=n)
    values = np.frombuffer(blob, dtype="<f4", count=n, offset=4 * n)
    return sparse.csr_matrix(
        (values.astype(np.float32), indices.astype(np.int32), np.array([0, n])),
        shape=(1, N_FEATURES),
    )


# -- clustering state -------------------------------------------------------------------------


def load_weights(store: Store) -> TermWeights:
    rows = dict(store.db.execute("SELECT key, value FROM story_state").fetchall())
    if "df" not in rows:
        return TermWeights()
    df = np.frombuffer(zlib.decompress(rows["df"]), dtype="<i4").astype(np.int32)
    return TermWeights(df, int(rows["documents"]))


def save_weights(store: Store, weights: TermWeights) -> None:
    store.db.executemany(
        "INSERT OR REPLACE INTO story_state VALUES (?, ?)",
        [
            ("df", zlib.compress(weights.df.astype("<i4").tobytes())),
            ("documents", str(weights.documents)),
        ],
    )


def unassigned_articles(store: Store) -> list[tuple[str, str | None]]:
    """(id, published) of stored articles in no story yet, in publication order."""
    return [
        (r[0], r[1])
        for r in store.db.execute(
            "SELECT a.id, a.published FROM articles a LEFT JOIN story_articles s "
            "ON s.article_id = a.id WHERE s.article_id IS NULL ORDER BY a.published, a.id"
        )
    ]


def article_rows(store: Store, ids: Sequence[str]) -> dict[str, Any]:
    """id -> row (id, title, text, published, outlet) for many ids."""
    found: dict[str, Any] = {}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for row in store.db.execute(
            f"SELECT id, title, text, published, outlet FROM articles WHERE id IN ({marks})", chunk
        ):
            found[row["id"]] = row
    return found


def sentence_spans_of(store: Store, ids: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
    """id -> (start, end) of its sentences (the linguistic layer), for many articles."""
    found: dict[str, list[tuple[int, int]]] = {}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for article_id, start, end in store.db.execute(
            f"SELECT article_id, start, end FROM sentences WHERE article_id IN ({marks}) "
            "ORDER BY article_id, idx",
            chunk,
        ):
            found.setdefault(article_id, []).append((start, end))
    return found


def article_entity_ids(store: Store, ids: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, set[str]] = {}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for article_id, entity_id in store.db.execute(
            f"SELECT article_id, entity_id FROM entity_mentions WHERE entity_id IS NOT NULL "
            f"AND article_id IN ({marks})",
            chunk,
        ):
            found.setdefault(article_id, set()).add(entity_id)
    return {k: sorted(v) for k, v in found.items()}


def load_stories(store: Store, since: str | None) -> list[StoryState]:
    """Stories still open for new articles: last dated on or after ``since`` (all when None)."""
    sql = "SELECT id, centroid, norm2, first_date, last_date, articles, storyline_id FROM stories"
    args: tuple[Any, ...] = ()
    if since is not None:
        sql += " WHERE last_date >= ? OR last_date IS NULL"
        args = (since,)
    states = []
    for row in store.db.execute(sql, args):
        state = StoryState(row[0], decode_vector(row[1]), row[2], row[3], row[4], row[5], row[6])
        state.linked_unit = state.unit()
        states.append(state)
    return states


def load_storylines(store: Store, since: str | None) -> list[StorylineState]:
    sql = "SELECT id, centroid, first_date, last_date FROM storylines"
    args: tuple[Any, ...] = ()
    if since is not None:
        sql += " WHERE last_date >= ? OR last_date IS NULL"
        args = (since,)
    return [
        StorylineState(r[0], decode_vector(r[1]), r[2], r[3]) for r in store.db.execute(sql, args)
    ]


def next_ids(store: Store) -> tuple[int, int]:
    story = store.db.execute("SELECT coalesce(max(id), 0) + 1 FROM stories").fetchone()[0]
    line = store.db.execute("SELECT coalesce(max(id), 0) + 1 FROM storylines").fetchone()[0]
    return story, line


def save_assignments(store: Store, assignments: Iterable[Assignment]) -> None:
    rows = [(a.article_id, a.story, a.similarity, encode_vector(a.vector)) for a in assignments]
    store.db.executemany(
        "INSERT INTO story_articles (article_id, story_id, similarity) VALUES (?, ?, ?)",
        [r[:3] for r in rows],
    )
    store.db.executemany(
        "INSERT OR REPLACE INTO article_vectors VALUES (?, ?)", [(r[0], r[3]) for r in rows]
    )


def save_duplicates(store: Store, duplicates: Iterable[Duplicate]) -> None:
    store.db.executemany(
        "UPDATE story_articles SET duplicate_of = ?, duplicate_kind = ?, duplicate_score = ? "
        "WHERE article_id = ?",
        [(d.duplicate_of, d.kind, d.score, d.article_id) for d in duplicates],
    )


def save_clusterer(store: Store, clusterer: StoryClusterer) -> None:
    """Write the touched storylines and stories (title and summary are set by save_description)."""
    lines = [line for line in clusterer.storylines.values() if line.touched]
    store.db.executemany(
        "INSERT INTO storylines (id, title, first_date, last_date, centroid) VALUES (?,?,?,?,?) "
        "ON CONFLICT(id) DO UPDATE SET first_date = excluded.first_date, "
        "last_date = excluded.last_date, centroid = excluded.centroid",
        [
            (line.id, "", line.first_date, line.last_date, encode_vector(line.centroid))
            for line in lines
        ],
    )
    stories = [s for s in clusterer.stories.values() if s.touched]
    store.db.executemany(
        "INSERT INTO stories (id, storyline_id, title, first_date, last_date, centroid, norm2, "
        "updated_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
        "storyline_id = excluded.storyline_id, first_date = excluded.first_date, "
        "last_date = excluded.last_date, centroid = excluded.centroid, norm2 = excluded.norm2, "
        "updated_at = excluded.updated_at",
        [
            (
                s.id,
                s.storyline,
                "",
                s.first_date,
                s.last_date,
                encode_vector(s.centroid),
                float(s.norm2),
                _now(),
            )
            for s in stories
        ],
    )


def refresh_counts(store: Store, story_ids: Iterable[int], storyline_ids: Iterable[int]) -> None:
    """Recount members after assignments were saved; drop the comparisons they made stale."""
    ids = [(i,) for i in story_ids]
    store.db.executemany(
        "UPDATE stories SET articles = (SELECT count(*) FROM story_articles WHERE story_id = ?1), "
        "outlets = (SELECT count(DISTINCT coalesce(a.outlet, a.source)) FROM story_articles s "
        "JOIN articles a "
        "ON a.id = s.article_id WHERE s.story_id = ?1) WHERE id = ?1",
        ids,
    )
    store.db.executemany("DELETE FROM story_comparisons WHERE story_id = ?", ids)
    store.db.executemany(
        "UPDATE storylines SET stories = (SELECT count(*) FROM stories WHERE storyline_id = ?1), "
        "articles = (SELECT coalesce(sum(articles), 0) FROM stories WHERE storyline_id = ?1) "
        "WHERE id = ?1",
        [(i,) for i in storyline_ids],
    )


def save_description(
    store: Store, story_id: int, title: str, summary: list[dict[str, Any]]
) -> None:
    store.db.execute(
        "UPDATE stories SET title = ?, summary = ? WHERE id = ?",
        (title, json.dumps(summary, ensure_ascii=False), story_id),
    )


def title_storylines(store: Store, storyline_ids: Iterable[int]) -> None:
    """A storyline is titled by its largest story (the earliest among equals)."""
    store.db.executemany(
        "UPDATE storylines SET title = (SELECT title FROM stories WHERE storyline_id = ?1 "
        "ORDER BY articles DESC, first_date LIMIT 1) WHERE id = ?1",
        [(i,) for i in storyline_ids],
    )


def story_members(
    store: Store, story_id: int, limit: int = 200
) -> list[tuple[str, sparse.csr_matrix]]:
    """(article id, unit vector) of a story's members, oldest first, at most ``limit`` of the
    most similar ones."""
    rows = store.db.execute(
        "SELECT s.article_id, v.vector, coalesce(a.published, '') FROM story_articles s "
        "JOIN article_vectors v ON v.article_id = s.article_id "
        "JOIN articles a ON a.id = s.article_id "
        "WHERE s.story_id = ? ORDER BY s.similarity DESC LIMIT ?",
        (story_id, limit),
    ).fetchall()
    rows.sort(key=lambda r: (r[2], r[0]))
    return [(r[0], decode_vector(r[1])) for r in rows]


def put_comparison(store: Store, story_id: int, data: dict[str, Any]) -> None:
    store.db.execute(
        "INSERT OR REPLACE INTO story_comparisons VALUES (?, ?, ?)",
        (story_id, json.dumps(data, ensure_ascii=False), _now()),
    )


# -- reading (web app) ------------------------------------------------------------------------


def get_comparison(store: Store, story_id: int) -> dict[str, Any] | None:
    row = store.db.execute(
        "SELECT data FROM story_comparisons WHERE story_id = ?", (story_id,)
    ).fetchone()
    return json.loads(row[0]) if row else None


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


def search_quotes(
    store: Store,
    speaker: str | None = None,
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> list[dict[str, Any]]:
    """Quotes filtered by speaker (substring of the speaker text or its entity id), outlet and
    publication date range, newest first."""
    where, args = [], []
    if speaker:
        where.append("(q.speaker_text LIKE ? OR q.speaker_entity = ?)")
        args += [f"%{speaker}%", speaker]
    if outlet:
        where.append("a.outlet = ?")
        args.append(outlet)
    if date_from:
        where.append("a.published >= ?")
        args.append(date_from)
    if date_to:
        where.append("a.published < ?")
        args.append(date_to + "~")  # '~' sorts after any time suffix of that day
    sql = (
        "SELECT q.article_id, q.idx, q.text, q.type, q.speaker_text, q.speaker_kind, "
        "q.speaker_entity, a.outlet, a.published, a.title FROM quotes q "
        "JOIN articles a ON a.id = q.article_id"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY a.published DESC, q.article_id, q.idx LIMIT ? OFFSET ?"
    args += [per_page, (page - 1) * per_page]
    return [dict(r) for r in store.db.execute(sql, args)]


def outlets(store: Store) -> list[str]:
    return [
        r[0]
        for r in store.db.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet"
        )
    ]


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
