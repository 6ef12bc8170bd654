"""Stories and storylines: which articles report the same event, and which events belong together.

An article becomes a hashed TF-IDF vector of its (lightly stemmed) content words, its title
counted twice, plus its resolved entity ids when the entity layer has run. Articles are clustered
in publication order, one day at a time, against the stories active in a date window (online
centroid clustering as in news-stream systems): an article joins the most similar story when the
cosine to the story's centroid reaches a threshold, otherwise it opens a new story. The date
window is the blocking that keeps 100,000 articles tractable and makes the clustering incremental:
new articles only meet the stories of their own days. Stories are then linked into storylines by a
looser centroid similarity over a window of months, so the summit and its follow-up half a year
later stay separate stories of one storyline.

Within a story, near-duplicates are found by word 5-gram containment, confirmed only where the
vectors are already close: a copy in the same outlet is a "duplicate", in another one
"syndicated" (agency text). Each story gets the title of its most central article and a short
extractive summary (MMR over lead sentences) whose sentences cite their articles.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import numpy as np
from scipy import sparse

from ..errors import ResourceError
from ..model import Article

N_FEATURES = 1 << 20
ARTICLE_WORDS = 300
PRIOR_DOCUMENTS = 10_000
_WORD = re.compile(r"[^\W\d_][\w-]*")
# A period after a digit is an ordinal ("am 3. Mai"), not a sentence end.
_SENTENCE_END = re.compile(r"(?<=[^\d\s][.!?…])[\"“”»«]?\s+(?=[\"„“»«]?[A-ZÄÖÜ0-9])")
# Light stemming folds the inflections that would otherwise split one word into several terms.
_SUFFIXES = ("ern", "em", "en", "er", "es", "e", "s", "n")


@dataclass(frozen=True)
class StorySettings:
    """Thresholds tuned on the synthetic train stories (bench/stories.py --tune)."""

    story_threshold: float = 0.20
    story_window_days: int = 3
    min_shared_terms: int = 4  # distinct terms an article must share with its story
    storyline_min_shared_terms: int = 8  # and a story with its storyline
    storyline_threshold: float = 0.22
    storyline_window_days: int = 400
    duplicate_cosine: float = 0.8  # vectors this close are checked for copied text
    duplicate_containment: float = 0.8  # share of the shorter text's 5-grams found in the other
    summary_sentences: int = 3


# -- data files -------------------------------------------------------------------------------


@cache
def stopwords() -> frozenset[str]:
    path = resources.files("lagebild").joinpath("data", "de", "story_stopwords.txt")
    words: set[str] = set()
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        content = line.split("#", 1)[0]
        for word in content.split():
            if word != word.lower():
                raise ResourceError(
                    f"data/de/story_stopwords.txt:{number}: {word!r} not lower case"
                )
            words.add(word)
    return frozenset(words)


# -- vectors ----------------------------------------------------------------------------------


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """Stemmed lower-case content words of a text."""
    stop = stopwords()
    out = []
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if len(word) > 2 and word not in stop:
            out.append(stem(word))
    return out


def topic_terms(text: str) -> list[str]:
    """Stemmed capitalised content words: German nouns and names carry what a story is about,
    while verbs and adjectives mostly carry an outlet's style."""
    stop = stopwords()
    out = []
    for match in _WORD.finditer(text):
        word = match.group()
        if word[0].isupper() and len(word) > 2 and word.lower() not in stop:
            out.append(stem(word.lower()))
    return out


def article_terms(title: str | None, text: str, entity_ids: Iterable[str] = ()) -> list[str]:
    title_terms = topic_terms(title or "")
    return topic_terms(text) + title_terms + title_terms + [f"\x00entity:{e}" for e in entity_ids]


