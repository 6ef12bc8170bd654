"""Document-level consistency: a name the article has recognised is a name wherever it occurs.

The tagger decides word by word and misses a name it found two sentences earlier ("Putin trifft
Trump" in a heading, the twelfth "Putin" of an interview). Once a name is recognised in an
article, its other occurrences there, with or without the genitive ending ("Putins",
"Selenskyj's"), become mentions with the label the article gives it, source ``document``. A
person's surname counts as recognised with the full name ("Donald Trump" → "Trump"). Across a
corpus the same holds for names the tagger found at least twice, always with one label (source
``corpus``, added by the resolution).

The context can say otherwise: an occurrence inside a longer name or a hyphenated compound is
left to the tagger; a one-word person's name after an article or a determiner is read as the
common noun it also is ("der Koch", "ein Fischer"); a word the POS tagger reads as a verb,
adjective or function word is no name ("Lang" as "lang" at a sentence start is not tagged NE).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from ...lang.de import word_list, word_set
from ...model import Article, EntityMention, Token

_FULL_LABELS = frozenset(("PER", "ORG", "LOC", "OTH"))


@lru_cache(maxsize=1 << 18)  # asked for every token of a corpus, mostly of the same words
def _base(word: str) -> str:
    """The word without a genitive ending: "Putins" → "Putin", "Bush’" → "Bush"."""
    for ending in word_list("genitive_name_endings"):
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[: -len(ending)]
    return word


def recognised_names(mentions: Sequence[EntityMention]) -> dict[tuple[str, ...], str]:
    """The names the tagger found (words, the last one without a genitive ending), each with
    the label most of its mentions carry; a person's surname with them."""
    return {name: counts.most_common(1)[0][0] for name, counts in _name_votes(mentions).items()}


def unambiguous_names(mentions: Sequence[EntityMention]) -> dict[tuple[str, ...], str]:
    """Names the tagger found at least twice across a corpus, always with the same label: the
    ones safe to look for in articles where it missed them."""
    return {
        name: next(iter(counts))
        for name, counts in _name_votes(mentions).items()
        if len(counts) == 1 and sum(counts.values()) > 1
    }


def _name_votes(mentions: Sequence[EntityMention]) -> dict[tuple[str, ...], Counter[str]]:
    votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if m.source != "ner" or m.label not in _FULL_LABELS:
            continue
        words = m.text.split()
        if any("-" in w.strip("-") for w in words) or not words[0][:1].isupper():
            continue  # compounds are the tagger's ("Putin-Regierung"); "von X" fragments too
        words[-1] = _base(words[-1])
        votes[tuple(words)][m.label] += 1
        if m.label == "PER" and len(words) > 1 and len(words[-1]) > 2:
            votes[(words[-1],)][m.label] += 1
    return votes


def _matches(tokens: Sequence[Token], i: int, name: tuple[str, ...]) -> bool:
    stop = i + len(name)
    if stop > len(tokens) or tokens[stop - 1].sentence != tokens[i].sentence:
        return False
    words = [t.text for t in tokens[i:stop]]
    return words[:-1] == list(name[:-1]) and _base(words[-1]) == name[-1]


def _fits_context(
    tokens: Sequence[Token], i: int, stop: int, label: str, one_word: bool, tags: frozenset[str]
) -> bool:
    first = tokens[i]
    if not first.text[:1].isupper() or (one_word and first.pos not in tags):
        return False
    before = tokens[i - 1] if i and tokens[i - 1].sentence == first.sentence else None
    # before a one-word person's name a determiner makes it a common noun: "der Koch"
    determiners = word_set("determiner_tags")
    return not (one_word and label == "PER" and before is not None and before.pos in determiners)


def names_by_first_word(names: dict[tuple[str, ...], str]) -> dict[str, list[tuple[str, ...]]]:
    """The names under their first word (a one-word name without its genitive ending), the
    longest first: the index ``document_mentions`` looks tokens up in. A corpus's names are
    indexed once for all its articles (indexing them per article grew with articles × names)."""
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for name in sorted(names, key=len, reverse=True):
        by_first[name[0] if len(name) > 1 else _base(name[0])].append(name)
    return by_first


def name_words(article: Article, mentions: Sequence[EntityMention]) -> frozenset[str]:
    """Where ``document_mentions`` can find a name in this article beside ``mentions``: each
    capitalised word outside them, as written and without a genitive ending, and with the next
    word of its sentence ("Die Linke"; the next word as written and without its ending). An
    article holding none of a corpus's ``name_keys`` gets nothing from the corpus's names, and
    need not be read for them."""
    covered = {c for m in mentions for c in range(m.start, m.end)}
    tokens = article.tokens
    found = set()
    for i, t in enumerate(tokens):
        if not t.text[:1].isupper() or t.start in covered:
            continue
        found.update((t.text, _base(t.text)))
        if i + 1 < len(tokens) and tokens[i + 1].sentence == t.sentence:
            after = tokens[i + 1].text
            found.update((f"{t.text} {after}", f"{t.text} {_base(after)}"))
    return frozenset(found)


def name_keys(names: dict[tuple[str, ...], str]) -> frozenset[str]:
    """What an article's ``name_words`` must hold for one of ``names`` to be found in it: a
    one-word name without its genitive ending, the first two words of a longer one."""
    return frozenset(_base(n[0]) if len(n) == 1 else f"{n[0]} {n[1]}" for n in names)


def document_mentions(
    article: Article,
    mentions: Sequence[EntityMention],
    names: dict[tuple[str, ...], str] | None = None,
    source: str = "document",
    by_first: dict[str, list[tuple[str, ...]]] | None = None,
) -> list[EntityMention]:
    """Occurrences of the article's recognised names (or of ``names``, indexed as
    ``by_first`` where given) that no mention covers yet."""
    # another article's name must look like a name here, not like a noun ("Wale" for "Wales")
    tags = word_set("name_tags" if names is None else "proper_noun_tags")
    if names is None:
        names = recognised_names(mentions)
    if not names:
        return []
    if by_first is None:
        by_first = names_by_first_word(names)
    covered = {c for m in mentions for c in range(m.start, m.end)}
    tokens = article.tokens
    found = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        candidates = by_first.get(token.text) or by_first.get(_base(token.text), [])
        match = next((n for n in candidates if _matches(tokens, i, n)), None)
        if match is None:
            i += 1
            continue
        stop = i + len(match)
        start, end = token.start, tokens[stop - 1].end
        label = names[match]
        if not any(c in covered for c in range(start, end)) and _fits_context(
            tokens, i, stop, label, len(match) == 1, tags
        ):
            text = article.text[start:end]
            found.append(EntityMention(start, end, text, label, source=source))
        i = stop
    return found
