"""Stories and storylines of a list of articles, computed from scratch in memory."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...model import Article
from .clustering import Assignment, StoryClusterer, StorySettings, day_of
from .describe import MemberText, describe_stories, lead_sentences
from .duplicates import Duplicate, find_duplicates
from .embedding import article_embeddings
from .vectors import TermWeights, article_terms, entity_columns, hash_terms, joined

# -- the pure entry point ---------------------------------------------------------------------


@dataclass
class Story:
    id: int
    storyline: int
    title: str
    summary: list[dict[str, Any]]
    article_ids: list[str]
    first_date: str | None
    last_date: str | None
    outlets: list[str]


@dataclass
class Clustering:
    stories: list[Story]
    storylines: dict[int, list[int]]  # storyline id -> its story ids in date order
    duplicates: list[Duplicate]

    def story_of(self, article_id: str) -> Story:
        return next(s for s in self.stories if article_id in s.article_ids)


def entity_ids(article: Article) -> list[str]:
    return sorted({m.entity for m in article.entities if m.entity})


def cluster_articles(
    articles: Sequence[Article], settings: StorySettings | None = None
) -> Clustering:
    """Stories and storylines of a list of articles, computed from scratch in memory."""
    settings = settings or StorySettings()
    if not articles:
        return Clustering([], {}, [])
    counts = hash_terms([article_terms(a.title, a.text, entity_ids(a)) for a in articles])
    weights = TermWeights()
    weights.add(counts)
    meanings = article_embeddings([a.title for a in articles], [a.text for a in articles])
    vectors = joined(weights.weigh(counts), meanings, settings.term_weight)
    clusterer = StoryClusterer(settings)
    assignments = clusterer.add(
        [a.id for a in articles],
        [day_of(a.published) for a in articles],
        vectors,
        entity_columns(e for a in articles for e in entity_ids(a)),
    )
    clusterer.link_storylines()
    by_id = {a.id: a for a in articles}
    members: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        members[assignment.story].append(assignment)
    duplicates: list[Duplicate] = []
    texts = []
    for assigned in members.values():
        pairs = [(a.article_id, a.vector) for a in assigned]
        duplicates += find_duplicates(
            pairs, pairs, lambda i: by_id[i].text, lambda i: by_id[i].outlet, settings
        )
        texts.append(
            [
                MemberText(
                    a.article_id,
                    by_id[a.article_id].title,
                    by_id[a.article_id].outlet,
                    lead_sentences(by_id[a.article_id]),
                    a.vector,
                )
                for a in assigned
            ]
        )
    stories = []
    descriptions = describe_stories(texts, weights, settings)
    for (story_id, assigned), (title, summary) in zip(members.items(), descriptions, strict=True):
        state = clusterer.stories[story_id]
        outlets = {by_id[a.article_id].outlet for a in assigned} - {None}
        stories.append(
            Story(
                story_id,
                state.storyline or 0,
                title,
                summary,
                [a.article_id for a in assigned],
                state.first_date,
                state.last_date,
                sorted(o for o in outlets if o),
            )
        )
    stories.sort(key=lambda s: (s.first_date or "", s.id))
    storylines: dict[int, list[int]] = defaultdict(list)
    for story in stories:
        storylines[story.storyline].append(story.id)
    return Clustering(stories, dict(storylines), duplicates)
