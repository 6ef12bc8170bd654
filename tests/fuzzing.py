"""Generated hostile inputs and the checks every one of them must pass (issue 13).

Shared by ``tests/test_fuzz.py`` (a few hundred inputs in CI) and ``bench/fuzz.py`` (the 50,000
input run): Hypothesis strategies for raw input bytes in every format lagebild reads, and
``check_input``, which runs one input through a reader and the whole per-article path (prepare,
every stage, the store) and fails on anything but a clean skip or a well-formed article.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from lagebild.errors import InputError
from lagebild.ingest import _read_data
from lagebild.limits import ARTICLE_CPU_SECONDS, ArticleTooCostly, cpu_time_limit
from lagebild.model import Skipped
from lagebild.pipeline import analyse_article, prepare
from lagebild.store import Store

BAD_DIR = Path(__file__).resolve().parent / "fixtures" / "bad"
# What one small generated input may cost at most; far below the per-article limit, so an input
# that comes near it is a finding even when the limit would have caught it.
SECONDS_PER_INPUT = 20.0

# Words of our own invented sentences, to make text the stages have something to do with.
_WORDS = tuple(
    " ".join(
        (
            "Der Die Das Stadtrat Bürgermeisterin Anna Lindner sagte „Wir bauen“ , . ! ? : ; –",
            "am Montag 3. März 2025 gestern Berlin Eichenau SPD Polizei dass sei habe erklärte",
            "laut Angaben Kaya Müller-Lüdenscheid 12.000 € % ( ) \" ' » « ‚ ‘ … # ## - *",
            "https://example.org/x?a=1 e-mail@example.org Donaudampfschifffahrt USA EU z.B. Dr.",
        )
    ).split()
) + ("\n", "\n\n")

_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1")


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


prose = st.lists(st.sampled_from(_WORDS), max_size=80).map(" ".join)
any_text = st.one_of(prose, st.text(max_size=300), st.text(st.characters(), max_size=60))
odd_strings = st.one_of(
    any_text,
    st.sampled_from(
        ["\\ud800", "\\udfff", "\\u0000", '=HYPERLINK("x")', "0001-01-01", "2025-01-01T99:99"]
    ),
)


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    """Lines of JSON objects with lagebild's fields, some broken, some of the wrong type, some
    with escapes JSON allows but text does not (lone surrogates)."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["record", "record", "record", "deep", "garbage", "array"]))
        if kind == "deep":
            depth = draw(st.integers(1, 3000))
            lines.append('{"text": ' + "[" * depth + "]" * depth + "}")
        elif kind == "garbage":
            lines.append(draw(st.text(max_size=80)))
        elif kind == "array":
            lines.append(json.dumps(draw(st.lists(st.integers(), max_size=3))))
        else:
            fields = draw(
                st.dictionaries(
                    st.sampled_from(
                        ["id", "title", "published", "outlet", "url", "author", "genre",
                         "language", "text"]
                    ),
                    st.one_of(odd_strings, st.integers(), st.none(), st.booleans(),
                              st.lists(st.integers(), max_size=2)),
                    max_size=9,
                )
            )  # fmt: skip
            if draw(st.booleans()):
                fields["text"] = draw(prose)
            line = json.dumps(fields, ensure_ascii=draw(st.booleans()))
            # surrogate escapes must reach the reader as escapes, not be re-encoded by json.dumps
            lines.append(line.replace("\\\\ud800", "\\ud800").replace("\\\\udfff", "\\udfff"))
    separator = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    return _encode(separator.join(lines), draw(st.sampled_from(("utf-8", "utf-8-sig", "latin-1"))))


