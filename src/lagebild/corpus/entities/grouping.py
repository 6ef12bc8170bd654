"""Mentions grouped into entities: people by name, places and organisations by key."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from ...model import Article, Entity
from ...stages.entities import lexicon, place_of_derived
from .derived import compound_head
from .labels import organisation_aliases, organisation_names
from .names import given_names_agree, name_key
from .records import Group, Record
from .roles import add_role, country_name


def group_people(people: list[Record]) -> list[Group]:
    full: dict[str, list[Group]] = defaultdict(list)
    bare: list[Record] = []
    for record in sorted(people, key=lambda r: -len(r.base.split())):
        words = record.base.split()
        if len(words) == 1:
            bare.append(record)
            continue
        surname_key = name_key(words[-1])
        for group in full[surname_key]:
            if given_names_agree(group.given, words[:-1]):
                group.members.append(record)
                break
        else:
            full[surname_key].append(Group("PER", [record], words[:-1], surname_key))
    groups = [g for gs in full.values() for g in gs]
    lone: dict[str, Group] = {}
    for record in bare:
        key = name_key(record.base)
        candidates = full.get(key, [])
        in_article = [g for g in candidates if any(m.article == record.article for m in g.members)]
        if len(in_article) == 1:
            in_article[0].members.append(record)
        elif len(candidates) == 1:
            candidates[0].members.append(record)
        else:
            lone.setdefault(key, Group("PER", [], [], key)).members.append(record)
    return groups + list(lone.values())


def place_key(name: str) -> str | None:
    """Countries are keyed by ISO code, so that USA, US and Vereinigte Staaten are one place."""
    kind, code = lexicon().places.get(name, ("", ""))
    return f"country:{code}" if kind == "country" and code else None


def group_others(
    records: list[Record], people: list[Group], short_forms: dict[str, str]
) -> list[Group]:
    """Places, organisations, works; derived forms join their place, compounds their head
    (see ``derived``); what is built on nothing known gets no entity. ``short_forms`` maps the
    key of a bracketed short form to the full name it follows ("GdP" -> "Gewerkschaft der
    Polizei")."""
    lex = lexicon()
    by_key: dict[str, Group] = {}
    person_by_surname = {g.surname_key: g for g in people if g.given}
    derived: list[Record] = []
    compounds: list[Record] = []
    for record in records:
        if record.metonym:
            # keyed like a name, so that "Brüssel" joins "Europäische Union" where it occurs
            key = name_key(record.metonym.stands_for)
            by_key.setdefault(key, Group("ORG")).members.append(record)
        elif record.label.endswith(("deriv", "part")):
            derived.append(record)
        elif "-" in record.base and record.mention.source != "gazetteer":
            compounds.append(record)  # "Alaska-Gipfel": decided once the names are known
        else:
            _add_named(by_key, record, short_forms)

    def is_known(name: str) -> bool:
        key = name_key(name)
        return (
            key in by_key
            or key in person_by_surname
            or name in lex.places
            or name in organisation_names()
        )

    heads: list[tuple[Record, str | None]] = []
    for record in compounds:
        head = compound_head(record.base, is_known)
        if head is None:
            _add_named(by_key, record, short_forms)
        else:
            record.label += "part"  # a form of the name, as GermEval labels it
            heads.append((record, head))
    corpus_places = {
        g.members[0].base.lower(): g.members[0].base
        for g in by_key.values()
        if g.label == "LOC" and g.members and not g.members[0].metonym
    }
    for record in derived:
        text = record.mention.text
        if record.label.endswith("deriv"):
            heads.append((record, place_of_derived(text, corpus_places)))
        else:  # "US-Präsident" -> US, "Putin-Regierung" -> Putin, "UN-Mission" -> UN
            heads.append((record, lex.demonym(text) or text.split("-")[0]))
    for record, head in heads:
        target = _head_group(head, by_key, person_by_surname) if head else None
        if target is not None:
            target.members.append(record)
    return [g for g in by_key.values() if g.members]


def _add_named(by_key: dict[str, Group], record: Record, short_forms: dict[str, str]) -> None:
    name = short_forms.get(name_key(record.base), record.base)
    if record.label == "ORG":
        name = organisation_aliases().get(name, name)  # "EU" is "Europäische Union"
    key = (record.label != "OTH" and place_key(name)) or name_key(name)
    by_key.setdefault(key, Group(record.label)).members.append(record)


def _head_group(
    head: str, by_key: dict[str, Group], person_by_surname: dict[str, Group]
) -> Group | None:
    """The group of the name a derived word or compound is built on, made for a place or an
    organisation the word lists know; None when nothing known is named."""
    lex = lexicon()
    head = organisation_aliases().get(head, head)
    key = place_key(head) or name_key(head)
    if head in lex.metonyms and lex.metonyms[head].always:  # "Kreml-Sprecher"
        key = name_key(lex.metonyms[head].stands_for)
    target = by_key.get(key) or person_by_surname.get(name_key(head))
    if target is None and head in lex.places:
        name = country_name(head) if place_key(head) else head
        target = by_key.setdefault(key, Group("LOC", given=[name]))
    if target is None and head in organisation_names():
        target = by_key.setdefault(key, Group("ORG", given=[head]))
    return target


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x"


def _canonical(group: Group) -> tuple[str, str]:
    """Name and label of a group: the most frequent fullest nominative form, majority label."""
    metonym = next((r.metonym for r in group.members if r.metonym), None)
    if metonym:
        return metonym.stands_for, "ORG"
    full_labels = [r.label for r in group.members if r.label in ("PER", "ORG", "LOC", "OTH")]
    label = Counter(full_labels).most_common(1)[0][0] if full_labels else group.label
    forms = Counter(
        r.base for r in group.members if r.label == label and r.base == r.mention.text
    ) or Counter(r.base for r in group.members if r.label == label)
    if not forms:
        name = group.given[0] if group.given else group.members[0].mention.text
        return name, label.removesuffix("deriv").removesuffix("part") or "LOC"
    longest = max(len(f.split()) for f in forms)
    name = max((f for f in forms if len(f.split()) == longest), key=lambda f: (forms[f], f))
    return name, label


def build_entities(
    articles: list[Article], groups: list[Group]
) -> tuple[dict[str, Entity], dict[tuple[int, int], str]]:
    entities: dict[str, Entity] = {}
    entity_of: dict[tuple[int, int], str] = {}
    for group in groups:
        name, label = _canonical(group)
        prefix = "gov" if any(r.metonym for r in group.members) else label.lower()
        entity_id = f"{prefix}:{_slug(name)}"
        n = 2
        while entity_id in entities:
            entity_id = f"{prefix}:{_slug(name)}-{n}"
            n += 1
        entity = Entity(entity_id, name, label)
        # "Putins" is how the name is written; "russische", "Ukraine-Krieg" are other words
        derived = [r for r in group.members if r.label.endswith(("deriv", "part"))]
        named = [r for r in group.members if not r.label.endswith(("deriv", "part"))]
        entity.variants = _by_frequency(r.mention.text for r in named)
        entity.forms = _by_frequency(r.mention.text for r in derived)
        entity.mentions = len(group.members)
        per_outlet: Counter[str] = Counter(
            articles[r.article].outlet or "unknown" for r in group.members
        )
        entity.mentions_per_outlet = dict(sorted(per_outlet.items()))
        for r in group.members:
            entity_of[(r.article, r.index)] = entity_id
            if r.metonym:
                add_role(entity, f"Metonymie: {r.mention.text}", articles[r.article])
        entities[entity_id] = entity
    return entities, entity_of


def _by_frequency(texts: Iterable[str]) -> list[str]:
    counts = Counter(texts)
    return sorted(counts, key=lambda v: (-counts[v], v))