def hash_terms(docs: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """Raw term counts of each document in hashed columns."""
    from sklearn.feature_extraction.text import HashingVectorizer

    vectorizer = HashingVectorizer(
        analyzer=_identity, n_features=N_FEATURES, alternate_sign=False, norm=None
    )
    return vectorizer.transform(docs).tocsr()


def _identity(doc: Sequence[str]) -> Sequence[str]:
    return doc


@cache
def background_document_share() -> np.ndarray:
    """Per hashed term, the share of general German texts of article length that contain it.

    Estimated from wordfreq's German word frequencies (a ~300-word text contains a word of
    frequency f with probability ~300 f). It is the IDF prior that tells topic words from common
    ones while the store is still small; with many stored articles their own counts dominate.
    """
    from sklearn.feature_extraction import FeatureHasher
    from wordfreq import get_frequency_dict

    share: dict[str, float] = defaultdict(float)
    rarest = 0.1 / (ARTICLE_WORDS * PRIOR_DOCUMENTS)  # rarer words add < 0.1 pseudo-documents
    for word, frequency in get_frequency_dict("de").items():
        if frequency >= rarest:
            share[stem(word)] += frequency * ARTICLE_WORDS
    hasher = FeatureHasher(N_FEATURES, input_type="dict", alternate_sign=False)
    summed = hasher.transform([share]).toarray().ravel()
    return np.minimum(summed, 1.0).astype(np.float32)


class TermWeights:
    """Document frequencies of the hashed terms, updated as articles arrive (for incremental IDF),
    smoothed by ``PRIOR_DOCUMENTS`` pseudo-documents of general German."""

    def __init__(self, df: np.ndarray | None = None, documents: int = 0):
        self.df = np.zeros(N_FEATURES, dtype=np.int32) if df is None else df
        self.documents = documents

    def add(self, counts: sparse.csr_matrix) -> None:
        present = counts.copy()
        present.data = np.ones_like(present.data)
        self.df += np.asarray(present.sum(axis=0), dtype=np.int32).ravel()
        self.documents += counts.shape[0]

    def weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """Unit-length sublinear TF-IDF rows."""
        weighted = counts.astype(np.float32, copy=True)
        weighted.data = 1.0 + np.log(weighted.data)
        prior = background_document_share()[weighted.indices] * PRIOR_DOCUMENTS
        documents = 1.0 + self.documents + PRIOR_DOCUMENTS
        idf = np.log(documents / (1.0 + self.df[weighted.indices] + prior)) + 1.0
        weighted.data *= idf.astype(np.float32)
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted, dtype=np.float32)


def cross(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
    """Dense ``a @ b.T`` of sparse rows. The columns are first renumbered to the terms the two
    use: transposing a matrix of 2**20 columns would allocate that many pointers each time."""
    a, b = sparse.csr_matrix(a), sparse.csr_matrix(b)
    columns = np.union1d(a.indices, b.indices)

    def compact(m: sparse.csr_matrix) -> sparse.csr_matrix:
        return sparse.csr_matrix(
            (m.data, np.searchsorted(columns, m.indices), m.indptr),
            shape=(m.shape[0], max(len(columns), 1)),
        )

    return np.asarray((compact(a) @ compact(b).T).toarray())


def _row_sum(m: sparse.csr_matrix) -> sparse.csr_matrix:
    """The sum of the rows as one sparse row (``m.sum(axis=0)`` would be dense)."""
    m = sparse.csr_matrix(m)
    total = sparse.csr_matrix(
        (m.data.astype(np.float32), m.indices, np.array([0, m.nnz])), shape=(1, m.shape[1])
    )
    total.sum_duplicates()
    return total


def binary(m: sparse.csr_matrix) -> sparse.csr_matrix:
    ones = sparse.csr_matrix(m, dtype=np.float32, copy=True)
    ones.data[:] = 1.0
    return ones


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
    linked_unit: sparse.csr_matrix | None = None  # its unit centroid as its storyline holds it

    def unit(self) -> sparse.csr_matrix:
        return self.centroid / math.sqrt(self.norm2) if self.norm2 > 0 else self.centroid


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


def _day(published: str | None) -> str | None:
    return published[:10] if published and re.match(r"\d{4}-\d\d-\d\d", published) else None


def _shift(day: str, days: int) -> str:
    start = date.fromisoformat(day)
    try:
        return (start + timedelta(days=days)).isoformat()
    except OverflowError:  # a placeholder date such as 0001-01-01
        return (date.min if days < 0 else date.max).isoformat()


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
        self, article_ids: Sequence[str], days: Sequence[str | None], vectors: sparse.csr_matrix
    ) -> list[Assignment]:
        """Assign unit-vector rows to stories; the rows need not be in date order."""
        by_day: dict[str | None, list[int]] = defaultdict(list)
        for row, day in enumerate(days):
            by_day[day].append(row)
        # Undated articles come last and may join any story the clusterer holds.
        ordered = sorted(d for d in by_day if d is not None) + ([None] if None in by_day else [])
        assignments: list[Assignment] = []
        for day in ordered:
            rows = by_day[day]
            assignments += self._add_day(day, [article_ids[r] for r in rows], vectors[rows])
        return assignments

    def _candidates(self, day: str | None) -> list[StoryState]:
        if day is None:
            return list(self.stories.values())
        window = self.settings.story_window_days
        low, high = _shift(day, -window), _shift(day, window)
        return [
            s
            for s in self.stories.values()
            if s.last_date is None or (s.last_date >= low and (s.first_date or day) <= high)
        ]

    def _add_day(self, day: str | None, ids: list[str], x: sparse.csr_matrix) -> list[Assignment]:
        candidates = self._candidates(day)
        k, m = len(candidates), x.shape[0]
        if k:
            dots_known = cross(x, sparse.vstack([s.centroid for s in candidates]))
        else:
            dots_known = np.zeros((m, 0), dtype=np.float32)
        pair = cross(x, x)
        columns: list[StoryState | None] = list(candidates)  # None: a story opened today
        norm2 = [s.norm2 for s in candidates]
        vocabulary: list[set[int] | None] = [None] * k  # terms of a column, read when needed
        column_of_row = np.full(m, -1)
        similarity = np.zeros(m)
        for i in range(m):
            dots = np.zeros(len(columns))
            dots[:k] = dots_known[i]
            np.add.at(dots, column_of_row[:i], pair[i, :i])
            cosines = dots / np.sqrt(np.maximum(np.asarray(norm2), 1e-12))
            mine = set(x.indices[x.indptr[i] : x.indptr[i + 1]].tolist())
            best = self._best_column(cosines, mine, columns, vocabulary) if mine else None
            if best is not None:
                column_of_row[i] = best
                similarity[i] = cosines[best]
                norm2[best] += float(2 * dots[best] + pair[i, i])
                vocabulary[best] = (vocabulary[best] or set()) | mine
            else:
                columns.append(None)
                norm2.append(float(pair[i, i]))
                vocabulary.append(mine)
                column_of_row[i] = len(columns) - 1
                similarity[i] = 1.0
        assignments = []
        for column in sorted(set(column_of_row.tolist())):
            rows = np.flatnonzero(column_of_row == column)
            added = _row_sum(x[rows])
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
        terms_of_article: set[int],
        columns: list[StoryState | None],
        vocabulary: list[set[int] | None],
    ) -> int | None:
        """The most similar story above the threshold that shares enough terms with the article
        (a shared place name alone does not make two short articles one story)."""
        for column in np.argsort(-cosines):
            if cosines[column] < self.settings.story_threshold:
                return None
            if vocabulary[column] is None:
                story = columns[column]
                vocabulary[column] = set(story.centroid.indices.tolist()) if story else set()
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
        oldest = _shift(min(firsts), -settings.storyline_window_days) if firsts else None
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
                reach = _shift(story.first_date, -settings.storyline_window_days)
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


