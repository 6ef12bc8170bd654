"""HanTa, the reference tagger our own (``lagebild.stages.postag``) learns from and is measured
against, as the bench scripts use it: the linguistic stage's HanTa (memoised per word form),
its tags normalised by ``linguistic.stts``.
"""

from __future__ import annotations

from lagebild.model import Article
from lagebild.stages.linguistic import _tagger as tagger
from lagebild.stages.linguistic import stts, tag_article
from lagebild.stages.linguistic import tag_sentence as tag

__all__ = ["annotate", "stts", "tag", "tagger"]


def annotate(article: Article) -> None:
    """The linguistic stage with HanTa's tags and lemmas (whatever the stage's default is)."""
    tag_article(article, tag)
