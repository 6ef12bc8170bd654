"""Builds ``src/lagebild/models/story-background-de.npz``: the stories' background document
shares (the IDF prior of ``lagebild.corpus.stories.vectors``), precomputed because computing
them at run time (stemming wordfreq's 320,000 German words, hashing them) cost about 1.7 s of
CPU at every start.

    python bench/build_story_background.py            # write the file
    python bench/build_story_background.py --check    # exit 1 if the shipped file differs

Per hashed term column: the share of general German texts of article length that contain a
term of that column, from wordfreq's German word frequencies (a ~300-word text contains a word
of frequency f with probability ~300 f), capped at 1. Words rarer than 0.1 pseudo-documents are
left out. The file holds the non-zero columns (as steps from the previous one) and their shares
as float32, exactly the values the run-time computation gave.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import numpy as np
from wordfreq import get_frequency_dict

from lagebild.corpus.stories.vectors import (
    ARTICLE_WORDS,
    BACKGROUND_FILE,
    N_TERMS,
    PRIOR_DOCUMENTS,
    stem,
    term_column,
)


def background_shares() -> np.ndarray:
    """The dense share of every hashed term column, from wordfreq's German frequencies."""
    by_stem: dict[str, float] = defaultdict(float)
    rarest = 0.1 / (ARTICLE_WORDS * PRIOR_DOCUMENTS)  # rarer words add < 0.1 pseudo-documents
    for word, frequency in get_frequency_dict("de").items():
        if frequency >= rarest:
            by_stem[stem(word)] += frequency * ARTICLE_WORDS
    summed = np.zeros(N_TERMS, dtype=np.float64)
    for term, share in by_stem.items():
        summed[term_column(term)] += share
    return np.minimum(summed, 1.0).astype(np.float32)


def compact(shares: np.ndarray) -> dict[str, np.ndarray]:
    columns = np.flatnonzero(shares)
    steps = np.diff(columns, prepend=0)
    return {
        "column_steps": steps.astype(np.min_scalar_type(int(steps.max()))),
        "shares": shares[columns],
        "source": np.array(f"wordfreq {version('wordfreq')} German word frequencies"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--output", type=Path, default=BACKGROUND_FILE)
    parser.add_argument(
        "--check", action="store_true", help="compare with the file instead of writing it"
    )
    args = parser.parse_args()
    shares = background_shares()
    if args.check:
        with np.load(args.output, allow_pickle=False) as shipped:
            columns = np.cumsum(shipped["column_steps"], dtype=np.int64)
            stored = np.zeros(N_TERMS, dtype=np.float32)
            stored[columns] = shipped["shares"]
        differing = int(np.count_nonzero(stored != shares))
        print(f"{args.output}: {differing} of {N_TERMS} columns differ from wordfreq's figures")
        return 1 if differing else 0
    np.savez_compressed(args.output, **compact(shares))
    print(f"{args.output}: {np.count_nonzero(shares)} non-zero columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
