"""HanTa, the reference tagger our own (``lagebild.stages.postag``) learns from and is measured
against. Only the bench scripts use it (``pip install -e ".[train]"``); lagebild itself does not.

HanTa analyses every word form afresh; its per-word steps are memoised here (news vocabulary is
repetitive, so tagging much text gets several times faster once under way).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from lagebild.model import Article
from lagebild.stages import linguistic


@cache
def tagger():
    from HanTa import HanoverTagger as ht

    hanover = ht.HanoverTagger("morphmodel_ger.pgz")
    # All are pure functions of their arguments. The two inner ones see the lower-cased word,
    # so "Haus" at a sentence start and inside share one analysis.
    for name in ("_tag_word", "_analyze", "analyze_forward", "analyze_viterbi"):
        setattr(hanover, name, lru_cache(maxsize=200_000)(getattr(hanover, name)))
    return hanover


def stts(hanta_tag: str, word: str) -> str:
    """HanTa writes some STTS tags with parentheses (VV(FIN)); quotes and dashes come as XY."""
    if hanta_tag == "XY" and not any(c.isalnum() for c in word):
        return "$("
    return hanta_tag.replace("(", "").replace(")", "")


def tag(words: Sequence[str]) -> list[tuple[str, str]]:
    """(lemma, STTS tag) for each word of one tokenised sentence, as ``postag.tag`` returns."""
    return [(lemma, stts(pos, word)) for word, lemma, pos in tagger().tag_sent(list(words))]


def annotate(article: Article) -> None:
    """The linguistic stage with HanTa's tags and lemmas instead of ours."""
    linguistic.tag_article(article, tag)
