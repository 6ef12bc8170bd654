"""Our own short German articles with gold story and storyline labels (tests and bench)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lagebild.model import Article

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "stories" / "articles.jsonl"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


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


def seed_articles() -> list[Article]:
    """The five seed articles of ../shared, dated from their header or dateline as ingest does
    (one has no date)."""
    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text("utf-8").strip()
        header = re.match(r"date (\d{4}-\d\d-\d\d) ", text)
        if header:
            text = text[header.end() :]
        dateline = re.search(r"^(\d{1,2}) Feb\. (\d{4})", text, re.M)
        published = (
            header.group(1)
            if header
            else (f"{dateline.group(2)}-02-{int(dateline.group(1)):02d}" if dateline else None)
        )
        articles.append(
            Article(
                id=path.stem[:3],
                source=str(path),
                text=text,
                published=published,
                outlet=path.stem[:3],
            )
        )
    return articles
