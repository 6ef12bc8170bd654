"""Speaker linking: each quote's speaker gets the entity id of the mention it is, or refers to.

A corpus step: it runs after entity resolution, which gives the mentions their entity ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from ..lang.de import word_set
from ..model import Article, EntityMention

_SPEAKER_LABELS = ("PER", "ORG", "LOC", "OTH")  # who speaks: a person first, a place last


@cache
def _place_head_prefixes() -> frozenset[str]:
    """What may stand before a place that heads a speaker phrase: nothing, or an article."""
    return word_set("definite_articles") | {""}


def _entity_at(mentions: list[EntityMention], text: str, start: int, end: int) -> str | None:
    """The entity a speaker span names: "die Schweizer Vermittlerin" is the person the role
    phrase resolves to, not Switzerland (its derived-form mention); a place speaks only as the
    head of the phrase ("Russland", "die USA"), not from inside it ("ein Stützpunkt bei X")."""
    overlapping = [
        m
        for m in mentions
        if m.start < end
        and start < m.end
        and (
            not m.label.startswith("LOC")
            or text[start : max(start, m.start)].strip().lower() in _place_head_prefixes()
        )
    ]
    if not overlapping:
        return None

    def rank(m: EntityMention) -> tuple[int, int]:
        known = m.label in _SPEAKER_LABELS
        order = _SPEAKER_LABELS.index(m.label) if known else len(_SPEAKER_LABELS)
        return order, -(min(end, m.end) - max(start, m.start))

    return min(overlapping, key=rank).entity


def link_speakers(articles: Iterable[Article]) -> None:
    """Give each quote's speaker the entity id of the mention it is, or refers to."""
    for article in articles:
        if not article.quotes or not article.entities:
            continue
        mentions = [m for m in article.entities if m.entity]
        # a name the tagger missed in one place ("Trump: „…“" as a sub-heading) but found
        # elsewhere in the article
        named = {
            m.text: m.entity
            for m in mentions
            if m.label == "PER" and m.source not in ("role", "pronoun")
        }
        linked = []
        for quote in article.quotes:
            speaker = quote.speaker
            if speaker is not None and speaker.entity is None:
                target = speaker.antecedent or speaker
                entity = _entity_at(mentions, article.text, target.start, target.end)
                if entity is None and speaker.antecedent is not None:
                    entity = _entity_at(mentions, article.text, speaker.start, speaker.end)
                if entity is None:
                    entity = named.get(target.text)
                if entity:
                    quote = replace(quote, speaker=replace(speaker, entity=entity))
            linked.append(quote)
        article.quotes = linked