@st.composite
def feed_bytes(draw: st.DrawFn) -> bytes:
    encoding = draw(st.sampled_from(["UTF-8", "ISO-8859-1", "UTF18", "x-unknown", "utf-16"]))
    items = "".join(
        f"<item><title>{draw(any_text)}</title><description>{draw(prose)}</description>"
        f"<pubDate>{draw(st.sampled_from(['Mon, 03 Mar 2025 10:00:00 +0100', '', 'gestern']))}"
        "</pubDate></item>"
        for _ in range(draw(st.integers(0, 3)))
    )
    root = draw(st.sampled_from(["rss", "feed"]))
    body = f'<?xml version="1.0" encoding="{encoding}"?><{root}><channel>{items}</channel></{root}>'
    if draw(st.booleans()):
        body = body[: draw(st.integers(0, len(body)))]
    return _encode(body, "utf-8")


@st.composite
def html_bytes(draw: st.DrawFn) -> bytes:
    charset = draw(st.sampled_from(["utf-8", "UTF18", "windows-1252", ""]))
    paragraphs = "".join(f"<p>{draw(prose)}</p>" for _ in range(draw(st.integers(0, 4))))
    page = (
        f'<html><head><meta charset="{charset}"><title>{draw(any_text)}</title></head>'
        f"<body><article>{paragraphs}{draw(any_text)}</article></body></html>"
    )
    return _encode(page, draw(st.sampled_from(_ENCODINGS)))


@st.composite
def text_bytes(draw: st.DrawFn) -> bytes:
    header = draw(st.sampled_from(["", " date 2025-03-03 ", "## ", "11 Feb. 2026 08:25 Uhr\n"]))
    return _encode(header + draw(any_text), draw(st.sampled_from(_ENCODINGS)))


@st.composite
def mutated_fixture(draw: st.DrawFn) -> tuple[str, bytes]:
    """A committed bad-input fixture with bytes flipped, cut out or repeated."""
    path = draw(st.sampled_from(sorted(p for p in BAD_DIR.iterdir() if p.is_file())))
    data = bytearray(path.read_bytes()[:4000])
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "repeat"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 50))]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 50))]
    return path.name, bytes(data)


inputs = st.one_of(
    st.tuples(st.sampled_from(["x.jsonl", "stdin"]), jsonl_bytes()),
    st.tuples(st.sampled_from(["x.xml", "stdin"]), feed_bytes()),
    st.tuples(st.sampled_from(["x.html", "stdin"]), html_bytes()),
    st.tuples(st.sampled_from(["x.txt", "stdin"]), text_bytes()),
    st.tuples(
        st.sampled_from(["x.txt", "x.jsonl", "x.xml", "x.html", "x"]), st.binary(max_size=600)
    ),
    mutated_fixture(),
)


@dataclass
class Outcome:
    """What became of one generated input."""

    articles: int = 0
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0


def check_article_offsets(article) -> None:
    for layer in ("sentences", "tokens", "entities", "quotes", "timexes"):
        for span in getattr(article, layer):
            assert 0 <= span.start <= span.end <= len(article.text), (layer, span)
            assert article.text[span.start : span.end] == span.text, (layer, span)


def check_input(name: str, data: bytes, store: Store) -> Outcome:
    """Read ``data`` as the file ``name``, take each article through prepare, every stage and
    the store; raise AssertionError (or the exception) on anything but a clean outcome."""
    outcome = Outcome()
    started = time.process_time()
    try:
        items = list(_read_data(data, name))
    except InputError as exc:
        items = [Skipped(exc.source, exc.reason, exc.line)]
    for item in items:
        if isinstance(item, Skipped):
            assert item.reason and item.source, item
            outcome.skipped.append(item.reason)
            continue
        try:
            article = prepare(item)
        except InputError as exc:
            assert exc.reason
            outcome.skipped.append(exc.reason)
            continue
        article.text.encode("utf-8")  # storable: no lone surrogates left
        try:
            with cpu_time_limit(ARTICLE_CPU_SECONDS):
                analyse_article(article)
        except ArticleTooCostly as exc:
            outcome.skipped.append(str(exc))
            continue
        check_article_offsets(article)
        store.add_article(article)
        assert store.load_article(article.id).text == article.text
        outcome.articles += 1
    outcome.seconds = time.process_time() - started
    assert outcome.seconds < SECONDS_PER_INPUT, f"{name}: {outcome.seconds:.1f} s of CPU"
    return outcome
