"""What of a tagged span is a name: the tagger sweeps in words around names and takes some
common nouns for names. The entity list is what an analyst scans first, so a mention has to be
the head of a noun phrase that names something:

- a leading lowercase article or preposition goes ("der Geist von …"), and so does a
  capitalised preposition in a heading ("Von Ukraine bis …") unless a person is named ("Von der
  Heide");
- anything from a quotation mark on goes ("Geistes von X“ in"), and a span ends before a finite
  verb ("Waggon brannte") and at a comma, semicolon or bracket ("Sunniten, Schiiten" are two,
  "Lyon (Frankreich)" too);
- a common noun before a name's genitive is the noun the name depends on, not part of the name
  ("im Beisein Selenskijs" → Selenskijs; "die Deponie Schönberg" → Schönberg), unless the span
  names an organisation ("Universität Greifswald"); so is a capitalised word the POS tagger
  reads as an adjective before a known name's genitive ("Gebietsgewinne Moskaus");
- a person's name followed by a place's name is two names ("dass Angela Merkel Frankreich
  besuchte": a person and a place, not one person);
- lowercase words left in front are adjectives ("libanesischen Armee"): a place adjective among
  them stays as a derived mention of the place, a common noun behind them is no name;
- a common noun after a place's name goes ("Timor-Leste Platz 158", "Moskau Souvenir-Läden";
  people keep theirs, "Brenner"); a place adjective alone is derived from the place, also
  capitalised at a sentence's start ("Finnische"); words without a proper noun that join
  nouns or count describe, they do not name ("Marineregiments und der Marinedivision");
- one word the POS tagger knows as a common noun ("Friedensverhandlungen", "Kriminalpolizei")
  is no name unless a word list knows it as one (places, organisations, media, given names).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ...lang.de import word_set
from ...lang.de.quotes import QUOTE_CHARS
from ...model import Token
from ...resources import shipped_tsv
from .resources import derivation, lexicon

_BREAKS = frozenset((",", ";", "(", ")", "[", "]"))
_FULL_LABELS = frozenset(("PER", "ORG", "LOC", "OTH"))
# labels whose spans never begin with a preposition ("Von der Heide" may be a person)
_FRAGMENT_LABELS = frozenset(("ORG", "LOC", "OTH"))


@cache
def known_names() -> frozenset[str]:
    """Names the word lists know: places, organisations and media, seats of power, given names."""
    lex = lexicon()
    listed = {
        row["name"]
        for file in ("de/media.tsv", "de/organisations.tsv")
        for row in shipped_tsv(file, ("name", "kind"))
    }
    return frozenset(listed | set(lex.places) | set(lex.metonyms) | lex.first_names)


def _is_known(word: str) -> bool:
    names = known_names()
    return word in names or (word.endswith("s") and word[:-1] in names)


def _is_common_noun(token: Token) -> bool:
    return token.pos == "NN" and "-" not in token.text and not _is_known(token.text)


def _is_noun_before_genitive(token: Token, following: Token) -> bool:
    """A capitalised word before the genitive of a known name that is no name itself: a
    common noun, or a noun the POS tagger took for an adjective ("Gebietsgewinne Moskaus")."""
    if _is_common_noun(token):
        return True
    return (
        token.pos == "ADJA"
        and token.text[:1].isupper()
        and "-" not in token.text
        and not _is_known(token.text)
        and not lexicon().demonym(token.text)
        and following.text.endswith("s")
        and following.text[:-1] in known_names()
    )


def _person_then_place(tokens: Sequence[Token], first: int, stop: int) -> bool:
    """Does the span open with a known given name and close with a place's name that is no
    family name ("Angela Merkel Frankreich")?"""
    lex = lexicon()
    opening, last = tokens[first].text, tokens[stop - 1].text
    return (
        stop - first >= 3
        and (opening in lex.first_names or opening in lex.given_names)
        and last in lex.places
        and last not in lex.family_names
        and last not in lex.given_names
    )


def _is_compound_after_place(tokens: Sequence[Token], k: int) -> bool:
    """A hyphenated common noun after a known place's name: "in Moskau Matrjoschka-Puppen"."""
    token = tokens[k]
    return (
        token.pos == "NN"
        and "-" in token.text
        and not _is_known(token.text.partition("-")[0])
        and tokens[k - 1].text in lexicon().places
    )