# -- near duplicates --------------------------------------------------------------------------


def shingles(text: str, size: int = 5) -> set[int]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {hash(tuple(words[i : i + size])) for i in range(max(len(words) - size + 1, 1))}


def containment(a: set[int], b: set[int]) -> float:
    """Share of the smaller shingle set found in the other one."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass(frozen=True)
class Duplicate:
    article_id: str
    duplicate_of: str
    kind: str  # duplicate (same outlet) or syndicated (another outlet)
    score: float


def find_duplicates(
    new: Sequence[tuple[str, sparse.csr_matrix]],
    members: Sequence[tuple[str, sparse.csr_matrix]],
    text_of: Callable[[str], str],
    outlet_of: Callable[[str], str | None],
    settings: StorySettings,
) -> list[Duplicate]:
    """Each new article that copies an earlier member (listed before it in ``members``)."""
    found = []
    order = {article_id: i for i, (article_id, _) in enumerate(members)}
    matrix = sparse.vstack([v for _, v in members]) if members else None
    for article_id, vector in new:
        if matrix is None:
            break
        cosines = cross(vector, matrix).ravel()
        limit = order.get(article_id, len(members))
        close = [
            i for i in np.argsort(-cosines) if i < limit and cosines[i] >= settings.duplicate_cosine
        ]
        if not close:
            continue
        mine = shingles(text_of(article_id))
        for i in close:
            other = members[i][0]
            score = containment(mine, shingles(text_of(other)))
            if score >= settings.duplicate_containment:
                same = outlet_of(article_id) == outlet_of(other)
                kind = "duplicate" if same else "syndicated"
                found.append(Duplicate(article_id, other, kind, round(score, 3)))
                break
    return found


# -- titles and summaries ---------------------------------------------------------------------


@dataclass
class MemberText:
    """What describing a story needs of one member article."""

    article_id: str
    title: str | None
    outlet: str | None
    lead: list[str]  # its first sentences
    vector: sparse.csr_matrix


def split_sentences(text: str) -> list[str]:
    """A fallback sentence split for articles without the linguistic layer; never crosses lines."""
    out = []
    for line in text.splitlines():
        out += [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
    return out


def lead_sentences(article: Article, count: int = 4) -> list[str]:
    sentences = [s.text for s in article.sentences] or split_sentences(article.text)
    return [s for s in sentences if len(s.split()) >= 5][:count]


def describe_stories(
    stories: Sequence[Sequence[MemberText]], weights: TermWeights, settings: StorySettings
) -> list[tuple[str, list[dict[str, Any]]]]:
    """Per story: the title of its most central member and an MMR summary of lead sentences
    citing their articles. The sentences of all stories are vectorised in one go."""
    plans = []
    candidates: list[tuple[MemberText, int, str]] = []
    for members in stories:
        centroid = _row_sum(sparse.vstack([m.vector for m in members]))
        norm = math.sqrt(float(centroid.multiply(centroid).sum())) or 1.0
        centrality = cross(sparse.vstack([m.vector for m in members]), centroid).ravel() / norm
        ranked = [members[i] for i in np.argsort(-centrality, kind="stable")]
        titled = [m.title for m in ranked if m.title]
        lead = next((m.lead[0] for m in ranked if m.lead), "")
        title = titled[0] if titled else _shorten(lead) or "(ohne Titel)"
        first = len(candidates)
        candidates += [(m, i, sentence) for m in ranked for i, sentence in enumerate(m.lead)]
        plans.append((title, centroid, norm, first, len(candidates)))
    vectors = (
        weights.weigh(hash_terms([topic_terms(text) for _, _, text in candidates]))
        if candidates
        else None
    )
    described = []
    for title, centroid, norm, first, last in plans:
        if vectors is None or first == last:
            described.append((title, []))
            continue
        mine = vectors[first:last]
        relevance = cross(mine, centroid).ravel() / norm
        similar = cross(mine, mine)
        chosen: list[int] = []
        while len(chosen) < min(settings.summary_sentences, last - first):
            redundancy = similar[:, chosen].max(axis=1) if chosen else np.zeros(last - first)
            score = 0.7 * relevance - 0.3 * redundancy
            score[chosen] = -np.inf
            chosen.append(int(np.argmax(score)))
        summary = []
        for i in chosen:
            member, index, text = candidates[first + i]
            summary.append(
                {
                    "text": text,
                    "article_id": member.article_id,
                    "outlet": member.outlet,
                    "sentence": index,
                }
            )
        described.append((title, summary))
    return described


def _shorten(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


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
    vectors = weights.weigh(counts)
    clusterer = StoryClusterer(settings)
    assignments = clusterer.add(
        [a.id for a in articles], [_day(a.published) for a in articles], vectors
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


# -- the incremental entry point over a store ------------------------------------------------


def update_stories(
    store: Any,
    settings: StorySettings | None = None,
    *,
    compare: bool = True,
    batch_size: int = 5000,
) -> dict[str, int]:
    """Cluster the stored articles that are in no story yet into the existing stories (or new
    ones), in publication order; only stories within the date window are read back.

    ``store`` is a writable ``lagebild.store.Store``. With ``compare`` the outlet comparison of
    every changed story with two or more articles is computed and cached for the web app.
    """
    from ..store import stories as queries

    settings = settings or StorySettings()
    pending = queries.unassigned_articles(store)
    summary = {
        "articles": len(pending),
        "stories_new": 0,
        "stories_changed": 0,
        "storylines_new": 0,
        "duplicates": 0,
        "compared": 0,
    }
    if not pending:
        return summary
    dated = [d for _, p in pending if (d := _day(p))]
    first_day = min(dated) if dated else None
    story_since = _shift(first_day, -settings.story_window_days) if first_day else None
    line_since = _shift(first_day, -settings.storyline_window_days) if first_day else None
    next_story, next_line = queries.next_ids(store)
    clusterer = StoryClusterer(
        settings,
        queries.load_stories(store, story_since),
        queries.load_storylines(store, line_since),
        next_story,
        next_line,
    )
    weights = queries.load_weights(store)
    changed: set[int] = set()
    lines: set[int] = set()
    for start in range(0, len(pending), batch_size):
        ids = [article_id for article_id, _ in pending[start : start + batch_size]]
        rows = queries.article_rows(store, ids)
        entities = queries.article_entity_ids(store, ids)
        counts = hash_terms(
            [article_terms(rows[i]["title"], rows[i]["text"], entities.get(i, ())) for i in ids]
        )
        weights.add(counts)
        assignments = clusterer.add(
            ids, [_day(rows[i]["published"]) for i in ids], weights.weigh(counts)
        )
        clusterer.link_storylines()
        with store.db:
            queries.save_clusterer(store, clusterer)
            queries.save_assignments(store, assignments)
            queries.refresh_counts(
                store,
                [s.id for s in clusterer.stories.values() if s.touched],
                [line.id for line in clusterer.storylines.values() if line.touched],
            )
            summary["duplicates"] += _mark_duplicates(store, assignments, rows, settings)
            queries.save_weights(store, weights)
        changed.update(s.id for s in clusterer.stories.values() if s.touched)
        lines.update(line.id for line in clusterer.storylines.values() if line.touched)
        _forget_closed(clusterer, ids, rows)
    with store.db:
        _describe(store, sorted(changed), weights, settings)
        queries.title_storylines(store, lines)
    summary["stories_new"] = sum(1 for story in changed if story >= next_story)
    summary["stories_changed"] = len(changed) - summary["stories_new"]
    summary["storylines_new"] = sum(1 for line in lines if line >= next_line)
    if compare:
        summary["compared"] = compare_stories(store, sorted(changed))
    return summary


def _forget_closed(clusterer: StoryClusterer, ids: Sequence[str], rows: dict[str, Any]) -> None:
    """Drop stories no later article can reach and clear the touched marks after saving."""
    days = [d for i in ids if (d := _day(rows[i]["published"]))]
    horizon = _shift(max(days), -clusterer.settings.story_window_days) if days else None
    for story_id in list(clusterer.stories):
        story = clusterer.stories[story_id]
        story.touched = False
        if horizon and story.last_date and story.last_date < horizon:
            del clusterer.stories[story_id]
    for line in clusterer.storylines.values():
        line.touched = False
        line.stories.clear()


def _mark_duplicates(
    store: Any, assignments: Sequence[Assignment], rows: dict[str, Any], settings: StorySettings
) -> int:
    from ..store import stories as queries

    texts: dict[str, tuple[str, str | None]] = {
        i: (r["text"], r["outlet"]) for i, r in rows.items()
    }

    def fetch(article_id: str) -> tuple[str, str | None]:
        if article_id not in texts:
            row = queries.article_rows(store, [article_id])[article_id]
            texts[article_id] = (row["text"], row["outlet"])
        return texts[article_id]

    by_story: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_story[a.story].append(a)
    duplicates: list[Duplicate] = []
    for story_id, new in by_story.items():
        members = queries.story_members(store, story_id)
        if len(members) < 2:
            continue
        duplicates += find_duplicates(
            [(a.article_id, a.vector) for a in new],
            members,
            lambda i: fetch(i)[0],
            lambda i: fetch(i)[1],
            settings,
        )
    queries.save_duplicates(store, duplicates)
    return len(duplicates)


def _describe(
    store: Any, story_ids: Sequence[int], weights: TermWeights, settings: StorySettings
) -> None:
    """Title and summary of each story from its (at most 20) most central members."""
    from ..store import stories as queries

    for start in range(0, len(story_ids), 500):
        chunk = story_ids[start : start + 500]
        members = {i: queries.story_members(store, i, limit=20) for i in chunk}
        ids = [article_id for found in members.values() for article_id, _ in found]
        rows = queries.article_rows(store, ids)
        spans = queries.sentence_spans_of(store, ids)
        stories = []
        for story_id in chunk:
            texts = []
            for article_id, vector in members[story_id]:
                text = rows[article_id]["text"]
                sentences = [text[s:e] for s, e in spans.get(article_id, [])]
                lead = [s for s in sentences or split_sentences(text) if len(s.split()) >= 5]
                texts.append(
                    MemberText(
                        article_id,
                        rows[article_id]["title"],
                        rows[article_id]["outlet"],
                        lead[:4],
                        vector,
                    )
                )
            stories.append(texts)
        for story_id, (title, summary) in zip(
            chunk, describe_stories(stories, weights, settings), strict=True
        ):
            queries.save_description(store, story_id, title, summary)


def compare_stories(store: Any, story_ids: Sequence[int], max_articles: int = 40) -> int:
    """Compute and cache the outlet comparison of stories with two or more articles."""
    from ..store import stories as queries
    from .compare import compare_story

    done = 0
    for story_id in story_ids:
        members = queries.story_articles(store, story_id)
        if len(members) < 2:
            continue
        articles = [store.load_article(m["id"]) for m in members[:max_articles]]
        with store.db:
            queries.put_comparison(store, story_id, compare_story(articles))
        done += 1
    return done
