"""How each outlet tells one story: facts, voices, wording, discrepancies, headlines and leads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...model import Article, field_dict
from .discrepancies import discrepancies
from .facts import SentenceVectors, align_facts, coverage, embed_units
from .lexicons import sentiment_words, shown_finding
from .units import MIN_FACT_WORDS, Unit, cite, is_german, outlet_of, sentences_of
from .voices import voices
from .wording import main_actors, unsourced, wording


def german_only_not_run(article: Article) -> dict[str, Any]:
    """The wording entry of an article in another language: the German word lists and cues did
    not run on it, and it says so (its facts and voices are still compared)."""
    return {
        "words": article.words,
        "not_analysed": (
            f"Sprache {article.language}: wertende Begriffe, Meinungssignale, Ton und Aussagen "
            "ohne Quelle werden nur in deutschen Texten gesucht"
        ),
        "loaded": [],
        "loaded_per_1000_words": None,
        "opinion_signals": {},
        "opinion_examples": {},
        "tone": {},
        "sentences_without_source": 0,
        "evaluative_without_source": [],
    }


def headlines(article: Article, units: list[Unit]) -> dict[str, Any]:
    lead = [u for u in units if len(u.text.split()) >= MIN_FACT_WORDS][:2]
    return {
        "article_id": article.id,
        "outlet": outlet_of(article),
        "title": article.title,
        "published": article.published,
        "lead": [cite(article, u) for u in lead],
    }


@dataclass(frozen=True)
class StoryComparison:
    """How each outlet tells one story; every finding cites its article and offsets."""

    articles: list[dict[str, Any]]  # headline and lead of each article
    coverage: dict[str, Any]  # facts aligned across outlets
    voices: dict[str, Any]
    wording: dict[str, Any]
    discrepancies: list[dict[str, Any]]
    # discrepancy kinds measured below 0.8 precision: counted, not shown by default
    discrepancies_hidden: dict[str, int]
    layers: dict[str, bool]  # which article layers the comparison could use

    def to_dict(self) -> dict[str, Any]:
        return field_dict(self)


def compare_story(
    articles: Sequence[Article],
    sentence_vectors: SentenceVectors = embed_units,
    show_all: bool = False,
) -> StoryComparison:
    """The outlet comparison of one story's articles (every finding cited); ``sentence_vectors``
    gives the encoder vectors of the sentences to align (a store passes the kept ones).
    Discrepancy kinds measured below 0.8 precision (data/de/finding_precision.tsv) are only
    counted, unless ``show_all``."""
    articles = sorted(articles, key=lambda a: (a.published or "", a.id))
    units_by_article = [sentences_of(a, i) for i, a in enumerate(articles)]
    units = [u for us in units_by_article for u in us]
    alignment = align_facts(articles, units, sentence_vectors)
    found_voices = voices(articles, units_by_article)
    found = discrepancies(articles, units_by_article, units, alignment.groups, found_voices)
    shown = [d for d in found if show_all or shown_finding(f"discrepancy:{d['kind']}")]
    hidden = Counter(d["kind"] for d in found if d not in shown)
    actors = main_actors(articles)
    per_article = [
        {
            "article_id": a.id,
            "outlet": outlet_of(a),
            "title": a.title,
            "published": a.published,
            "language": a.language,
            **(
                {**wording(a, us, actors), **unsourced(a, us)}
                if is_german(a)
                else german_only_not_run(a)
            ),
        }
        for a, us in zip(articles, units_by_article, strict=True)
    ]
    return StoryComparison(
        articles=[headlines(a, us) for a, us in zip(articles, units_by_article, strict=True)],
        coverage=coverage(articles, units, alignment),
        voices=found_voices,
        wording={"actors": actors, "articles": per_article},
        discrepancies=shown,
        discrepancies_hidden=dict(sorted(hidden.items())),
        layers={
            "quotes": any(a.quotes for a in articles),
            "entities": any(a.entities for a in articles),
            "timexes": any(a.timexes for a in articles),
            "sentiment": bool(sentiment_words()),
            "german_only_not_run_for": [a.id for a in articles if not is_german(a)],
        },
    )
