"""CRF features of a word in its sentence."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ...lang.de import word_set
from .resources import Lexicon, lexicon


@lru_cache(maxsize=200_000)
def shape(word: str) -> str:
    """Word shape with runs collapsed: "Putin-Regierung" -> "Xx-Xx", "G7" -> "Xd"."""
    out = []
    for char in word:
        cls = "X" if char.isupper() else "x" if char.isalpha() else "d" if char.isdigit() else char
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out)[:8]


def _place_tags(words: Sequence[str], lex: Lexicon) -> list[str]:
    """Per word: "B"/"I" of a (multi-word) place name found by longest match, else ""."""
    tags = [""] * len(words)
    i = 0
    while i < len(words):
        best = 0
        for name in lex.place_firsts.get(words[i], ()):
            if tuple(words[i : i + len(name)]) == name and len(name) > best:
                best = len(name)
        if not best and (words[i] in lex.places or genitive_base(words[i]) in lex.places):
            best = 1
        if best:
            tags[i : i + best] = ["B"] + ["I"] * (best - 1)
            i += best
        else:
            i += 1
    return tags


def genitive_base(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[str, ...]:
    """Features of the word itself; memoised, as news vocabulary repeats a lot."""
    lex = lexicon()
    lower = word.lower()
    feats = [
        "w=" + lower,
        "shape=" + shape(word),
        "p3=" + lower[:3],
        "s2=" + lower[-2:],
        "s3=" + lower[-3:],
        "s4=" + lower[-4:],
    ]
    for level, cluster in enumerate(lex.clusters.get(lower, ("none",))):
        feats.append(f"c{level}=" + cluster)
    if word in lex.first_names:
        feats.append("first_name")
    # known names of many countries, also in the genitive ("Kowalskis"): "name_family",
    # "name_given" (k-fold F1 +0.012, PER +0.027)
    genitive = word.endswith("s") and word not in lex.family_names
    base = word[:-1] if genitive and word[:-1] in lex.family_names else word
    if base in lex.family_names:
        feats.append("name_family")
    if base in lex.given_names:
        feats.append("name_given")
    if lex.demonym(word):
        feats.append("demonym")
    endings = word_set("inhabitant_endings")
    if any(word.endswith(e) and word[: -len(e)] in lex.places for e in endings):
        feats.append("place_er")  # "Fürther", "Iraner": inhabitants and their adjectives
    if "-" in word.strip("-"):
        head, _, tail = word.partition("-")
        feats += ["hy_head=" + head.lower(), "hy_tail=" + tail.lower()[-5:]]
        if head in lex.places or lex.demonym(head) or head.isupper():
            feats.append("hy_head_place_or_acronym")
        if head in lex.first_names or (head[:1].isupper() and tail[:1].isupper()):
            feats.append("hy_caps_parts")
    return tuple(feats)


@lru_cache(maxsize=200_000)
def _neighbour_features(word: str, offset: int) -> tuple[str, ...]:
    """What a word at ``offset`` (-1 or 1) tells its neighbour: its shape, clusters and name
    features, then its last three letters; memoised like ``_word_features``."""
    prefix = f"{offset}:"
    return (
        prefix + "shape=" + shape(word),
        *(prefix + f for f in _word_features(word) if f.startswith(("c", "first", "name_"))),
    )


def sentence_features(
    words: Sequence[str], pos: Sequence[str], lemmas: Sequence[str]
) -> list[list[str]]:
    """CRF features for each word of one sentence."""
    lex = lexicon()
    nouns = word_set("noun_tags")
    own = [_word_features(w) for w in words]
    lowers = [w.lower() for w in words]
    lemma_lowers = [lemma.lower() for lemma in lemmas]
    places = _place_tags(words, lex)
    out = []
    n = len(words)
    for i, word in enumerate(words):
        feats = ["bias", "pos=" + pos[i], "lemma=" + lemma_lowers[i], *own[i]]
        if places[i]:
            feats.append("place=" + places[i])
        if i == 0:
            feats.append("first_word")
        if word[:1].isupper() and pos[i] not in nouns:
            feats.append("cap_not_noun")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n:
                feats.append(f"{offset}:w=" + lowers[j])
                feats.append(f"{offset}:pos=" + pos[j])
                if abs(offset) == 1:
                    feats += _neighbour_features(words[j], offset)
                    if places[j]:
                        feats.append(f"{offset}:place")
            else:
                feats.append(f"{offset}:edge")
        feats.append("pos-1|pos=" + (pos[i - 1] if i else "^") + "|" + pos[i])
        feats.append("pos|pos+1=" + pos[i] + "|" + (pos[i + 1] if i + 1 < n else "$"))
        # a wider window and word pairs: "Sprecher des", "von Anchorage" (k-fold F1 +0.008)
        for offset in (-3, 3):
            j = i + offset
            feats.append(f"{offset}:w=" + (lowers[j] if 0 <= j < n else "<edge>"))
        for offset in (-2, -1, 1):
            j = i + offset
            if 0 <= j < n:
                feats.append(f"{offset}:lemma=" + lemma_lowers[j])
                if abs(offset) == 1:
                    feats.append(f"{offset}:s3=" + lowers[j][-3:])
        feats.append("w-1|w=" + (lowers[i - 1] if i else "^") + "|" + lowers[i])
        feats.append("w|w+1=" + lowers[i] + "|" + (lowers[i + 1] if i + 1 < n else "$"))
        out.append(feats)
    return out
