"""Hashed TF-IDF vectors of stemmed content words, with document frequencies that grow with
the store (IDF smoothed by general German word frequencies while the store is small)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import mmh3
import numpy as np
from scipy import sparse

from ...errors import ResourceError
from ...lang.de import word_list
from ...resources import data_path, read_rows, read_words
from .anchors import anchor_terms
from .embedding import DIMENSIONS

N_TERMS = 1 << 20  # hashed term columns; the encoder's dimensions follow them
N_FEATURES = N_TERMS + DIMENSIONS
ARTICLE_WORDS = 300
PRIOR_DOCUMENTS = 10_000
# built by bench/build_story_background.py from wordfreq's German word frequencies
BACKGROUND_FILE = Path(str(resources.files("lagebild") / "models" / "story-background-de.npz"))
_WORD = re.compile(r"[^\W\d_][\w-]*")


# -- data files -------------------------------------------------------------------------------


@cache
def stopwords() -> frozenset[str]:
    path = data_path("de/story_stopwords.txt")
    words = read_words(path)
    for number, word in words:
        if word != word.lower():
            raise ResourceError(f"{path}:{number}: {word!r} not lower case")
    return frozenset(word for _, word in words)


# -- vectors ----------------------------------------------------------------------------------


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Light stemming: folds the inflections that would otherwise split one word into several
    terms."""
    for suffix in word_list("story_stemming_suffixes"):
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
    while verbs and adjectives mostly carry an outlet's style. A place's spelling in another
    language or script is read as the German one ("Moscow", "Москва" as "Moskau"), and other
    Cyrillic words are spelled as German spells them, so that "Путин" and "Putin" are one term."""
    return [term for word in _WORD.findall(text) if word[0].isupper() and (term := _topic(word))]


@lru_cache(maxsize=500_000)
def _topic(word: str) -> str | None:
    """The term of a capitalised word, or None for a short or stop word (a corpus repeats its
    words: each is worked out once)."""
    lower = word.lower()
    if len(word) <= 2 or lower in stopwords():
        return None
    return stem(name_variants().get(lower, lower).translate(cyrillic_to_latin()))


@cache
def name_variants() -> dict[str, str]:
    """Place spellings of other languages and scripts -> the German one, both lower case
    (data/de/name_variants.tsv, built by bench/build_name_variants.py)."""
    path = data_path("de/name_variants.tsv")
    table = {}
    for number, (variant, canonical) in read_rows(path, 2, all_filled=True):
        if variant != variant.lower() or canonical != canonical.lower():
            raise ResourceError(f"{path}:{number}: {variant!r} / {canonical!r} not lower case")
        table[variant] = canonical
    return table


@cache
def cyrillic_to_latin() -> dict[int, str]:
    """A str.translate table from data/de/story_transliteration.tsv (the column header skipped)."""
    rows = read_rows(data_path("de/story_transliteration.tsv"), 2)
    table = {}
    for number, (letter, latin) in rows[1:]:
        if len(letter) != 1:
            raise ResourceError(
                f"data/de/story_transliteration.tsv:{number}: {letter!r} is not one letter"
            )
        table[ord(letter)] = latin
    return table


ENTITY_TERM = "\x00entity:"  # the prefix of a resolved entity's term


def article_terms(title: str | None, text: str, entity_ids: Iterable[str] = ()) -> list[str]:
    title_terms = topic_terms(title or "")
    return (
        topic_terms(text)
        + title_terms
        + title_terms
        + anchor_terms(f"{title or ''}\n{text}")
        + [f"{ENTITY_TERM}{e}" for e in entity_ids]
    )


def entity_columns(entity_ids: Iterable[str]) -> frozenset[int]:
    """The hashed columns of these entities' terms: they weigh in the cosine, but a shared
    entity is not counted again as a shared word (its name already is one)."""
    terms = sorted({f"{ENTITY_TERM}{e}" for e in entity_ids})
    return frozenset(hash_terms([terms]).indices.tolist()) if terms else frozenset()


@lru_cache(maxsize=500_000)
def term_column(term: str) -> int:
    """The hashed column of a term: the absolute 32-bit MurmurHash3 (seed 0) of its UTF-8 bytes
    modulo ``N_TERMS``, the column scikit-learn's hashing vectorizer gives it, so that term
    vectors and document frequencies in stores written before stay valid."""
    signed = mmh3.hash(term.encode("utf-8"), 0, signed=True)
    if signed == -(2**31):  # no positive counterpart in 32 bits
        return (2**31 - 1 - (N_TERMS - 1)) % N_TERMS
    return abs(signed) % N_TERMS


def hash_terms(docs: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """Raw term counts of each document in hashed columns (float64, sorted columns)."""
    indptr = [0]
    columns: list[int] = []
    counts: list[int] = []
    for doc in docs:
        per_column = Counter(term_column(term) for term in doc)
        ordered = sorted(per_column)
        columns += ordered
        counts += [per_column[c] for c in ordered]
        indptr.append(len(columns))
    return sparse.csr_matrix(
        (
            np.array(counts, dtype=np.float64),
            np.array(columns, dtype=np.int32),
            np.array(indptr, dtype=np.int32),
        ),
        shape=(len(docs), N_TERMS),
    )


@cache
def background_document_share() -> np.ndarray:
    """Per hashed term, the share of general German texts of article length that contain it.

    It is the IDF prior that tells topic words from common ones while the store is still small;
    with many stored articles their own counts dominate. Estimated from wordfreq's German word
    frequencies by ``bench/build_story_background.py`` (see there) and shipped precomputed: the
    estimate took 1.7 s of CPU at every start.
    """
    try:
        with np.load(BACKGROUND_FILE, allow_pickle=False) as stored:
            columns = np.cumsum(stored["column_steps"], dtype=np.int64)
            shares = stored["shares"]
    except (OSError, KeyError, ValueError) as exc:
        raise ResourceError(f"{BACKGROUND_FILE}: unreadable story background ({exc})") from exc
    share = np.zeros(N_TERMS, dtype=np.float32)
    share[columns] = shares
    return share


class TermWeights:
    """Document frequencies of the hashed terms, updated as articles arrive (for incremental IDF),
    smoothed by ``PRIOR_DOCUMENTS`` pseudo-documents of general German."""

    def __init__(self, df: np.ndarray | None = None, documents: int = 0):
        self.df = np.zeros(N_TERMS, dtype=np.int32) if df is None else df
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


# Products whose inputs, over the columns they use, have at most this many cells are computed
# densely: most are a few rows against a few stories, where building scipy matrices cost far
# more than the arithmetic.
DENSE_CELLS = 1 << 20


def cross(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
    """Dense ``a @ b.T`` of sparse rows. The columns are first renumbered to the terms the two
    use: transposing a matrix of 2**20 columns would allocate that many pointers each time."""
    a, b = _csr(a), _csr(b)
    columns = np.union1d(a.indices, b.indices)
    if (a.shape[0] + b.shape[0]) * len(columns) <= DENSE_CELLS:
        return _dense(a, columns) @ _dense(b, columns).T

    def compact(m: sparse.csr_matrix) -> sparse.csr_matrix:
        return sparse.csr_matrix(
            (m.data, np.searchsorted(columns, m.indices), m.indptr),
            shape=(m.shape[0], max(len(columns), 1)),
        )

    return np.asarray((compact(a) @ compact(b).T).toarray())


def _csr(m: sparse.spmatrix) -> sparse.csr_matrix:
    return m if isinstance(m, sparse.csr_matrix) else sparse.csr_matrix(m)


def _dense(m: sparse.csr_matrix, columns: np.ndarray) -> np.ndarray:
    """The rows of ``m`` as a dense array over ``columns`` (sorted, holding all it uses)."""
    dense = np.zeros((m.shape[0], max(len(columns), 1)), dtype=m.dtype)
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    np.add.at(dense, (rows, np.searchsorted(columns, m.indices)), m.data)
    return dense


def row_sum(m: sparse.csr_matrix) -> sparse.csr_matrix:
    """The sum of the rows as one sparse row (``m.sum(axis=0)`` would be dense)."""
    m = sparse.csr_matrix(m)
    total = sparse.csr_matrix(
        (m.data.astype(np.float32), m.indices, np.array([0, m.nnz])), shape=(1, m.shape[1])
    )
    total.sum_duplicates()
    return total


def binary(m: sparse.csr_matrix) -> sparse.csr_matrix:
    """1 for each term a row has (the encoder's columns are no terms)."""
    ones = sparse.csr_matrix(m, dtype=np.float32, copy=True)
    ones.data = (ones.indices < N_TERMS).astype(np.float32)
    ones.eliminate_zeros()
    return ones


def term_part(m: sparse.csr_matrix) -> sparse.csr_matrix:
    """The rows without the encoder's columns."""
    kept = sparse.csr_matrix(m, dtype=np.float32, copy=True)
    kept.data[kept.indices >= N_TERMS] = 0.0
    kept.eliminate_zeros()
    return kept


def meaning_part(m: sparse.csr_matrix) -> sparse.csr_matrix:
    """The rows' encoder columns only."""
    kept = sparse.csr_matrix(m, dtype=np.float32, copy=True)
    kept.data[kept.indices < N_TERMS] = 0.0
    kept.eliminate_zeros()
    return kept


def term_ids(m: sparse.csr_matrix, row: int = 0) -> set[int]:
    """The hashed terms of one row."""
    indices = m.indices[m.indptr[row] : m.indptr[row + 1]]
    return set(indices[indices < N_TERMS].tolist())


def joined(
    term_units: sparse.csr_matrix, meanings: np.ndarray, term_weight: float
) -> sparse.csr_matrix:
    """Unit rows of the TF-IDF vector times ``term_weight`` beside the encoder vector times
    sqrt(1 - term_weight²): their cosines mix as w² · terms + (1 - w²) · meaning."""
    terms = sparse.csr_matrix(term_units, dtype=np.float32)
    terms = sparse.csr_matrix(
        (terms.data, terms.indices, terms.indptr), shape=(terms.shape[0], N_TERMS)
    )
    dense = sparse.csr_matrix(np.asarray(meanings, dtype=np.float32))
    both = sparse.hstack(
        [terms * term_weight, dense * math.sqrt(max(1.0 - term_weight**2, 0.0))], format="csr"
    )
    both.eliminate_zeros()
    return sparse.csr_matrix(both, dtype=np.float32)
