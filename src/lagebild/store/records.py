"""Stored rows back into the model's objects (shared by the store and the Spark reader)."""

from __future__ import annotations

import json
import sqlite3
from sys import intern
from typing import Any

from ..model import Entity, EntityMention, Quote, Span, SpeakerKind, SpeakerMention, Token


def tokens_from_json(text: str, data: str) -> list[Token]:
    # words, tags and lemmas repeat across articles: one copy of each string, so that a corpus
    # read whole for its corpus steps takes a third less memory
    return [
        Token(s, e, intern(text[s:e]), intern(pos), intern(lemma), sent)
        for s, e, pos, lemma, sent in json.loads(data)
    ]


def mention_from_row(row: sqlite3.Row) -> EntityMention:
    return EntityMention(
        row["start"], row["end"], row["text"], row["label"], row["entity_id"], row["source"] or ""
    )


def _span(d: dict[str, Any] | None) -> Span | None:
    return Span(d["start"], d["end"], d["text"]) if d else None


def quote_from_dict(d: dict[str, Any], without_entity: bool = False) -> Quote:
    sp = d.get("speaker")
    speaker = (
        SpeakerMention(
            sp["start"],
            sp["end"],
            sp["text"],
            None if without_entity else sp.get("entity"),
            SpeakerKind(sp.get("kind", SpeakerKind.NAMED)),
            _span(sp.get("antecedent")),
        )
        if sp
        else None
    )
    return Quote(
        d["start"],
        d["end"],
        d["text"],
        d["type"],
        speaker,
        _span(d.get("cue")),
        _span(d.get("channel")),
        _span(d.get("addressee")),
        tuple(tuple(p) for p in d.get("parts", [])),  # type: ignore[misc]
    )


def entity_from_dict(d: dict[str, Any]) -> Entity:
    return Entity(
        id=d["id"],
        name=d["name"],
        label=d["label"],
        variants=d.get("variants", []),
        forms=d.get("forms", []),
        mentions=d.get("mentions", 0),
        roles=d.get("roles", []),
        affiliation=d.get("affiliation"),
        mentions_per_outlet=d.get("mentions_per_outlet", {}),
    )
