"""Per-article limits: an article that would stall the batch is skipped with a clear reason."""

from __future__ import annotations

import json
import time

import pytest

import lagebild
import lagebild.pipeline
from lagebild.limits import MAX_SENTENCE_WORDS, MAX_WORD_CHARS, too_costly

ARTICLE = (
    "Der Gemeinderat hat am Montag den neuen Radweg am Fluss beschlossen. "
    "Die Bauarbeiten sollen im Frühjahr beginnen."
)
STALL = "Dieser Artikel lässt die Analyse nie enden."


def _jsonl(write, *texts: str) -> str:
    return write("batch.jsonl", "\n".join(json.dumps({"text": t}) for t in texts))


def test_a_four_thousand_letter_word_is_skipped_at_once_and_the_batch_goes_on(write):
    path = _jsonl(write, "Der Rat tagte. " + "a" * 4_000 + " ist lang.", ARTICLE)
    started = time.process_time()
    corpus = lagebild.analyze([path], stages=("linguistic",))
    assert time.process_time() - started < 30  # the tagger alone needs two minutes for it
    assert len(corpus.articles) == 1
    (skipped,) = corpus.skipped
    assert skipped.line == 1 or skipped.source.endswith(":1")
    assert "'word' of 4,000 characters" in skipped.reason


def test_a_sentence_of_a_hundred_thousand_words_is_skipped_with_its_reason(write):
    path = _jsonl(write, "Der Rat tagte. " + "und Haus " * 100_000 + "ist lang.", ARTICLE)
    corpus = lagebild.analyze([path], stages=("linguistic",))
    assert len(corpus.articles) == 1
    assert "200,002 words without a sentence end" in corpus.skipped[0].reason


def test_words_and_sentences_within_the_limits_pass():
    compound = "Donaudampfschifffahrtsgesellschaftskapitänsmütze"
    text = f"{compound} " + "und " * (MAX_SENTENCE_WORDS - 2) + "Ende."
    assert len(compound) < MAX_WORD_CHARS and too_costly(text) is None


@pytest.fixture
def stalling_stage(monkeypatch):
    """The stages never end on the article that says so, as on a pathological input."""
    real = lagebild.pipeline.analyse_article

    def analyse(article, stages=None):
        if STALL in article.text:
            while True:
                pass
        return real(article, stages)

    monkeypatch.setattr(lagebild.pipeline, "analyse_article", analyse)
    monkeypatch.setattr(lagebild.pipeline, "ARTICLE_CPU_SECONDS", 1.0)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_article_whose_analysis_never_ends_is_skipped_after_the_time_limit(
    write, stalling_stage, jobs
):
    later = ARTICLE.replace("Montag", "Dienstag")
    path = _jsonl(write, ARTICLE, STALL, later)
    corpus = lagebild.analyze([path], stages=("linguistic",), jobs=jobs)
    assert [a.text for a in corpus.articles] == [ARTICLE, later]
    (skipped,) = corpus.skipped
    assert skipped.reason == "analysis used more than 1 s of CPU time (the per-article limit)"
