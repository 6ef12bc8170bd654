"""Near duplicates within a story by word 5-gram containment, confirmed only where the vectors
are already close: a copy in the same outlet is a "duplicate", in another one "syndicated"."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .clustering import StorySettings
from .vectors import cross

_WORD = re.compile(r"[^\W\d_][\w-]*")

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
