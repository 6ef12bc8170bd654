"""Role phrases: what role a phrase names, and the person it belongs to."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ...lang.de import word_set
from ...model import Article, Entity
from ...stages.entities import lexicon
from .records import Record

_APPOSITION_GAP = re.compile(
    r"\s*,\s*(?:(?:"
    + "|".join(sorted(word_set("apposition_articles")))
    + r")\s*|(?:[A-ZÄÖÜ][\w-]*\s+)?[A-ZÄÖÜ][\w-]*s\s+)?"
)


@dataclass(frozen=True)
class RoleStatement:
    role: str  # as shown: "Außenminister", "Leiter des Direktinvestitionsfonds"
    key: str  # for matching lone role mentions: "außenminister"
    affiliation: str  # German place name or ""


def parse_role(text: str) -> RoleStatement | None:
    """Role, matching key and affiliation of a role phrase ("russische Außenminister")."""
    lex = lexicon()
    words = text.split()
    head_at = next((i for i, w in enumerate(words) if lex.role(w)), None)
    if head_at is None:
        return None
    affiliation = next((lex.demonym(w) for w in words[:head_at] if lex.demonym(w)), "")
    head = lex.role_base(words[head_at]) or words[head_at]
    prefix, _, tail = head.rpartition("-")
    role_word = head
    if prefix in lex.places:  # "US-Sondergesandter": the prefix names the country
        affiliation = affiliation or country_name(prefix)
        role_word = tail
    role = lex.role(role_word)
    if role is None:
        return None
    folded = role_word.lower().replace("-", "")
    key = lex.roles[folded].same_as if folded in lex.roles else folded
    shown = [head, *words[head_at + 1 :]]
    # a describing adjective belongs to the role ("leitender Forscher"), a nationality does not
    if head_at and not lex.demonym(words[head_at - 1]):
        shown.insert(0, words[head_at - 1])
    return RoleStatement(" ".join(shown), key, affiliation or role.affiliation)


def country_name(name: str) -> str:
    """German name of the country a short form stands for: "US" -> "Vereinigte Staaten"."""
    lex = lexicon()
    code = lex.places.get(name, ("", ""))[1]
    for _, place in lex.demonyms:
        if code and lex.places.get(place, ("", ""))[1] == code:
            return place
    return name


def add_role(entity: Entity, role: str, article: Article) -> None:
    record = {"role": role, "article": article.id, "date": article.published}
    if record not in entity.roles:
        entity.roles.append(record)


def attach_roles(
    articles: list[Article],
    role_mentions: list[Record],
    entities: dict[str, Entity],
    entity_of: dict[tuple[int, int], str],
) -> None:
    holders: dict[tuple[int, str], set[str]] = defaultdict(set)  # (article, key) -> entities
    corpus_holders: dict[str, set[str]] = defaultdict(set)
    affiliations: dict[str, Counter[str]] = defaultdict(Counter)
    lone: list[tuple[Record, RoleStatement]] = []
    for record in role_mentions:
        article = articles[record.article]
        statement = parse_role(record.mention.text)
        if statement is None:
            continue
        person = _apposed_person(article, record, entity_of, entities)
        if person is None:
            lone.append((record, statement))
            continue
        entity_of[(record.article, record.index)] = person
        add_role(entities[person], statement.role, article)
        holders[(record.article, statement.key)].add(person)
        corpus_holders[statement.key].add(person)
        if statement.affiliation:
            affiliations[person][statement.affiliation] += 1
    for person, counts in affiliations.items():
        entities[person].affiliation = counts.most_common(1)[0][0]

    def fitting(candidates: set[str], affiliation: str) -> set[str]:
        """Holders of that nationality first, else those of unknown nationality."""
        if not affiliation:
            return candidates
        same = {c for c in candidates if entities[c].affiliation == affiliation}
        return same or {c for c in candidates if entities[c].affiliation is None}

    for record, statement in lone:
        # the holders in the same article first, else those in the corpus
        candidates = fitting(
            holders.get((record.article, statement.key), set()), statement.affiliation
        ) or fitting(corpus_holders.get(statement.key, set()), statement.affiliation)
        if len(candidates) == 1:
            person = next(iter(candidates))
            entity_of[(record.article, record.index)] = person
            count_mention(entities[person], articles[record.article])


def count_mention(entity: Entity, article: Article) -> None:
    entity.mentions += 1
    outlet = article.outlet or "unknown"
    entity.mentions_per_outlet[outlet] = entity.mentions_per_outlet.get(outlet, 0) + 1


def _apposed_person(
    article: Article,
    record: Record,
    entity_of: dict[tuple[int, int], str],
    entities: dict[str, Entity],
) -> str | None:
    """The person a role phrase stands next to: "Kremlsprecher X" or "X, (der) Leiter ..."."""
    text = article.text
    role = record.mention
    people = [
        (m, entity_of[(record.article, mi)])
        for mi, m in enumerate(article.entities)
        if m.source != "role"
        and (record.article, mi) in entity_of
        and entities[entity_of[(record.article, mi)]].label == "PER"
    ]
    # a role right before a name is that person's, even when it also follows another name:
    # "Finanzminister A, Verteidigungsminister B"
    for m, target in people:
        if m.start >= role.end and not text[role.end : m.start].strip():
            return target
    for m, target in people:
        if m.end <= role.start and _APPOSITION_GAP.fullmatch(text[m.end : role.start]):
            return target
    return None
