"""Names and their matching keys: transliteration, genitives, titles, glued names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache, cached_property, lru_cache

from ...errors import ResourceError
from ...lang.de import word_list, word_set
from ...model import Article, EntityMention, Token
from ...resources import read_rows
from ...stages.entities import DATA, lexicon
from .derived import legal_forms

_TITLES = frozenset(["Dr.", "Prof.", "Herr", "Frau", "Sir", "Mr.", "Mrs.", "Ms."])


@cache
def _transliteration() -> tuple[tuple[re.Pattern[str], str], ...]:
    rules = []
    path = DATA / "transliteration.tsv"
    for number, (pattern, replacement, _example) in read_rows(path, 3):
        try:
            rules.append((re.compile(pattern), replacement))
        except re.error as exc:
            raise ResourceError(f"{path}:{number}: bad regex {pattern!r}: {exc}") from exc
    return tuple(rules)


@lru_cache(maxsize=1 << 18)  # asked for every mention of a corpus, often of the same names
def name_key(name: str) -> str:
    """Matching key of a name: lowercase, no accents, transliteration variants folded."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    key = "".join(c for c in decomposed if not unicodedata.combining(c))
    for pattern, replacement in _transliteration():
        key = pattern.sub(replacement, key)
    return key


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :] or (len(a) == len(b) and a[i + 1 :] == b[i + 1 :])


def given_names_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """Do two lists of given names fit one person? Missing names and initials always fit."""
    for x, y in zip(a, b, strict=False):
        if x.endswith(".") or y.endswith("."):
            if x[:1].lower() != y[:1].lower():
                return False
            continue
        kx, ky = name_key(x), name_key(y)
        if kx != ky and not (_edit_distance_at_most_one(kx, ky) and min(len(kx), len(ky)) > 3):
            return False
    return True


def genitive_base(text: str, known_keys: set[str]) -> str:
    """The form a name is listed under, when that form's key occurs in the corpus or the word
    lists: Putins -> Putin, Selenskijs -> Selenskij, "Geistes von X" -> "Geist von X", "den
    Niederlanden" -> Niederlande, "der Deutschen Bank" -> Deutsche Bank, "Mannesmann AG" ->
    Mannesmann."""
    for suffix in word_list("genitive_name_endings"):
        if text.endswith(suffix) and name_key(text[: -len(suffix)]) in known_keys:
            return text[: -len(suffix)]
    if text.endswith("en") and name_key(text[:-1]) in known_keys:  # a dative plural
        return text[:-1]
    words = text.split()
    if len(words) > 1 and words[-1] in legal_forms():
        bare = " ".join(words[:-1])
        if name_key(bare) in known_keys:
            return bare
    head, space, rest = text.partition(" ")
    if space and head[:1].isupper() and rest[:1].isupper():  # an adjective: "Deutschen Bank"
        for ending in word_list("adjective_endings"):
            bare = f"{head[: -len(ending)]}e {rest}"
            if head.endswith(ending) and name_key(bare) in known_keys:
                return bare
    if space and rest.split()[0].islower():  # a head noun with its complement: "Geistes von X"
        for suffix in word_list("genitive_noun_endings"):
            bare = f"{head[: -len(suffix)]} {rest}"
            if head.endswith(suffix) and name_key(bare) in known_keys:
                return bare
    return text


def is_genitive_full_name(m: EntityMention, article: Article, at: TokenIndex) -> bool:
    """ "Joe Bidens Rede", "die Amtszeit Joe Bidens": a given name, then a surname the tagger
    lemmatises without its genitive s, in the place of a genitive: before the noun (capitalised)
    or adjective it belongs to, or after a noun that is no role ("Airbus-Chef Louis Gallois" is
    not one). Elsewhere the lemma is not trusted: a name ending in s ("Louis Gallois sagte") is
    often lemmatised as a genitive too."""
    words = m.text.split()
    if m.label != "PER" or len(words) < 2 or words[0] not in lexicon().first_names:
        return False
    if article.text[m.end - 1 : m.end] != "s":  # the last token's last letter: asks no token
        return False
    first, index = at.starts.get(m.start), at.ends.get(m.end)
    if first is None or index is None:
        return False
    tokens = article.tokens
    last = tokens[index]
    if last.text[-1:] != "s" or last.lemma != last.text[:-1]:
        return False
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    before = tokens[first - 1] if first > 0 else None
    noun_phrase_follows = (
        after is not None
        and after.sentence == last.sentence
        and (after.text[:1].isupper() or after.pos in word_set("nominal_modifier_tags"))
    )
    after_a_noun = (
        before is not None
        and before.sentence == last.sentence
        and before.pos == "NN"
        and lexicon().role(before.text) is None
    )
    return noun_phrase_follows or after_a_noun


def surname_keys(articles: list[Article]) -> set[str]:
    """Keys of the last words of multi-word person names: who is known by a surname.

    Names that begin with a known surname ("Putin Trumps Wunsch", "Brenners Behörde": tagging
    errors) add none.
    """
    names = [
        m.text.split()
        for a in articles
        for m in a.entities
        if m.label == "PER" and m.source != "role" and len(m.text.split()) > 1
    ]
    first_names = lexicon().first_names
    keys = {name_key(words[-1]) for words in names if words[0] in first_names}
    others = [words for words in names if words[0] not in first_names]
    candidates = keys | {name_key(words[-1]) for words in others}
    keys |= {
        name_key(words[-1])
        for words in others
        if name_key(genitive_base(words[0], candidates)) not in candidates
    }
    return keys


def split_glued_names(article: Article, surnames: set[str]) -> list[EntityMention]:
    """Split spans the tagger glued together ("lud Trump Selenskij ein" -> two people; "dass
    Putin Trumps Wunsch … nutzen könnte", read as one organisation, -> Putin and Trump).

    A span is glued when its first word is a known surname (in the genitive too: "Brenners
    Behörde", a possessor and its noun read as one name) and no given name; each word of it that
    is a known surname becomes a mention of its own, the rest is dropped.
    """
    lex = lexicon()
    out = []
    for m in article.entities:
        words = m.text.split()
        if (
            m.label not in ("PER", "ORG", "LOC", "OTH")
            or m.source == "role"
            or len(words) < 2
            or words[0] in lex.first_names
            or name_key(genitive_base(words[0], surnames)) not in surnames
        ):
            out.append(m)
            continue
        position = m.start
        for word in words:
            start = article.text.index(word, position)
            position = start + len(word)
            if name_key(genitive_base(word, surnames)) in surnames:
                out.append(replace(m, start=start, end=position, text=word))
    return out


def strip_titles(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[0] in _TITLES:
        words.pop(0)
    return " ".join(words)


class TokenIndex:
    """Which token starts or ends at a character offset. Worked out on first use: most
    mentions never ask, and over a store the tokens of an article are then read (by
    ``fill_tokens``, which puts them into the article) only where one does."""

    def __init__(self, article: Article, fill_tokens: Callable[[Article], None] | None = None):
        self._article = article
        self._fill_tokens = fill_tokens

    @cached_property
    def starts(self) -> dict[int, int]:
        return {t.start: i for i, t in enumerate(self._tokens())}

    @cached_property
    def ends(self) -> dict[int, int]:
        return {t.end: i for i, t in enumerate(self._tokens())}

    def _tokens(self) -> Sequence[Token]:
        if self._fill_tokens is not None:
            self._fill_tokens(self._article)
            self._fill_tokens = None
        return self._article.tokens
