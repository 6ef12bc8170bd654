"""The comparison of stored stories, computed when the corpus steps run and kept in the store,
so that the web app and the report only render it."""

from __future__ import annotations

from collections.abc import Sequence

from ..stories.state import StoryRows
from .comparison import compare_story

MAX_COMPARED_ARTICLES = 40


def compare_stored_stories(
    rows: StoryRows, story_ids: Sequence[int], max_articles: int = MAX_COMPARED_ARTICLES
) -> int:
    """Compute and keep the outlet comparison of each of these stories that has two or more
    articles (the first ``max_articles`` of a larger one); the number compared."""
    done = 0
    for story_id in story_ids:
        members = rows.story_article_ids(story_id)
        if len(members) < 2:
            continue
        articles = [rows.load_article(i) for i in members[:max_articles]]
        with rows.transaction():
            rows.put_comparison(story_id, compare_story(articles).to_dict())
        done += 1
    return done
