"""Our arrangement of the sentence encoder's forward pass (corpus/stories/sentence_encoder.py,
issue 13: speed) gives the vectors of the package's own ``encode``: the same pieces, the same
weights, within float rounding."""

from __future__ import annotations

import numpy as np
import pytest

from lagebild.corpus.stories import sentence_encoder
from lagebild.corpus.stories.embedding import embed, encoder
from lagebild.corpus.stories.encoder_cache import load_encoder

TEXTS = [
    "Der Gemeinderat von Birkenau hat am Montag die Sanierung des Freibads beschlossen.",
    "Die Kosten steigen von 3,2 auf 4,1 Millionen Euro, teilte der Kämmerer mit.",
    "The council of Birkenau approved the renovation of the open-air pool on Monday.",
    "Совет Биркенау в понедельник одобрил ремонт открытого бассейна.",
    "„Wir wurden nicht gefragt“, sagt eine Anwohnerin 😠 ＶＯＬＬ ﬁnal",
    ".",
    # words the library reads as characters and the package's port as control pieces
    "Ein Satz mit <s> und </s> und <unk> darin.",
    # nothing is left of it after normalisation: the package gives the unknown piece
    "\u200b",
    # longer than one convolution batch (384 tokens)
    " ".join(["Das Freibad öffnet im Juni wieder, meldet die Gemeinde auf ihrer Seite."] * 40),
]


@pytest.fixture(scope="module")
def package():
    return load_encoder(threads=1)


def test_the_pieces_are_those_of_the_package_tokenizer(package):
    ours = encoder().piece_ids(TEXTS)
    assert ours == [package._sp.encode(t, out_type=int) for t in TEXTS]


def test_the_library_gives_the_pieces_of_the_package_tokenizer(package, monkeypatch):
    monkeypatch.setattr(sentence_encoder, "LIBRARY_CHARACTERS", 0)
    large = sentence_encoder.SentenceEncoder(package)
    assert large.piece_ids(TEXTS) == [package._sp.encode(t, out_type=int) for t in TEXTS]
    assert large.library is not None and "<s>" in large.markers
    assert np.abs(large.encode(TEXTS) - package.encode(TEXTS)).max() < 1e-5


def test_a_small_call_does_not_load_the_library(package):
    small = sentence_encoder.SentenceEncoder(package)
    small.encode(TEXTS)
    assert small.library is None


def test_the_vectors_are_those_of_the_package_within_float_rounding(package):
    ours, theirs = encoder().encode(TEXTS), package.encode(TEXTS)
    assert ours.dtype == np.float32 and ours.shape == (len(TEXTS), 512)
    assert np.abs(ours - theirs).max() < 1e-5


def test_a_text_gets_the_same_vector_alone_and_among_others():
    alone = encoder().encode(TEXTS[:1])
    together = encoder().encode(TEXTS[1:4] + TEXTS[:1])
    assert np.abs(alone[0] - together[-1]).max() < 1e-5


def test_pieces_beyond_the_kept_rows_are_computed_each_time(package, monkeypatch):
    monkeypatch.setattr(sentence_encoder, "KEPT_PIECES", 5)
    small = sentence_encoder.SentenceEncoder(package)
    vectors = small.encode(TEXTS)
    assert small.kept == 5
    assert np.abs(vectors - package.encode(TEXTS)).max() < 1e-5


def test_embedded_vectors_are_unit_length_and_an_empty_text_is_zero():
    vectors = embed(["Das Freibad öffnet im Juni.", "  "])
    assert abs(float(np.linalg.norm(vectors[0])) - 1.0) < 1e-5
    assert not vectors[1].any()
