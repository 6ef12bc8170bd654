"""Row queries over the base tables (migration 0001) shared by the command line and the web app:
rows in, rows out, no analysis. The story queries are in ``stories.py`` next to this module."""

from __future__ import annotations

from typing import Any

from . import Store


def _contains(haystack: str | None, needle: str) -> bool:
    return haystack is not None and needle.casefold() in haystack.casefold()


def search_quotes(
    store: Store,
    speaker: str | None = None,
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    page: int = 1,
    per_page: int = 50,
    newest_first: bool = True,
) -> list[dict[str, Any]]:
    """Quotes filtered by speaker, outlet and publication date range; the one query behind
    the web app's quote explorer and ``lagebild quotes``, so both give the same answer.

    ``speaker`` matches, ignoring case, a part of the speaker's words in the text ("er", "die
    Ministerin") or of the name of the entity they were resolved to, or the entity id.
    ``speaker_name`` in each row is that entity's name.
    """
    where, args = [], []
    if speaker:
        # SQLite's LIKE folds ASCII case only ("Ö" ≠ "ö") and treats % and _ as wildcards
        store.db.create_function("lagebild_contains", 2, _contains, deterministic=True)
        where.append(
            "(lagebild_contains(q.speaker_text, ?) OR lagebild_contains(e.name, ?) "
            "OR q.speaker_entity = ?)"
        )
        args += [speaker, speaker, speaker]
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
        "q.speaker_entity, e.name AS speaker_name, q.data, a.outlet, a.published, a.title "
        "FROM quotes q JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN entities e ON e.id = q.speaker_entity"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    order = "DESC" if newest_first else "ASC"
    sql += f" ORDER BY a.published {order}, q.article_id, q.idx LIMIT ? OFFSET ?"
    args += [per_page, (page - 1) * per_page]
    return [dict(r) for r in store.db.execute(sql, args)]
