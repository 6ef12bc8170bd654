"""The quotation stage's language knowledge, read from ``data/de/*.tsv`` and checked on load.

Every file starts with ``#`` header lines (what it is, its format, its version) and then holds one
tab-separated entry per line, the last column an example sentence we wrote ourselves. A malformed
line raises :class:`ResourceError` naming file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ...errors import ResourceError
from ...resources import data_path, read_rows
from .codes import Mood, VerbClass, WordKind

VERB_CLASSES = frozenset(VerbClass)
CUE_KINDS = frozenset(
    {
        "source_before",
        "source_noun",
        "source_adverb",
        "source_after",
        "so_source",
        "wie_frame",
        "anaphoric",
        "not_speech",
        "clause_start",
        "no_speech_act",
        "passive_speaker",
        "passive_agent",
        "source_place",
        "reflexive_not_speech",
        "particle_not_speech",
        "addressing",
    }
)
SPEAKER_KINDS = frozenset(WordKind)
CASES = frozenset({"acc", "dat", "gen", "nom", "der"})


@dataclass(frozen=True)
class QuoteResources:
    speech_verbs: dict[str, VerbClass]  # lemma -> class (the first class listed wins)
    cues: dict[str, tuple[tuple[str, ...], ...]]  # kind -> phrases as lower-cased token tuples
    speaker_words: dict[str, WordKind]  # word -> kind (abstract noun endings are kept apart)
    abstract_endings: tuple[str, ...]
    channels: tuple[re.Pattern[str], ...]
    konjunktiv: dict[str, Mood]  # finite verb form (lower case) -> its mood
    article_cases: dict[str, str]  # article form (lower case) -> the case it tells


def _check_kind(path: Path, number: int, kind: str, allowed: frozenset[str]) -> None:
    if kind not in allowed:
        raise ResourceError(
            f"{path}:{number}: unknown kind {kind!r}; expected one of {', '.join(sorted(allowed))}"
        )


def load_speech_verbs(path: Path) -> dict[str, VerbClass]:
    verbs: dict[str, VerbClass] = {}
    seen: set[tuple[str, str]] = set()
    for number, (lemma, verb_class, _example) in read_rows(path, 3, all_filled=True):
        _check_kind(path, number, verb_class, VERB_CLASSES)
        if (lemma, verb_class) in seen:
            raise ResourceError(f"{path}:{number}: duplicate entry {lemma!r} ({verb_class})")
        seen.add((lemma, verb_class))
        verbs.setdefault(lemma, VerbClass(verb_class))
    return verbs


def load_cues(path: Path) -> dict[str, tuple[tuple[str, ...], ...]]:
    cues: dict[str, list[tuple[str, ...]]] = {kind: [] for kind in CUE_KINDS}
    for number, (kind, phrase, _example) in read_rows(path, 3, all_filled=True):
        _check_kind(path, number, kind, CUE_KINDS)
        cues[kind].append(tuple(phrase.lower().split()))
    return {kind: tuple(phrases) for kind, phrases in cues.items()}


def load_speaker_words(path: Path) -> tuple[dict[str, WordKind], tuple[str, ...]]:
    """Speaker words by kind, and the abstract noun endings."""
    words: dict[str, WordKind] = {}
    endings: list[str] = []
    for number, (kind, word, _example) in read_rows(path, 3, all_filled=True):
        _check_kind(path, number, kind, SPEAKER_KINDS)
        if kind == WordKind.ABSTRACT:
            endings.append(word.lower())
        else:
            words.setdefault(word, WordKind(kind))
    return words, tuple(endings)


def load_channels(path: Path) -> tuple[re.Pattern[str], ...]:
    patterns = []
    for number, (pattern, example) in read_rows(path, 2, all_filled=True):
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ResourceError(f"{path}:{number}: bad regular expression: {exc}") from exc
        if not compiled.search(example):
            raise ResourceError(f"{path}:{number}: pattern does not match its own example")
        patterns.append(compiled)
    return tuple(patterns)


def load_konjunktiv(path: Path) -> dict[str, Mood]:
    forms: dict[str, Mood] = {}
    for number, (form, mood, _example) in read_rows(path, 3, all_filled=True):
        if mood not in frozenset(Mood):
            raise ResourceError(f"{path}:{number}: mood must be I, II or report, got {mood!r}")
        forms[form.lower()] = Mood(mood)
    return forms


def load_article_cases(path: Path) -> dict[str, str]:
    cases: dict[str, str] = {}
    for number, (form, case, _example) in read_rows(path, 3, all_filled=True):
        _check_kind(path, number, case, CASES)
        cases[form.lower()] = case
    return cases


def data_dir() -> Path:
    return data_path("de")


@cache
def load() -> QuoteResources:
    base = data_dir()
    speaker_words, abstract_endings = load_speaker_words(base / "speaker_words.tsv")
    return QuoteResources(
        speech_verbs=load_speech_verbs(base / "speech_verbs.tsv"),
        cues=load_cues(base / "quote_cues.tsv"),
        speaker_words=speaker_words,
        abstract_endings=abstract_endings,
        channels=load_channels(base / "speech_channels.tsv"),
        konjunktiv=load_konjunktiv(base / "konjunktiv.tsv"),
        article_cases=load_article_cases(base / "article_cases.tsv"),
    )
