"""simplemma's German lemmatiser with its dictionary read from a per-user snapshot (issue 13).

simplemma decodes its German dictionary (front-coded, LZMA-compressed) into a Python dict of
1.1 million entries in every process: about 1 s CPU, half of a short run's start-up. Its
lemmatiser takes the dictionary from a factory we may supply, and only ever looks entries up
(``get``), so we hand it the same entries as arrays — the sorted keys and their values,
each as one byte string with offsets — kept by ``lagebild.snapshots`` (written once, memory-
mapped afterwards), with the first ``PREFIX_BYTES`` bytes of each key as one fixed-width array: a
lookup finds the keys that share the word's prefix with ``numpy.searchsorted`` (one or two in
most cases) and compares only those (5 µs instead of 20 for a binary search over all keys in
Python); nothing of the size of the dictionary is built at start-up. The rules, compounds and
casing are simplemma's own code, so lemmas are identical (tests/test_lemma_dictionary.py);
without a usable cache the entries come from simplemma's normal load.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import dictionary_factory as simplemma_dictionaries
from simplemma.strategies.dictionaries.dictionary_factory import (
    CachingDictionaryFactory,
    DecodedStrMapping,
)

from ..snapshots import LAYOUT, cache_root, cached

LANGUAGE = "de"
PREFIX_BYTES = 16


class _Strings:
    """The ``n``-th byte string of one joined blob, for ``bisect`` (a sequence, no list)."""

    __slots__ = ("_blob", "_offsets")

    def __init__(self, blob: np.ndarray, offsets: np.ndarray) -> None:
        self._blob = memoryview(blob)
        self._offsets = offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, index: int) -> bytes:
        return bytes(self._blob[self._offsets[index] : self._offsets[index + 1]])


class SortedDictionary(DecodedStrMapping):
    """simplemma's ``str -> str`` dictionary over sorted UTF-8 keys and their values."""

    __slots__ = ("_keys", "_prefixes", "_values")

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self._keys = _Strings(arrays["keys"], arrays["key_offsets"])
        self._values = _Strings(arrays["values"], arrays["value_offsets"])
        self._prefixes = arrays["prefixes"]

    def _lookup(self, key: str) -> str | None:
        wanted = key.encode()
        # the keys starting with the same bytes: sorted like the keys (UTF-8 without NUL)
        prefix = np.bytes_(wanted[:PREFIX_BYTES])
        low = int(self._prefixes.searchsorted(prefix, "left"))
        high = int(self._prefixes.searchsorted(prefix, "right"))
        at = bisect_left(self._keys, wanted, low, high)
        if at < high and self._keys[at] == wanted:
            return self._values[at].decode()
        return None

    def __iter__(self) -> Iterator[str]:
        return (self._keys[n].decode() for n in range(len(self._keys)))

    def __len__(self) -> int:
        return len(self._keys)


def joined(strings: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """``strings`` as one byte array and the offsets where each starts (and the last ends)."""
    offsets = np.zeros(len(strings) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in strings], out=offsets[1:])
    return np.frombuffer(b"".join(strings), dtype=np.uint8), offsets


def load_normally(language: str) -> dict[str, np.ndarray]:
    """The arrays of ``SortedDictionary``, from simplemma's own decoding of its data file."""
    entries = simplemma_dictionaries._load_dictionary_from_disk(language)
    keys = sorted(entries)
    key_blob, key_offsets = joined(keys)
    value_blob, value_offsets = joined([entries[k] for k in keys])
    return {
        "keys": key_blob,
        "key_offsets": key_offsets,
        "values": value_blob,
        "value_offsets": value_offsets,
        "prefixes": np.array([k[:PREFIX_BYTES] for k in keys], dtype=f"S{PREFIX_BYTES}"),
    }


def snapshot_folder(language: str) -> Path | None:
    """Named by what the entries depend on: the data file and the code that decodes it (not
    the whole package: hashing its 19 MB of other languages would cost more than it saves)."""
    package = Path(simplemma_dictionaries.__file__).parent
    digest = hashlib.blake2b(digest_size=10)
    digest.update(repr((LAYOUT, language, PREFIX_BYTES)).encode())
    try:
        for path in (package / "data" / f"{language}.plzma", package / "frontcode.py"):
            digest.update(path.read_bytes())
        return cache_root() / f"simplemma-{language}-{digest.hexdigest()}"
    except OSError:
        return None


class SnapshotDictionaryFactory(CachingDictionaryFactory):
    """simplemma's dictionaries, each restored from its snapshot (or loaded and written)."""

    __slots__ = ()

    def _get_dictionary_uncached(self, lang: str) -> SortedDictionary:
        arrays: dict[str, Any] = cached(
            snapshot_folder(lang), lambda: load_normally(lang), owners=()
        )
        return SortedDictionary(arrays)


@cache
def german_lemmatizer() -> Lemmatizer:
    """What ``simplemma.lemmatize(word, lang="de")`` uses, with the snapshot's dictionary."""
    return Lemmatizer(
        lemmatization_strategy=DefaultStrategy(dictionary_factory=SnapshotDictionaryFactory())
    )


def lemmatize(word: str) -> str:
    """``simplemma.lemmatize(word, lang="de")``, from the snapshot."""
    return german_lemmatizer().lemmatize(word, LANGUAGE)
