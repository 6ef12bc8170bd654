"""A small store for the web tests: our fixture articles, one hostile article, quotes, entities."""

from __future__ import annotations

from pathlib import Path

from lagebild.corpus.compare import compare_stored_stories
from lagebild.corpus.stories import update_stories
from lagebild.model import Entity, EntityMention, Quote, SpeakerMention
from lagebild.store import Store
from lagebild.store.stories import StoryTables
from story_articles import labelled_articles

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def build_store(path: Path) -> Path:
    articles = [a for a, _, _ in labelled_articles()]
    for article in articles:
        for name, entity in (("Anke Brandt", "anke-brandt"), ("Waldheim", "waldheim")):
            start = article.text.find(name)
            if start >= 0:
                label = "PER" if entity == "anke-brandt" else "LOC"
                article.entities = [
                    *article.entities,
                    EntityMention(start, start + len(name), name, label, entity),
                ]
    quoted = next(a for a in articles if a.id == "bruecke-gesperrt-Tagblatt")
    words = "„Die Sicherheit der Menschen geht vor“"
    start, speaker = quoted.text.index(words), quoted.text.index("Anke Brandt")
    quoted.quotes = [
        Quote(
            start,
            start + len(words),
            words,
            "direct",
            SpeakerMention(speaker, speaker + 11, "Anke Brandt", "anke-brandt", "named"),
        )
    ]
    hostile = next(a for a in articles if a.id == "pokal-Kurier")
    hostile.title = f"Pokal {HOSTILE}"
    hostile.text = hostile.text + f"\nLeserkommentar: {HOSTILE}"
    with Store(path) as store:
        for article in articles:
            store.add_article(article)
        store.replace_entities(
            [
                Entity(
                    "anke-brandt", "Anke Brandt", "PER", ["Anke Brandt"], 3, affiliation="Waldheim"
                ),
                Entity("waldheim", "Waldheim", "LOC", ["Waldheim"], 9),
            ]
        )
        store.replace_events(
            [
                {
                    "article": "bruecke-gesperrt-Tagblatt",
                    "date": "2026-03-02",
                    "outlet": "Tagblatt",
                    "text": "Die Elsterbrücke wird gesperrt",
                },
                {
                    "article": "bruecke-gesperrt-Kurier",
                    "date": "2026-03-01",
                    "outlet": "Kurier",
                    "text": f"Die Elsterbrücke wird gesperrt {HOSTILE}",
                },
            ]
        )
        tables = StoryTables(store)
        update_stories(tables)
        compare_stored_stories(tables, tables.uncompared_stories())
    return path
