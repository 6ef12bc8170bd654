"""Facts are sentences aligned across articles: sentences of different articles whose TF-IDF
vectors of stemmed content words are close are joined greedily (most similar pairs first, never
two sentences of one article in one fact)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...model import Article
from ..stories.vectors import TermWeights, cross, hash_terms, terms
from .units import MIN_FACT_WORDS, Unit, cite, outlet_of

FACT_THRESHOLD = 0.35


def align_facts(
    articles: Sequence[Article], units: list[Unit], threshold: float = FACT_THRESHOLD
) -> list[list[int]]:
    """Groups of unit indices (at most one per article) that state the same thing."""
    eligible = [i for i, u in enumerate(units) if len(u.text.split()) >= MIN_FACT_WORDS]
    if not eligible:
        return []
    counts = hash_terms([terms(units[i].text) for i in eligible])
    weights = TermWeights()
    weights.add(counts)
    vectors = weights.weigh(counts)
    similarity = cross(vectors, vectors)
    article_of = np.array([units[i].article for i in eligible])
    similarity[article_of[:, None] == article_of[None, :]] = 0.0
    pairs = np.argwhere(np.triu(similarity, 1) >= threshold)
    order = np.argsort(-similarity[pairs[:, 0], pairs[:, 1]]) if len(pairs) else []
    group = list(range(len(eligible)))
    members: dict[int, set[int]] = {i: {i} for i in range(len(eligible))}

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for k in order:
        a, b = root(int(pairs[k][0])), root(int(pairs[k][1]))
        if a == b:
            continue
        if {article_of[i] for i in members[a]} & {article_of[i] for i in members[b]}:
            continue
        group[b] = a
        members[a] |= members.pop(b)
    return [sorted(eligible[i] for i in m) for m in members.values()]


def coverage(
    articles: Sequence[Article], units: list[Unit], groups: list[list[int]]
) -> dict[str, Any]:
    outlets = sorted({outlet_of(a) for a in articles})
    facts = []
    for group in groups:
        by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for i in group:
            by_outlet[outlet_of(articles[units[i].article])].append(
                cite(articles[units[i].article], units[i])
            )
        shared = len(by_outlet)
        kind = "all" if shared == len(outlets) and shared > 1 else "some" if shared > 1 else "one"
        facts.append(
            {
                "text": units[group[0]].text,
                "coverage": kind,
                "outlets": {o: by_outlet.get(o, []) for o in outlets},
                "outlet_count": shared,
                "first": min((units[i].article, units[i].index) for i in group),
            }
        )
    facts.sort(key=lambda f: (-f["outlet_count"], f["first"]))
    for fact in facts:
        del fact["first"]
    exclusive = {
        o: sum(1 for f in facts if f["coverage"] == "one" and f["outlets"][o]) for o in outlets
    }
    return {
        "outlets": outlets,
        "facts": facts,
        "exclusive_counts": exclusive,
        "shared_counts": {
            o: sum(1 for f in facts if f["coverage"] != "one" and f["outlets"][o]) for o in outlets
        },
    }
