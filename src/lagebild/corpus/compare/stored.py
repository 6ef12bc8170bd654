"""The comparison of stored stories, computed when the corpus steps run and kept in the store,
so that the web app and the report only render it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np

from ...model import Article
from ..stories.embedding import MODEL, decode_embedding, embed, encode_embedding
from ..stories.state import StoryRows
from .comparison import compare_story
from .facts import embed_units
from .units import Unit

MAX_COMPARED_ARTICLES = 40
# The kept sentence vectors are those of facts.embed_units (numbers neutralised), as in a
# comparison computed in memory; vectors kept under the bare model name were of the raw text.
SENTENCE_MODEL = f"{MODEL}+neutral-numbers"


def _kept_sentence_vectors(
    rows: StoryRows, articles: Sequence[Article], units: Sequence[Unit]
) -> np.ndarray:
    """The encoder vectors of these sentences: kept ones read back, the others computed and
    kept (a story that grows is compared again without embedding its old sentences again)."""
    keys = [(articles[u.article].id, u.start, u.end) for u in units]
    kept = rows.sentence_embeddings(sorted({k[0] for k in keys}), SENTENCE_MODEL)
    missing = [(k, u) for k, u in zip(keys, units, strict=True) if k not in kept]
    if missing:
        fresh = embed_units(articles, [u for _, u in missing])
        new = {k: encode_embedding(v) for (k, _), v in zip(missing, fresh, strict=True)}
        with rows.transaction():
            rows.put_sentence_embeddings([(*k, SENTENCE_MODEL, blob) for k, blob in new.items()])
        kept.update(new)
    if not keys:
        return embed([])
    return np.stack([decode_embedding(kept[k]) for k in keys])


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
        comparison = compare_story(articles, partial(_kept_sentence_vectors, rows))
        with rows.transaction():
            rows.put_comparison(story_id, comparison.to_dict())
        done += 1
    return done
