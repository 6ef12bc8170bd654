"""Our own short German articles with gold story and storyline labels (tests and bench)."""

from __future__ import annotations

import json
from pathlib import Path

from lagebild.model import Article

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "stories" / "articles.jsonl"


def labelled_articles() -> list[tuple[Article, str, str]]:
    """(article, gold story, gold storyline) for every article of the fixture."""
    found = []
    for line in FIXTURE.read_text("utf-8").splitlines():
        row = json.loads(line)
        if "id" not in row:  # the file's description record
            continue
        article = Article(
            id=row["id"],
            source=f"{row['id']}.txt",
            text=row["text"],
            title=row["title"],
            published=row["published"],
            outlet=row["outlet"],
        )
        found.append((article, row["story"], row["storyline"]))
    return found
