"""Incremental clustering over a store: only articles in no story yet are placed, against the
stories of their date window, which are read back with their centroids."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .clustering import Assignment, StoryClusterer, StorySettings, day_of, shift
from .describe import MemberText, describe_stories, split_sentences
from .duplicates import Duplicate, find_duplicates
from .embedding import MODEL, article_embeddings, decode_embedding, encode_embedding
from .state import (
    StoryRows,
    load_stories,
    load_storylines,
    load_weights,
    save_assignments,
    save_clusterer,
    save_duplicates,
    save_weights,
    story_members,
)
from .vectors import TermWeights, article_terms, entity_columns, hash_terms, joined


@dataclass
class StoryUpdate:
    """What one incremental run changed."""

    articles: int = 0
    stories_new: int = 0
    stories_changed: int = 0
    storylines_new: int = 0
    duplicates: int = 0
    changed: list[int] = field(default_factory=list)  # ids of the new and changed stories


def update_stories(
    rows: StoryRows, settings: StorySettings | None = None, *, batch_size: int = 5000
) -> StoryUpdate:
    """Cluster the stored articles that are in no story yet into the existing stories (or new
    ones), in publication order; only stories within the date window are read back."""
    settings = settings or StorySettings()
    pending = rows.unassigned_articles()
    update = StoryUpdate(articles=len(pending))
    if not pending:
        return update
    dated = [d for _, p in pending if (d := day_of(p))]
    first_day = min(dated) if dated else None
    story_since = shift(first_day, -settings.story_window_days) if first_day else None
    line_since = shift(first_day, -settings.storyline_window_days) if first_day else None
    next_story, next_line = rows.next_ids()
    clusterer = StoryClusterer(
        settings,
        load_stories(rows, story_since),
        load_storylines(rows, line_since),
        next_story,
        next_line,
    )
    weights = load_weights(rows)
    changed: set[int] = set()
    lines: set[int] = set()
    for start in range(0, len(pending), batch_size):
        ids = [article_id for article_id, _ in pending[start : start + batch_size]]
        articles = rows.article_rows(ids)
        entities = rows.entity_ids(ids)
        counts = hash_terms(
            [
                article_terms(articles[i]["title"], articles[i]["text"], entities.get(i, ()))
                for i in ids
            ]
        )
        weights.add(counts)
        vectors = joined(
            weights.weigh(counts), _meanings(rows, ids, articles), settings.term_weight
        )
        names = entity_columns(e for i in ids for e in entities.get(i, ()))
        assignments = clusterer.add(
            ids, [day_of(articles[i]["published"]) for i in ids], vectors, names
        )
        clusterer.link_storylines()
        with rows.transaction():
            save_clusterer(rows, clusterer)
            save_assignments(rows, assignments)
            rows.refresh_counts(
                [s.id for s in clusterer.stories.values() if s.touched],
                [line.id for line in clusterer.storylines.values() if line.touched],
            )
            update.duplicates += _mark_duplicates(rows, assignments, articles, settings)
            save_weights(rows, weights)
        changed.update(s.id for s in clusterer.stories.values() if s.touched)
        lines.update(line.id for line in clusterer.storylines.values() if line.touched)
        _forget_closed(clusterer, ids, articles)
    with rows.transaction():
        _describe(rows, sorted(changed), weights, settings)
        rows.title_storylines(lines)
    update.stories_new = sum(1 for story in changed if story >= next_story)
    update.stories_changed = len(changed) - update.stories_new
    update.storylines_new = sum(1 for line in lines if line >= next_line)
    update.changed = sorted(changed)
    return update


def _meanings(rows: StoryRows, ids: Sequence[str], articles: dict[str, Any]) -> np.ndarray:
    """The encoder vectors of these articles: kept ones read back, missing ones computed and
    kept."""
    kept = rows.article_embeddings(ids, MODEL)
    missing = [i for i in ids if i not in kept]
    if missing:
        fresh = article_embeddings(
            [articles[i]["title"] for i in missing], [articles[i]["text"] for i in missing]
        )
        with rows.transaction():
            rows.put_article_embeddings(
                [(i, MODEL, encode_embedding(v)) for i, v in zip(missing, fresh, strict=True)]
            )
        kept.update({i: encode_embedding(v) for i, v in zip(missing, fresh, strict=True)})
    return np.stack([decode_embedding(kept[i]) for i in ids])


def _forget_closed(clusterer: StoryClusterer, ids: Sequence[str], rows: dict[str, Any]) -> None:
    """Drop stories no later article can reach and clear the touched marks after saving."""
    days = [d for i in ids if (d := day_of(rows[i]["published"]))]
    horizon = shift(max(days), -clusterer.settings.story_window_days) if days else None
    for story_id in list(clusterer.stories):
        story = clusterer.stories[story_id]
        story.touched = False
        if horizon and story.last_date and story.last_date < horizon:
            del clusterer.stories[story_id]
    for line in clusterer.storylines.values():
        line.touched = False
        line.stories.clear()


def _mark_duplicates(
    rows: StoryRows,
    assignments: Sequence[Assignment],
    articles: dict[str, Any],
    settings: StorySettings,
) -> int:
    texts: dict[str, tuple[str, str | None]] = {
        i: (r["text"], r["outlet"]) for i, r in articles.items()
    }

    def fetch(article_id: str) -> tuple[str, str | None]:
        if article_id not in texts:
            row = rows.article_rows([article_id])[article_id]
            texts[article_id] = (row["text"], row["outlet"])
        return texts[article_id]

    by_story: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_story[a.story].append(a)
    duplicates: list[Duplicate] = []
    for story_id, new in by_story.items():
        members = story_members(rows, story_id)
        if len(members) < 2:
            continue
        duplicates += find_duplicates(
            [(a.article_id, a.vector) for a in new],
            members,
            lambda i: fetch(i)[0],
            lambda i: fetch(i)[1],
            settings,
        )
    save_duplicates(rows, duplicates)
    return len(duplicates)


def _describe(
    rows: StoryRows, story_ids: Sequence[int], weights: TermWeights, settings: StorySettings
) -> None:
    """Title and summary of each story from its (at most 20) most central members."""
    for start in range(0, len(story_ids), 500):
        chunk = story_ids[start : start + 500]
        members = {i: story_members(rows, i, limit=20) for i in chunk}
        ids = [article_id for found in members.values() for article_id, _ in found]
        articles = rows.article_rows(ids)
        spans = rows.sentence_spans(ids)
        stories = []
        for story_id in chunk:
            texts = []
            for article_id, vector in members[story_id]:
                text = articles[article_id]["text"]
                sentences = [text[s:e] for s, e in spans.get(article_id, [])]
                lead = [s for s in sentences or split_sentences(text) if len(s.split()) >= 5]
                texts.append(
                    MemberText(
                        article_id,
                        articles[article_id]["title"],
                        articles[article_id]["outlet"],
                        lead[:4],
                        vector,
                    )
                )
            stories.append(texts)
        for story_id, (title, summary) in zip(
            chunk, describe_stories(stories, weights, settings), strict=True
        ):
            rows.put_description(story_id, title, summary)
