"""A story's title (its most typical neutral headline) and its summary (MMR over lead
sentences)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from ...lang.de.sentences import SENTENCE_BREAK
from ...model import Article
from ..compare.lexicons import loaded_language
from .clustering import StorySettings
from .vectors import TermWeights, cross, hash_terms, row_sum, term_part, topic_terms

# A loaded word costs a headline this much of its typicality (two cosines summed, 0..2): a
# neutral headline that is nearly as typical wins over a loaded one.
LOADED_TITLE_PENALTY = 0.3

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
    """Per story: its most typical neutral headline (``typical_title``) and an MMR summary of
    lead sentences citing their articles. The sentences of all stories are vectorised in one
    go."""
    plans = []
    candidates: list[tuple[MemberText, int, str]] = []
    for members in stories:
        centroid = row_sum(sparse.vstack([m.vector for m in members]))
        norm = math.sqrt(float(centroid.multiply(centroid).sum())) or 1.0
        if len(members) > 1:
            centrality = cross(sparse.vstack([m.vector for m in members]), centroid).ravel() / norm
            ranked = [members[i] for i in np.argsort(-centrality, kind="stable")]
        else:  # most stories have one article: nothing to rank
            centrality, ranked = np.ones(1), list(members)
        lead = next((m.lead[0] for m in ranked if m.lead), "")
        title = typical_title(members, centrality, centroid, weights)
        title = title or _shorten(lead) or "(ohne Titel)"
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


def typical_title(
    members: Sequence[MemberText],
    centrality: np.ndarray,
    centroid: sparse.csr_matrix,
    weights: TermWeights,
) -> str | None:
    """The headline closest to the story: its article's cosine with the story centroid plus
    the cosine of the headline's own words with the centroid's words, less
    ``LOADED_TITLE_PENALTY`` for each loaded word (data/de/loaded_language.tsv) in it, so that
    the story is not named by its most loaded headline. Ties go to the more central article."""
    titled = [(i, m.title) for i, m in enumerate(members) if m.title]
    if len(titled) < 2:  # one headline or none: nothing to choose
        return titled[0][1] if titled else None
    words = term_part(centroid)
    norm = math.sqrt(float(words.multiply(words).sum())) or 1.0
    vectors = weights.weigh(hash_terms([topic_terms(title) for _, title in titled]))
    typical = cross(vectors, words).ravel() / norm
    loaded = [sum(len(p.regex.findall(title)) for p in loaded_language()) for _, title in titled]
    scores = [
        float(centrality[i]) + float(typical[k]) - LOADED_TITLE_PENALTY * loaded[k]
        for k, (i, _) in enumerate(titled)
    ]
    best = max(range(len(titled)), key=lambda k: (scores[k], float(centrality[titled[k][0]])))
    return titled[best][1]


def _shorten(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