def _is_description(tokens: Sequence[Token]) -> bool:
    """Words without a proper noun that join nouns or count: "Marineregiments und der
    Marinedivision", "Damen 43 Starterinnen" describe, they do not name."""
    names = word_set("proper_noun_tags")
    if any(t.pos in names or _is_known(t.text) for t in tokens):
        return False
    return any(t.pos in word_set("describing_phrase_tags") for t in tokens)


def _looks_like_a_place(word: str) -> bool:
    """ "Meersburg", "Walchensee": German place names the POS tagger reads as common nouns."""
    return word.lower().endswith(derivation()["place_suffix"])


def _trimmed(tokens: Sequence[Token], first: int, stop: int, label: str) -> tuple[int, int]:
    function_tags, prepositions = (
        word_set("article_preposition_tags"),
        word_set("frequent_prepositions"),
    )
    while stop - first > 1 and (
        (tokens[first].pos in function_tags and tokens[first].text.islower())
        or (label in _FRAGMENT_LABELS and tokens[first].text.lower() in prepositions)
    ):
        first += 1
    while first < stop and tokens[first].text in QUOTE_CHARS:
        first += 1
    stop = next((k for k in range(first, stop) if tokens[k].text in QUOTE_CHARS), stop)
    finite = word_set("finite_verb_tags")
    stop = next((k for k in range(first + 1, stop) if tokens[k].pos in finite), stop)
    return first, stop


def name_spans(
    tokens: Sequence[Token], first: int, stop: int, label: str
) -> list[tuple[int, int, str]]:
    """The parts of a tagged token range ``[first, stop)`` that are names, with their labels
    (see the module docstring); empty when none is."""
    first, stop = _trimmed(tokens, first, stop, label)
    pieces, start = [], first
    for k in range(first, stop + 1):
        if k == stop or tokens[k].text in _BREAKS:
            if start < k:
                pieces.append((start, k))
            start = k + 1
    found: list[tuple[int, int, str]] = []
    for a, b in pieces:
        a, b = _trimmed(tokens, a, b, label)
        while b - a > 1 and tokens[a].text[:1].isdigit():  # "3. Bataillon", "43 Starter"
            a += 1
        if a < b:
            found += _name_part(tokens, a, b, label)
    return found


def _name_part(tokens: Sequence[Token], first: int, stop: int, label: str):
    lex = lexicon()
    names, describing = word_set("proper_noun_tags"), word_set("describing_tags")
    derived: list[tuple[int, int, str]] = []
    if label in _FULL_LABELS:
        while (
            stop - first > 1
            and tokens[first].text[:1].islower()
            and tokens[first].pos in describing
        ):
            if lex.demonym(tokens[first].text):
                derived.append((first, first + 1, "LOCderiv"))
            first += 1
        if label != "ORG":
            while (
                stop - first > 1
                and _is_noun_before_genitive(tokens[first], tokens[first + 1])
                and tokens[first + 1].pos in names
            ):
                first += 1
        if _person_then_place(tokens, first, stop):
            return [*derived, (first, stop - 1, "PER"), (stop - 1, stop, "LOC")]
    if (
        label == "LOC"
    ):  # "Timor-Leste Platz 158": the noun after the name goes (not for people: "Brenner")
        while (
            stop - first > 1
            and tokens[stop - 2].pos in names
            and (_is_common_noun(tokens[stop - 1]) or _is_compound_after_place(tokens, stop - 1))
        ):
            stop -= 1
    if stop - first > 1 and _is_description(tokens[first:stop]):
        return derived
    if stop - first == 1 and label in _FULL_LABELS:
        word = tokens[first]
        if _is_known(word.text) or (label == "LOC" and _looks_like_a_place(word.text)):
            return [*derived, (first, stop, label)]
        if word.pos == "ADJA" and lex.demonym(word.text):  # "Finnische" opening a sentence
            return [*derived, (first, stop, "LOCderiv")]
        if word.text[:1].islower() or _is_common_noun(word) or len(word.text) < 2:
            return derived
    return [*derived, (first, stop, label)]
