"""A story's title (its most central member's) and its summary (MMR over lead sentences)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from ...lang.de.sentences import SENTENCE_BREAK
from ...model import Article
from .clustering import StorySettings
from .vectors import TermWeights, cross, hash_terms, row_sum, topic_terms

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
        out += [s.strip() for s in SENTENCE_BREAK.split(line) if s.strip()]
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
        centroid = row_sum(sparse.vstack([m.vector for m in members]))
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
