"""Invariants that must hold for any input: offsets index the text; reading never crashes."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lagebild.errors import InputError
from lagebild.ingest import RawArticle, read_inputs
from lagebild.model import Skipped
from lagebild.pipeline import prepare, run_stages

_PIECES = (
    list("abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ0123456789")
    + list(" .,;:!?-–„“\"»«‚‘'()*#/©\n\t€%")
    + [
        " sagte ",
        "Anzeige\n",
        "- #Tag\n",
        " Uhr ",
        " am Montag ",
        " Merz ",
        ", so Brandt.",
        "„Wir kommen.“",
        " dass ",
        " 15. August 2025 ",
        "\n\n",
        " Berlin ",
    ]
)
german_text = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)


def _spans(article):
    yield from article.sentences
    yield from article.tokens
    yield from article.entities
    yield from article.timexes
    for quote in article.quotes:
        yield quote
        for part in (quote.speaker, quote.cue, quote.channel, quote.addressee):
            if part is not None:
                yield part


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(german_text)
def test_every_annotation_indexes_the_cleaned_text(text):
    try:
        article = prepare(RawArticle(source="prop.txt", text=text, format="text"))
    except InputError:
        return  # nothing left to analyse: reported, not crashed
    run_stages(article)
    for span in _spans(article):
        assert 0 <= span.start <= span.end <= len(article.text)
        assert article.text[span.start : span.end] == span.text


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=600), st.sampled_from(["x.txt", "x.html", "x.jsonl", "x.xml", "x"]))
def test_reading_arbitrary_bytes_never_crashes(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("bytes") / name
    path.write_bytes(data)
    for item in read_inputs([str(path)]):
        assert isinstance(item, RawArticle | Skipped)
        if isinstance(item, RawArticle):
            with contextlib.suppress(InputError):
                prepare(item)
