"""Working records of the resolution: one per mention, and groups of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import EntityMention
from ...stages.entities import Metonym


@dataclass
class Record:
    article: int
    index: int  # position in the article's mention list
    mention: EntityMention
    base: str  # surface form with genitive s and titles removed
    label: str = ""  # the tagger's label, corrected where the corpus knows better
    metonym: Metonym | None = None


@dataclass
class Group:
    label: str
    members: list[Record] = field(default_factory=list)
    given: list[str] = field(default_factory=list)  # PER: longest given names seen
    surname_key: str = ""
