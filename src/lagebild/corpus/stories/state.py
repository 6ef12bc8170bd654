"""The clustering state as rows: vectors as BLOBs, document frequencies, stories and storylines.

Sparse vectors are stored as little-endian int32 column indices followed by float32 values, so
a story's centroid or an article's vector is read back without its text. The store only keeps
these rows (``StoryRows``, implemented by ``lagebild.store.stories.StoryTables``); what they mean
is decided here.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

import numpy as np
from scipy import sparse

from ...model import Article
from .clustering import Assignment, StoryClusterer, StorylineState, StoryState
from .duplicates import Duplicate
from .vectors import N_FEATURES, TermWeights


class StoryRows(Protocol):
    """The row queries the incremental clustering needs from a store."""

    def transaction(self) -> AbstractContextManager[None]: ...
    def load_article(self, article_id: str) -> Article: ...
    def unassigned_articles(self) -> list[tuple[str, str | None]]: ...
    def article_rows(self, ids: Sequence[str]) -> dict[str, Any]: ...
    def sentence_spans(self, ids: Sequence[str]) -> dict[str, list[tuple[int, int]]]: ...
    def entity_ids(self, ids: Sequence[str]) -> dict[str, list[str]]: ...
    def article_embeddings(self, ids: Sequence[str], model: str) -> dict[str, bytes]: ...
    def put_article_embeddings(self, rows: Sequence[tuple[str, str, bytes]]) -> None: ...
    def sentence_embeddings(
        self, article_ids: Sequence[str], model: str
    ) -> dict[tuple[str, int, int], bytes]: ...
    def put_sentence_embeddings(self, rows: Sequence[tuple[str, int, int, str, bytes]]) -> None: ...
    def state_values(self) -> dict[str, Any]: ...
    def put_state_values(self, values: dict[str, Any]) -> None: ...
    def open_story_rows(self, since: str | None) -> list[tuple[Any, ...]]: ...
    def open_storyline_rows(self, since: str | None) -> list[tuple[Any, ...]]: ...
    def next_ids(self) -> tuple[int, int]: ...
    def put_assignments(self, rows: Sequence[tuple[str, int, float, bytes]]) -> None: ...
    def put_duplicates(self, rows: Iterable[tuple[str, str, str, float]]) -> None: ...
    def put_storylines(self, rows: Iterable[tuple[int, str | None, str | None, bytes]]) -> None: ...
    def put_stories(
        self, rows: Iterable[tuple[int, int | None, str | None, str | None, bytes, float]]
    ) -> None: ...
    def refresh_counts(self, story_ids: Iterable[int], storyline_ids: Iterable[int]) -> None: ...
    def put_description(self, story_id: int, title: str, summary: list[dict[str, Any]]) -> None: ...
    def title_storylines(self, storyline_ids: Iterable[int]) -> None: ...
    def member_rows(self, story_id: int, limit: int = 200) -> list[tuple[str, bytes]]: ...
    def uncompared_stories(self) -> list[int]: ...
    def story_article_ids(self, story_id: int) -> list[str]: ...
    def put_comparison(self, story_id: int, data: dict[str, Any]) -> None: ...


def encode_vector(vector: sparse.csr_matrix) -> bytes:
    row = sparse.csr_matrix(vector)
    row.sum_duplicates()
    return row.indices.astype("<i4").tobytes() + row.data.astype("<f4").tobytes()


def decode_vector(blob: bytes) -> sparse.csr_matrix:
    n = len(blob) // 8
    indices = np.frombuffer(blob, dtype="<i4", count=n)
    values = np.frombuffer(blob, dtype="<f4", count=n, offset=4 * n)
    return sparse.csr_matrix(
        (values.astype(np.float32), indices.astype(np.int32), np.array([0, n])),
        shape=(1, N_FEATURES),
    )


def load_weights(rows: StoryRows) -> TermWeights:
    values = rows.state_values()
    if "df" not in values:
        return TermWeights()
    df = np.frombuffer(zlib.decompress(values["df"]), dtype="<i4").astype(np.int32)
    return TermWeights(df, int(values["documents"]))


def save_weights(rows: StoryRows, weights: TermWeights) -> None:
    rows.put_state_values(
        {
            "df": zlib.compress(weights.df.astype("<i4").tobytes()),
            "documents": str(weights.documents),
        }
    )


def load_stories(rows: StoryRows, since: str | None) -> list[StoryState]:
    """Stories still open for new articles: last dated on or after ``since`` (all when None)."""
    states = []
    for story_id, centroid, norm2, first, last, size, storyline in rows.open_story_rows(since):
        state = StoryState(story_id, decode_vector(centroid), norm2, first, last, size, storyline)
        state.linked_unit = state.unit()
        states.append(state)
    return states


def load_storylines(rows: StoryRows, since: str | None) -> list[StorylineState]:
    return [
        StorylineState(line_id, decode_vector(centroid), first, last)
        for line_id, centroid, first, last in rows.open_storyline_rows(since)
    ]


def save_clusterer(rows: StoryRows, clusterer: StoryClusterer) -> None:
    """Write the touched storylines and stories (title and summary come later)."""
    rows.put_storylines(
        (line.id, line.first_date, line.last_date, encode_vector(line.centroid))
        for line in clusterer.storylines.values()
        if line.touched
    )
    rows.put_stories(
        (s.id, s.storyline, s.first_date, s.last_date, encode_vector(s.centroid), float(s.norm2))
        for s in clusterer.stories.values()
        if s.touched
    )


def save_assignments(rows: StoryRows, assignments: Iterable[Assignment]) -> None:
    rows.put_assignments(
        [(a.article_id, a.story, a.similarity, encode_vector(a.vector)) for a in assignments]
    )


def save_duplicates(rows: StoryRows, duplicates: Iterable[Duplicate]) -> None:
    rows.put_duplicates((d.article_id, d.duplicate_of, d.kind, d.score) for d in duplicates)


def story_members(
    rows: StoryRows, story_id: int, limit: int = 200
) -> list[tuple[str, sparse.csr_matrix]]:
    """(article id, unit vector) of a story's members, oldest first, at most ``limit`` of the
    most similar ones."""
    return [(i, decode_vector(blob)) for i, blob in rows.member_rows(story_id, limit)]
