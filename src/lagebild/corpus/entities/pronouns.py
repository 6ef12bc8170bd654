"""Pronouns "er" and "sie" linked to the one person they can stand for."""

from __future__ import annotations

from ...lang.de import quoted_ranges, word_list, word_set
from ...model import Article, Entity
from ...stages.entities import lexicon
from .records import Record
from .roles import count_mention


def link_pronouns(
    articles: list[Article],
    pronouns: list[Record],
    entities: dict[str, Entity],
    entity_of: dict[tuple[int, int], str],
) -> None:
    female = _women(entities)
    for record in sorted(pronouns, key=lambda r: (r.article, r.mention.start)):
        article = articles[record.article]
        pronoun = record.mention
        sentence = next(
            (i for i, s in enumerate(article.sentences) if s.start <= pronoun.start < s.end), None
        )
        if sentence is None:
            continue
        window_start = article.sentences[max(sentence - 1, 0)].start
        people = {
            entity_of[(record.article, mi)]
            for mi, m in enumerate(article.entities)
            if window_start <= m.start < pronoun.start
            and (record.article, mi) in entity_of
            and entities[entity_of[(record.article, mi)]].label == "PER"
            and not _inside_quotation(article.text, m.start)
        }
        # "sie" only for a woman, "er" never for one
        wants_female = pronoun.text.lower() in word_set("pronoun_she")
        people = {p for p in people if (p in female) == wants_female}
        if len(people) == 1:
            person = people.pop()
            entity_of[(record.article, record.index)] = person
            count_mention(entities[person], article)


def _women(entities: dict[str, Entity]) -> set[str]:
    """People the text shows to be women: a female given name ("Henrike Valstad") or a
    feminine role noun ("die Außenministerin")."""
    lex = lexicon()
    women = set()
    for entity in entities.values():
        if entity.label != "PER":
            continue
        given = {v.split()[0] for v in entity.variants if len(v.split()) > 1}
        role_words = {w for r in entity.roles for w in r["role"].split()}
        if given & lex.female_first_names or any(
            w.lower().endswith(word_list("feminine_noun_endings")) and lex.role(w)
            for w in role_words
        ):
            women.add(entity.id)
    return women


def _inside_quotation(text: str, offset: int) -> bool:
    """Is the offset within quotation marks (of the quotes of its paragraph)?

    "… beim Besuch von Herrn X", sagte er: X is named inside the quote, so "er" is not X.
    """
    paragraph_start = text.rfind("\n", 0, offset) + 1
    paragraph_end = text.find("\n", offset)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    return any(s <= offset < e for s, e in quoted_ranges(text, paragraph_start, paragraph_end))
