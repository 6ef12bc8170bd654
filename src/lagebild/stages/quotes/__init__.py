"""Who said what: direct, indirect, reported and free indirect speech with their speakers.

Two CRF taggers trained on the German quotation gold (``bench/train_quotes.py``) do the bulk:
the first marks quote content (BIO per type), the second speakers, cues and addressees, seeing
the content labels. Rules built on the data files in ``data/de/`` do what a token tagger cannot
or misses: pairing quotation marks, keeping an interrupted quote as one („…“, sagte er, „…“),
indirect speech after "laut X", "nach ersten Angaben X", "X zufolge", "demnach", "wie X sagte",
"X sagte, …" in sentences the tagger left empty or only partly tagged (``frames.py``),
a Konjunktiv I sentence right after reported speech as its continuation, linking each quote to
its frame (same sentence, a frame pointing back from the next sentence, a colon before, or the
speaker of the quote it continues), speech acts ("X forderte …"), partial quotes inside reported
speech, headline quotes ("Name: „…“"), channel patterns, speaker kinds and what a pronoun or
role noun refers to. Where several speaker candidates compete, the one that looks like someone
who speaks wins (a name, pronoun or speaker word, not inside a prepositional phrase or
quotation, not an abstract noun), and among those the subject of the speech verb ("Ein Sprecher
sagte der Zeitung, …"); a subject pronoun right after the speech verb beats a fronted object
("Die Lage nannte er …"). "es" and "man" speak for no one; a passive speech verb names no
speaker ("Ihm wird vorgeworfen, …") unless a "von" phrase does. Indirect or reported content
without a frame of its own is dropped rather than guessed.

The entity layer is used when an earlier stage filled it (PER/ORG decide a speaker's kind and the
names pronouns resolve to); without it, proper-noun tags stand in.

The package is split by step: ``tagging`` (the taggers and the rules that correct them),
``frames`` and ``syntax`` (the frame rules and the sentence structure they read), ``speakers``
and ``candidates`` (who speaks), ``mentions`` (speaker kinds and references), ``linking``
(putting each quote together), ``acts`` and ``partial`` (speech acts, mixed quotes), over the
shared ``reading`` of one article; ``facts``, ``features`` and ``resources`` hold what the
taggers and rules know about tokens and German (quotation marks: ``lagebild.lang.de.quotes``).
"""

from __future__ import annotations

from pathlib import Path

from ...model import Article, Quote
from ..registry import stage
from .reader import QuoteReader
from .resources import QuoteResources, load


def find_quotes(
    article: Article, res: QuoteResources | None = None, models_dir: Path | None = None
) -> list[Quote]:
    """The quotes of an article whose sentences and tokens are annotated; ``models_dir`` holds
    taggers to use instead of the shipped ones (for tuning)."""
    if not article.tokens:
        return []
    reader = QuoteReader(article, res or load())
    quotes, frames = reader.tag(models_dir)
    return reader.link(quotes, frames)


@stage("quotes", needs=("sentences", "tokens"), adds=("quotes",))
def annotate(article: Article) -> None:
    article.quotes = find_quotes(article)
