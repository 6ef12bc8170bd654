"""A story as the outputs show it (the JSON contract's ``stories`` entries): one builder for the
in-memory run and for a run into a store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...model import field_dict


@dataclass(frozen=True)
class StoryRecord:
    id: int
    storyline: int | None
    title: str | None
    summary: list[dict[str, Any]]
    articles: list[str]
    first_date: str | None
    last_date: str | None
    outlets: list[str]
    events: list[dict[str, Any]]
    comparison: dict[str, Any] | None
    duplicates: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return field_dict(self)


def story_record(
    story_id: int,
    storyline: int | None,
    title: str | None,
    summary: list[dict[str, Any]],
    members: Sequence[tuple[str, str | None]],
    dates: tuple[str | None, str | None],
    events: Sequence[dict[str, Any]],
    comparison: dict[str, Any] | None,
    duplicates: Sequence[tuple[str, str, str]],
) -> StoryRecord:
    """``members`` are (article id, outlet) in the order to show, ``duplicates`` (article, the
    member it copies, kind); of ``events`` those of the members are kept."""
    ids = [article_id for article_id, _ in members]
    mine = set(ids)
    return StoryRecord(
        id=story_id,
        storyline=storyline,
        title=title,
        summary=summary,
        articles=ids,
        first_date=dates[0],
        last_date=dates[1],
        outlets=sorted({outlet for _, outlet in members if outlet}),
        events=[e for e in events if e.get("article") in mine],
        comparison=comparison,
        duplicates=[{"article": a, "of": of, "kind": kind} for a, of, kind in duplicates],
    )
