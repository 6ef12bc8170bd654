"""Row queries over the base tables (migration 0001) for the command line: rows in, rows out,
no analysis. The story and web-app queries are in ``stories.py`` next to this module."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from . import Store


def quotes_in_order(store: Store) -> Iterator[sqlite3.Row]:
    """Every stored quote with its article's outlet, date and source, by date, article and
    position."""
    yield from store.db.execute(
        "SELECT q.*, a.outlet, a.published, a.source FROM quotes q "
        "JOIN articles a ON a.id = q.article_id ORDER BY a.published, q.article_id, q.idx"
    )


def entity_names(store: Store) -> dict[str, str]:
    """Entity id -> canonical name."""
    return {r[0]: r[1] for r in store.db.execute("SELECT id, name FROM entities")}
