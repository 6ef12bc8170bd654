"""simplemma's German lemmatiser over the snapshot dictionary gives simplemma's own lemmas."""

from __future__ import annotations

import random

import pytest
import simplemma
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import dictionary_factory as simplemma_dictionaries

from lagebild.stages import lemma_dictionary
from lagebild.stages.lemma_dictionary import SnapshotDictionaryFactory

OUR_WORDS = [
    "Häuser",
    "ging",
    "Bundesregierung",
    "Waffenstillstandsverhandlungen",
    "Ministerpräsidentin",
    "Nato-Gipfel",
    "EU-Kommissarin",
    "Ost-West-Konflikt",
    "verhandelte",
    "Verhandelte",
    "VERHANDELTE",
    "unterschrieben",
    "Xyzblorf",
    "Quatschwortigkeiten",
    "-",
    "2026",
    "Brüssel",
    "Müllers",
    "Straße",
    "STRASSE",
    "e-mail",
    "Anti-Terror-Einsatzes",
    "abgeschoben",
]


def sample_words(count: int) -> list[str]:
    """Dictionary keys, their case variants, hyphenated compounds of two keys, keys with a
    changed ending and made-up words (seeded, so a failure can be rerun)."""
    keys = sorted(k.decode() for k in simplemma_dictionaries._load_dictionary_from_disk("de"))
    chance = random.Random(13)
    words = list(OUR_WORDS)
    while len(words) < count:
        word = chance.choice(keys)
        kind = chance.randrange(6)
        if kind == 1:
            word = word.capitalize()
        elif kind == 2:
            word = word.upper()
        elif kind == 3:
            word = f"{word}-{chance.choice(keys)}"
        elif kind == 4:
            word = word[:-2] + chance.choice(["en", "es", "er", "ung", "s", "n"])
        elif kind == 5:
            word = "".join(chance.choice("abcdefghijklmnopqrstuvwxyzäöüß") for _ in range(9))
        if word:  # simplemma refuses the empty string (the tagger never asks for it)
            words.append(word)
    return words


def snapshot_lemmatizer() -> Lemmatizer:
    return Lemmatizer(
        lemmatization_strategy=DefaultStrategy(dictionary_factory=SnapshotDictionaryFactory())
    )


def test_lemmas_from_a_written_and_from_a_read_snapshot_equal_simplemmas(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    words = sample_words(4000)
    expected = [simplemma.lemmatize(w, lang="de") for w in words]
    first = snapshot_lemmatizer()  # no snapshot yet: loads normally and writes one
    assert [first.lemmatize(w, "de") for w in words] == expected
    assert lemma_dictionary.snapshot_folder("de").is_dir()
    monkeypatch.setattr(
        simplemma_dictionaries,
        "_load_dictionary_from_disk",
        lambda lang: pytest.fail("the snapshot was not used"),
    )
    second = snapshot_lemmatizer()
    assert [second.lemmatize(w, "de") for w in words] == expected


def test_without_a_writable_cache_the_lemmas_are_simplemmas(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("kein Ordner")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    words = OUR_WORDS + ["Regierungssprecherin", "Friedensgespräche"]
    lemmatizer = snapshot_lemmatizer()
    assert [lemmatizer.lemmatize(w, "de") for w in words] == [
        simplemma.lemmatize(w, lang="de") for w in words
    ]


def test_the_dictionary_answers_only_its_exact_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dictionary = SnapshotDictionaryFactory().get_dictionary("de")
    assert dictionary.get("Häuser") == "Haus"
    assert dictionary.get("Häuse") is None
    assert dictionary.get("") is None
    assert dictionary.get("\U0010ffff") is None
    assert len(dictionary) > 1_000_000


def test_the_key_prefixes_are_sorted_like_the_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dictionary = SnapshotDictionaryFactory().get_dictionary("de")
    prefixes = dictionary._prefixes
    assert len(prefixes) == len(dictionary)
    assert bool((prefixes[1:] >= prefixes[:-1]).all())
    # a long compound shares its first bytes with many keys: only the exact one answers
    assert dictionary.get("Bundesverfassungsgerichts") == "Bundesverfassungsgericht"
    assert dictionary.get("Bundesverfassungsgerichtx") is None
