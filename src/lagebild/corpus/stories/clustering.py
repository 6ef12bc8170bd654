"""Online centroid clustering of article vectors into stories, and of stories into storylines."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from scipy import sparse

from .vectors import (
    N_FEATURES,
    binary,
    cross,
    meaning_part,
    row_sum,
    term_ids,
    term_part,
)


@dataclass(frozen=True)
class StorySettings:
    """Thresholds tuned on the synthetic train stories (bench/stories.py --tune); the story
    rule (threshold, shared terms, encoder waiver) also on the tune part of the story-pair gold
    (bench/compare.py), keeping the settings that are good on both."""

    story_threshold: float = 0.30  # on the mixed cosine (see term_weight)
    story_window_days: int = 3
    min_shared_terms: int = 3  # distinct terms an article must share with its story
    storyline_min_shared_terms: int = 8  # and a story with its storyline
    storyline_threshold: float = 0.22
    storyline_window_days: int = 400
    duplicate_cosine: float = 0.8  # vectors this close are checked for copied text
    duplicate_containment: float = 0.8  # share of the shorter text's 5-grams found in the other
    summary_sentences: int = 3
    # An article's vector is its unit TF-IDF vector times term_weight beside its unit encoder
    # vector times sqrt(1 - term_weight**2): cosines mix as w² · terms + (1 - w²) · meaning.
    term_weight: float = 0.7
    # an article that shares fewer terms joins when the encoder alone is this sure
    meaning_alone: float = 0.5


# -- clustering -------------------------------------------------------------------------------


@dataclass
class StoryState:
    """A story as the clusterer sees it: the sum of its members' unit vectors and its dates."""

    id: int
    centroid: sparse.csr_matrix  # 1 x N_FEATURES
    norm2: float
    first_date: str | None
    last_date: str | None
    size: int
    storyline: int | None = None
    touched: bool = False
    linked_unit: sparse.csr_matrix | None = None  # its unit() as its storyline holds it
    # what was derived from the centroid, with the centroid it was derived from
    derived: dict[str, tuple[sparse.csr_matrix, object]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def unit(self) -> sparse.csr_matrix:
        """The term part of its centroid at unit length: storylines are linked by shared terms
        only, as the encoder's meaning would join any two stories of one broad topic."""
        return self._derived("unit", self._unit)

    def meaning_norm2(self) -> float:
        """The squared length of its centroid's encoder part."""
        return self._derived("meaning_norm2", lambda: _squared(meaning_part(self.centroid)))

    def _unit(self) -> sparse.csr_matrix:
        terms = term_part(self.centroid)
        norm = math.sqrt(float(terms.multiply(terms).sum()))
        return terms / norm if norm > 0 else terms

    def _derived(self, name: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept until the centroid is replaced (it is never changed in place)."""
        kept = self.derived.get(name)
        if kept is None or kept[0] is not self.centroid:
            kept = self.derived[name] = (self.centroid, compute())
        return kept[1]


@dataclass
class StorylineState:
    id: int
    centroid: sparse.csr_matrix  # sum of its stories' unit centroids
    first_date: str | None
    last_date: str | None
    stories: set[int] = field(default_factory=set)
    touched: bool = False


@dataclass
class Assignment:
    article_id: str
    story: int
    similarity: float
    vector: sparse.csr_matrix


def day_of(published: str | None) -> str | None:
    return published[:10] if published and re.match(r"\d{4}-\d\d-\d\d", published) else None


def shift(day: str, days: int) -> str:
    start = date.fromisoformat(day)
    try:
        return (start + timedelta(days=days)).isoformat()
    except OverflowError:  # a placeholder date such as 0001-01-01
        return (date.min if days < 0 else date.max).isoformat()


def _squared(m: sparse.csr_matrix) -> float:
    return float(m.multiply(m).sum())


class StoryClusterer:
    """Online centroid clustering in date order; the stories it knows are its whole state."""

    def __init__(
        self,
        settings: StorySettings,
        stories: Iterable[StoryState] = (),
        storylines: Iterable[StorylineState] = (),
        next_story: int = 1,
        next_storyline: int = 1,
    ):
        self.settings = settings
        self.stories = {s.id: s for s in stories}
        self.storylines = {s.id: s for s in storylines}
        self.next_story = max([next_story, *(s + 1 for s in self.stories)])
        self.next_storyline = max([next_storyline, *(s + 1 for s in self.storylines)])

    def add(
        self,
        article_ids: Sequence[str],
        days: Sequence[str | None],
        vectors: sparse.csr_matrix,
        entity_columns: AbstractSet[int] = frozenset(),
    ) -> list[Assignment]:
        """Assign unit-vector rows to stories; the rows need not be in date order.
        ``entity_columns`` are the columns of resolved entities (vectors.entity_columns), which
        do not count as shared words."""
        by_day: dict[str | None, list[int]] = defaultdict(list)
        for row, day in enumerate(days):
            by_day[day].append(row)
        # Undated articles come last and may join any story the clusterer holds.
        ordered = sorted(d for d in by_day if d is not None) + ([None] if None in by_day else [])
        assignments: list[Assignment] = []
        for day in ordered:
            rows = by_day[day]
            assignments += self._add_day(
                day, [article_ids[r] for r in rows], vectors[rows], entity_columns
            )
        return assignments

    def _candidates(self, day: str | None) -> list[StoryState]:
        if day is None:
            return list(self.stories.values())
        window = self.settings.story_window_days
        low, high = shift(day, -window), shift(day, window)
        return [
            s
            for s in self.stories.values()
            if s.last_date is None or (s.last_date >= low and (s.first_date or day) <= high)
        ]

    def _add_day(
        self,
        day: str | None,
        ids: list[str],
        x: sparse.csr_matrix,
        entity_columns: AbstractSet[int],
    ) -> list[Assignment]:
        candidates = self._candidates(day)
        k, m = len(candidates), x.shape[0]
        meaning = meaning_part(x)
        if k:
            known = sparse.vstack([s.centroid for s in candidates])
            dots_known = cross(x, known)
            meaning_known = cross(meaning, meaning_part(known))
        else:
            dots_known = meaning_known = np.zeros((m, 0), dtype=np.float32)
        pair = cross(x, x)
        meaning_pair = cross(meaning, meaning)
        columns: list[StoryState | None] = list(candidates)  # None: a story opened today
        norm2 = [s.norm2 for s in candidates]
        meaning_norm2 = [s.meaning_norm2() for s in candidates]
        vocabulary: list[set[int] | None] = [None] * k  # terms of a column, read when needed
        column_of_row = np.full(m, -1)
        similarity = np.zeros(m)
        for i in range(m):
            dots = np.zeros(len(columns))
            dots[:k] = dots_known[i]
            np.add.at(dots, column_of_row[:i], pair[i, :i])
            meaning_dots = np.zeros(len(columns))
            meaning_dots[:k] = meaning_known[i]
            np.add.at(meaning_dots, column_of_row[:i], meaning_pair[i, :i])
            cosines = dots / np.sqrt(np.maximum(np.asarray(norm2), 1e-12))
            meaning_cosines = meaning_dots / np.sqrt(
                np.maximum(np.asarray(meaning_norm2) * meaning_pair[i, i], 1e-12)
            )
            mine = term_ids(x, i) - entity_columns
            best = self._best_column(cosines, meaning_cosines, mine, columns, vocabulary)
            if best is not None:
                column_of_row[i] = best
                similarity[i] = cosines[best]
                norm2[best] += float(2 * dots[best] + pair[i, i])
                meaning_norm2[best] += float(2 * meaning_dots[best] + meaning_pair[i, i])
                vocabulary[best] = (vocabulary[best] or set()) | mine
            else:
                columns.append(None)
                norm2.append(float(pair[i, i]))
                meaning_norm2.append(float(meaning_pair[i, i]))
                vocabulary.append(mine)
                column_of_row[i] = len(columns) - 1
                similarity[i] = 1.0
        assignments = []
        for column in sorted(set(column_of_row.tolist())):
            rows = np.flatnonzero(column_of_row == column)
            added = row_sum(x[rows])
            story = columns[column]
            if story is None:
                story = StoryState(self.next_story, added, norm2[column], day, day, 0)
                self.stories[story.id] = story
                self.next_story += 1
            else:
                story.centroid = story.centroid + added
                story.norm2 = norm2[column]
                if day is not None:
                    story.first_date = min(filter(None, (story.first_date, day)))
                    story.last_date = max(filter(None, (story.last_date, day)))
            story.size += len(rows)
            story.touched = True
            for r in rows:
                assignments.append(Assignment(ids[r], story.id, float(similarity[r]), x[r]))
        return assignments

    def _best_column(
        self,
        cosines: np.ndarray,
        meaning_cosines: np.ndarray,
        terms_of_article: set[int],
        columns: list[StoryState | None],
        vocabulary: list[set[int] | None],
    ) -> int | None:
        """The most similar story above the threshold that shares enough terms with the article
        (a shared place name alone does not make two short articles one story) or that the
        encoder alone finds close (a report in another language shares few words)."""
        for column in np.argsort(-cosines):
            if cosines[column] < self.settings.story_threshold:
                return None
            if meaning_cosines[column] >= self.settings.meaning_alone:
                return int(column)
            if vocabulary[column] is None:
                story = columns[column]
                vocabulary[column] = term_ids(story.centroid) if story else set()
            if len(terms_of_article & vocabulary[column]) >= self.settings.min_shared_terms:
                return int(column)
        return None

    def link_storylines(self) -> None:
        """Put each new story into the most similar storyline (or a new one), once; move the
        storyline centroids of stories that grew.

        Like the story assignment, new stories are taken in date order and compared with all
        storylines of the window at once; centroid sums are updated by their dot products.
        """
        settings = self.settings
        touched = sorted(
            (s for s in self.stories.values() if s.touched), key=lambda s: s.first_date or ""
        )
        pending = []
        for story in touched:
            line = self.storylines.get(story.storyline) if story.storyline else None
            if line is None:
                pending.append(story)
            else:
                self._contribute(line, story)
        if not pending:
            return
        firsts = [s.first_date for s in pending if s.first_date]
        oldest = shift(min(firsts), -settings.storyline_window_days) if firsts else None
        existing = [
            line
            for line in self.storylines.values()
            if not (oldest and line.last_date and line.last_date < oldest)
        ]
        units = sparse.csr_matrix(sparse.vstack([s.unit() for s in pending]))
        k = len(existing)
        if k:
            lines = sparse.csr_matrix(sparse.vstack([line.centroid for line in existing]))
            dots_known = cross(units, lines)
            shared_known = cross(binary(units), binary(lines))
            norm2 = [float(line.centroid.multiply(line.centroid).sum()) for line in existing]
            last_dates = np.asarray([line.last_date or "" for line in existing])
        else:
            dots_known = shared_known = np.zeros((len(pending), 0))
            norm2, last_dates = [], np.asarray([])
        pair = cross(units, units)
        shared_pair = cross(binary(units), binary(units))
        column_of = np.full(len(pending), -1)
        for i, story in enumerate(pending):
            width = len(norm2)
            dots = np.zeros(width)
            dots[:k] = dots_known[i]
            np.add.at(dots, column_of[:i], pair[i, :i])
            # Terms shared with a storyline that grew in this batch: the best of its new stories.
            shared = np.zeros(width)
            shared[:k] = shared_known[i]
            np.maximum.at(shared, column_of[:i], shared_pair[i, :i])
            cosines = dots / np.sqrt(np.maximum(np.asarray(norm2), 1e-12))
            fits = (cosines >= settings.storyline_threshold) & (
                shared >= settings.storyline_min_shared_terms
            )
            if story.first_date and k:
                reach = shift(story.first_date, -settings.storyline_window_days)
                fits[:k] &= (last_dates == "") | (last_dates >= reach)
            if fits.any():
                best = int(np.argmax(np.where(fits, cosines, -np.inf)))
                column_of[i] = best
                norm2[best] += float(2 * dots[best] + pair[i, i])
            else:
                norm2.append(float(pair[i, i]))
                column_of[i] = len(norm2) - 1
        made: dict[int, StorylineState] = {}
        for i, story in enumerate(pending):
            column = int(column_of[i])
            if column < k:
                line = existing[column]
            elif column in made:
                line = made[column]
            else:
                line = StorylineState(
                    self.next_storyline,
                    sparse.csr_matrix((1, N_FEATURES), dtype=np.float32),
                    story.first_date,
                    story.last_date,
                )
                self.storylines[line.id] = made[column] = line
                self.next_storyline += 1
            self._contribute(line, story)

    @staticmethod
    def _contribute(line: StorylineState, story: StoryState) -> None:
        """Replace the story's old share of the storyline centroid by its current unit centroid."""
        unit = story.unit()
        old = story.linked_unit if story.storyline == line.id else None
        line.centroid = sparse.csr_matrix(
            line.centroid + (unit - old if old is not None else unit), dtype=np.float32
        )
        story.linked_unit = unit
        story.storyline = line.id
        line.stories.add(story.id)
        line.touched = True
        firsts = [d for d in (line.first_date, story.first_date) if d]
        lasts = [d for d in (line.last_date, story.last_date) if d]
        line.first_date = min(firsts) if firsts else None
        line.last_date = max(lasts) if lasts else None
