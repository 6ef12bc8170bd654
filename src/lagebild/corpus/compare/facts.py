"""Facts are sentences aligned across articles. Two sentences of different articles state the
same fact when a mix of their meaning (the multilingual encoder's cosine) and their shared
specific words (TF-IDF cosine of stemmed content words within the story) is high enough; pairs
are joined greedily, most similar first, never two sentences of one article in one fact, and a
group only grows when every pair across it clears the threshold (no chains of near-misses).

Mix and threshold are tuned for precision on our fact gold (bench/compare.py): the encoder alone
aligns any two sentences on the story's topic, shared words alone miss rewordings."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from ...lang import de as german
from ...model import Article
from ..stories.anchors import anchor_terms
from ..stories.embedding import embed
from ..stories.vectors import TermWeights, cross, hash_terms, terms
from .lexicons import number_words
from .units import MIN_FACT_WORDS, Unit, cite, outlet_of

_NAME_TAGS = german.word_set("proper_noun_tags")
FACT_THRESHOLD = 0.56
FACT_TERM_WEIGHT = 0.4  # the rest is the encoder's cosine
# A one-outlet fact is exclusive below this similarity to every sentence of another outlet: chosen
# on the tune sample of the exclusive-fact gold (bench/data/comparison_finding_gold.tsv).
EXCLUSIVE_BELOW = 0.45

# (articles, the units to embed) -> one unit-length row per unit
SentenceVectors = Callable[[Sequence[Article], Sequence[Unit]], np.ndarray]


def embed_units(articles: Sequence[Article], units: Sequence[Unit]) -> np.ndarray:
    return embed([neutral_numbers(u.text) for u in units])


def neutral_numbers(text: str) -> str:
    """The sentence with its numbers, number words and weekday names replaced by placeholders:
    the encoder reads "zwölf Kilometer" and "15 Kilometer" as different statements, but for
    alignment they are one fact whose numbers may disagree (a discrepancy)."""
    return _number_pattern().sub(lambda m: "0" if m.group(1) is None else "Tag", text)


@cache
def _number_pattern() -> re.Pattern[str]:
    words = sorted(number_words(), key=len, reverse=True)
    weekdays = sorted(german.weekdays(), key=len, reverse=True)
    return re.compile(
        r"\b(?:\d[\d.,]*|"
        + "|".join(map(re.escape, words))
        + r")\b|\b("
        + "|".join(map(re.escape, weekdays))
        + r")\b",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class Alignment:
    """Fact groups (unit indices, at most one per article) and, for every eligible unit, the
    highest similarity it has with a sentence of another outlet (0 when there is none)."""

    groups: list[list[int]]
    elsewhere: dict[int, float]
    # units naming an amount or a date that a sentence of another outlet names too: another
    # outlet likely reports the same thing in other words ("80.000 Besucher erwartet")
    echoed: frozenset[int] = frozenset()


def content_terms(article: Article, spans: Sequence[tuple[int, int]]) -> list[set[str]]:
    """Per sentence span of the article: its stemmed content words without its names
    (proper-noun tokens and entity mentions): two sentences that share only a name ("Brenner
    wies die Vorwürfe zurück", "Brenner platzt der Kragen") say different things about one
    person."""
    starts = [start for start, _ in spans]
    names: list[set[str]] = [set() for _ in spans]
    named = [(m.start, m.text) for m in article.entities]
    named += [(t.start, t.text) for t in article.tokens if t.pos in _NAME_TAGS]
    for position, text in named:
        k = bisect_right(starts, position) - 1
        if k >= 0 and position < spans[k][1]:
            names[k].update(terms(text))
    return [
        set(terms(article.text[start:end])) - mine
        for (start, end), mine in zip(spans, names, strict=True)
    ]


def align_facts(
    articles: Sequence[Article],
    units: list[Unit],
    sentence_vectors: SentenceVectors = embed_units,
    threshold: float = FACT_THRESHOLD,
) -> Alignment:
    """Groups of unit indices (at most one per article) that state the same thing: similar
    enough, and sharing a content word besides names."""
    eligible = [i for i, u in enumerate(units) if len(u.text.split()) >= MIN_FACT_WORDS]
    if not eligible:
        return Alignment([], {})
    counts = hash_terms([terms(units[i].text) for i in eligible])
    weights = TermWeights()
    weights.add(counts)
    vectors = weights.weigh(counts)
    meanings = sentence_vectors(articles, [units[i] for i in eligible])
    similarity = FACT_TERM_WEIGHT * cross(vectors, vectors) + (1 - FACT_TERM_WEIGHT) * (
        meanings @ meanings.T
    )
    article_of = np.array([units[i].article for i in eligible])
    similarity[article_of[:, None] == article_of[None, :]] = 0.0
    outlet_of_row = np.array([outlet_of(articles[a]) for a in article_of])
    other_outlet = outlet_of_row[:, None] != outlet_of_row[None, :]
    # near enough to doubt exclusivity, even where only a name is shared
    elsewhere = np.where(other_outlet, similarity, 0.0).max(axis=1)
    anchors = [set(anchor_terms(units[i].text)) for i in eligible]
    echoed = frozenset(
        eligible[a]
        for a in range(len(eligible))
        if anchors[a]
        and any(anchors[a] & anchors[b] for b in np.flatnonzero(other_outlet[a]).tolist())
    )
    content: dict[int, set[str]] = {}
    for article in sorted({units[i].article for i in eligible}):
        mine = [i for i in eligible if units[i].article == article]
        spans = [(units[i].start, units[i].end) for i in mine]
        content.update(zip(mine, content_terms(articles[article], spans), strict=True))
    content_of_row = [content[i] for i in eligible]
    for a, b in np.argwhere(np.triu(similarity, 1) >= threshold):
        if not content_of_row[a] & content_of_row[b]:
            similarity[a, b] = similarity[b, a] = 0.0
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
        if similarity[np.ix_(sorted(members[a]), sorted(members[b]))].min() < threshold:
            continue
        group[b] = a
        members[a] |= members.pop(b)
    return Alignment(
        [sorted(eligible[i] for i in m) for m in members.values()],
        {eligible[i]: float(elsewhere[i]) for i in range(len(eligible))},
        echoed,
    )


def coverage(
    articles: Sequence[Article], units: list[Unit], alignment: Alignment
) -> dict[str, Any]:
    """The facts and which outlets state each. A fact of one outlet is ``exclusive`` only when
    no sentence of another outlet comes near it (similarity below ``EXCLUSIVE_BELOW``) or names
    the same amount or date: the alignment misses rewordings, so a near miss is no evidence that
    the others left it out."""
    outlets = sorted({outlet_of(a) for a in articles})
    facts = []
    for group in alignment.groups:
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
                "exclusive": kind == "one"
                and len(outlets) > 1
                and alignment.elsewhere.get(group[0], 0.0) < EXCLUSIVE_BELOW
                and group[0] not in alignment.echoed,
                "outlets": {o: by_outlet.get(o, []) for o in outlets},
                "outlet_count": shared,
                "first": min((units[i].article, units[i].index) for i in group),
            }
        )
    facts.sort(key=lambda f: (-f["outlet_count"], f["first"]))
    for fact in facts:
        del fact["first"]
    exclusive = {o: sum(1 for f in facts if f["exclusive"] and f["outlets"][o]) for o in outlets}
    return {
        "outlets": outlets,
        "facts": facts,
        "exclusive_counts": exclusive,
        "shared_counts": {
            o: sum(1 for f in facts if f["coverage"] != "one" and f["outlets"][o]) for o in outlets
        },
    }
