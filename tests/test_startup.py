"""Start-up (issue 13): what one small article costs before anything happens. No timings here
(``bench/startup.py`` measures them); these tests hold the means: the stories' background is
read from a shipped file that matches its build script, the term columns are scikit-learn's
without importing it, and starting lagebild imports no package that a run may not need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lagebild.corpus.stories.vectors import N_TERMS, background_document_share, hash_terms

ROOT = Path(__file__).resolve().parents[1]


def test_term_columns_are_those_of_scikit_learns_hashing_vectorizer():
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    docs = [
        ["bürgermeisterin", "radweg", "radweg", "mühlstraß", "\x00entity:e7"],
        ["путин", "kiew", "straße", "x" * 300],
        [],
    ]
    theirs = sklearn_text.HashingVectorizer(
        analyzer=lambda doc: doc, n_features=N_TERMS, alternate_sign=False, norm=None
    ).transform(docs)
    ours = hash_terms(docs)
    assert ours.dtype == theirs.dtype
    assert (ours != theirs).nnz == 0
    assert ours.has_sorted_indices


def test_the_shipped_story_background_is_what_its_build_script_makes():
    checked = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "build_story_background.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert " 0 of " in checked.stdout


def test_common_words_have_a_high_background_share_and_rare_ones_none():
    share = background_document_share()
    common, rare = hash_terms([["und"], ["quarkstrudelfabrik"]]).indices
    assert share[common] == 1.0
    assert share[rare] == 0.0
    assert share.dtype == np.float32 and share.shape == (N_TERMS,)


def test_starting_lagebild_imports_neither_scikit_learn_nor_wordfreq():
    probe = "import sys, lagebild.cli; print(sorted({'sklearn', 'wordfreq'} & set(sys.modules)))"
    imported = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert imported.strip() == "[]"
