"""Resolve entity mentions across articles into corpus-level entities with roles.

Names are compared by a matching key: the genitive ``s`` is dropped when the bare form occurs in
the corpus (Putins -> Putin, des Kremls -> Kreml) and ``data/de/transliteration.tsv`` maps
spelling variants to one key (Selenskyj / Zelensky -> selenski, Lawrow / Lavrov -> lavrov).

People are grouped by surname key; full names with the same surname form one person only when
their given names agree (same key, one edit apart as Dmitri / Dimitri, or an initial). A bare
surname joins the full name with that surname in its own article, else the only person in the
corpus with that surname; where several share it, it stays a separate, unmerged entity.

Role phrases from the entities stage become roles of the person they stand next to
("Kremlsprecher Dmitri Peskow", "Kirill Dmitrijew, Leiter des Fonds,"); standing alone ("der
russische Chefdiplomat") they resolve to the person holding that role (synonyms from
``roles.tsv``, nationality must agree): in the same article first, else if unique in the corpus.
Lone role phrases no person can be tied to keep ``entity=None``.

A pronoun "er" or (singular) "sie" links to a person only when exactly one person of that
gender is named, outside quotation marks, in its sentence before it and the sentence before
(role phrases and earlier linked pronouns count); otherwise it is dropped. A woman is known by a
female given name (``first_names.tsv``) or a feminine role noun ("Außenministerin"); "er" never
links to a known woman, "sie" only to one.

One name, one label: the tagger may call the same name a person in one sentence and an
organisation in the next ("Fox News"). Names of news media, platforms and other known
organisations (``media.tsv``, ``organisations.tsv``) are organisations, countries are places, a
name that begins with a known given name is a person; otherwise all mentions of a name take the
label most of them carry, unless a second label is well attested too and every article is
consistent about the name (a person in one story and a place in another, both called
"Hollerbach"); one article giving a name two labels shows the tagger unsure, and the majority
decides.

Metonymy: names listed in ``metonyms.tsv`` that act as a government ("der Kreml", "Moskau
erklärte") resolve to a government entity ("Regierung Russlands", ORG) instead of the place;
such mentions carry source ``metonym`` and the government's roles record each metonymic use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

from ...model import Article, Entity
from ...stages.entities import lexicon
from ...stages.entities.consistency import (
    document_mentions,
    names_by_first_word,
    unambiguous_names,
)
from .grouping import build_entities, group_others, group_people
from .labels import (
    corrected_label,
    is_generic_person_noun,
    is_metonymic,
    is_role_before_name,
    organisation_names,
    parenthesised_aliases,
    vote_labels,
)
from .names import (
    TokenIndex,
    genitive_base,
    is_genitive_full_name,
    name_key,
    split_glued_names,
    strip_titles,
    surname_keys,
)
from .pronouns import link_pronouns
from .records import Record
from .roles import attach_roles


@cache
def lexicon_name_keys() -> frozenset[str]:
    """Matching keys of the places, metonyms and organisations the data files name (computed
    once per process: the 60,000 places took 0.3 s at each resolution)."""
    lex = lexicon()
    keys = {name_key(p) for p in lex.places} | {name_key(p) for p in lex.metonyms}
    return frozenset(keys | {name_key(o) for o in organisation_names()})


def corpus_names(articles: list[Article]) -> dict[tuple[str, ...], str]:
    """The names the resolution looks for in every article: found twice, with one label."""
    return unambiguous_names([m for a in articles for m in a.entities])


def resolve(
    articles: list[Article],
    fill_tokens: Callable[[Article], None] | None = None,
    may_hold_names: Sequence[bool] | None = None,
) -> list[Entity]:
    """Cluster all mentions into entities and point every mention at its entity (in place).

    Over a store the articles may come without their tokens: ``fill_tokens`` puts them into an
    article that needs them, and ``may_hold_names`` says of each article whether one of the
    corpus's names can be found in it (``corpus_names`` has a key among its ``name_words``), so
    that only those are read for them."""
    lex = lexicon()
    metonyms = lex.metonyms
    names = corpus_names(articles)
    by_first = names_by_first_word(names)
    for ai, article in enumerate(articles):  # a name found elsewhere in the corpus, missed here
        if may_hold_names is not None:
            if not may_hold_names[ai]:
                continue
            if fill_tokens is not None:
                fill_tokens(article)
        found = document_mentions(article, article.entities, names, "corpus", by_first)
        if found:
            article.entities = sorted([*article.entities, *found], key=lambda m: m.start)
    glued_check = surname_keys(articles)
    for article in articles:
        article.entities = split_glued_names(article, glued_check)
    known = {name_key(m.text) for a in articles for m in a.entities if m.source != "role"}
    known |= lexicon_name_keys()
    surnames = surname_keys(articles)
    known |= surnames  # "Trumps" is Trump's where "Donald Trump" is named
    named: list[Record] = []
    role_mentions: list[Record] = []
    pronouns: list[Record] = []
    role_parts: set[tuple[int, int]] = set()
    generic: set[tuple[int, int]] = set()  # common nouns the tagger took for names: dropped
    for ai, article in enumerate(articles):
        at = TokenIndex(article, fill_tokens)
        for mi, m in enumerate(article.entities):
            if is_role_before_name(m, mi, article):
                role_parts.add((ai, mi))
                role_mentions.append(Record(ai, mi, m, m.text))
                continue
            if m.source in ("role", "pronoun"):
                (role_mentions if m.source == "role" else pronouns).append(
                    Record(ai, mi, m, m.text)
                )
                continue
            if is_generic_person_noun(m):
                generic.add((ai, mi))
                continue
            base = strip_titles(genitive_base(m.text, known))
            if base == m.text and is_genitive_full_name(m, article, at):
                base = m.text[:-1]
            record = Record(ai, mi, m, base, label=corrected_label(m, base, surnames))
            metonym = metonyms.get(base)
            if metonym and record.label in ("LOC", "ORG") and is_metonymic(m, metonym, article, at):
                record.metonym = metonym
            named.append(record)

    vote_labels(named)
    full_names = {(r.article, r.index): r.base for r in named}
    short_forms = {
        short: full_names[at]
        for short, at in parenthesised_aliases(articles).items()
        if at in full_names
    }
    groups = group_people([r for r in named if r.label == "PER" and not r.metonym])
    groups += group_others([r for r in named if r.label != "PER" or r.metonym], groups, short_forms)
    entities, entity_of = build_entities(articles, groups)
    attach_roles(articles, role_mentions, entities, entity_of)
    link_pronouns(articles, pronouns, entities, entity_of)

    metonymic = {(r.article, r.index) for r in named if r.metonym}
    # the label the corpus settled on ("Fox News" ORG everywhere); a metonym keeps its own
    corrected = {(r.article, r.index): r.label for r in named if not r.metonym}
    for ai, article in enumerate(articles):
        updated = []
        for mi, m in enumerate(article.entities):
            target = entity_of.get((ai, mi))
            if (ai, mi) in generic:
                continue
            if target is None:
                if m.source != "pronoun":
                    updated.append(m)  # a lone role phrase no person could be tied to (yet)
                continue
            source = "metonym" if (ai, mi) in metonymic else m.source.replace("metonym", "ner")
            if (ai, mi) in role_parts:
                source = "role"
            label = corrected.get((ai, mi), m.label)
            updated.append(replace(m, entity=target, source=source, label=label))
        article.entities = updated
    return sorted(entities.values(), key=lambda e: (-e.mentions, e.name))
