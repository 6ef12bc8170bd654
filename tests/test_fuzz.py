"""Fuzzing: generated hostile inputs in every format through the readers and the whole
per-article path (prepare, every stage, the store). None may crash, stall or leave a broken
article; CI runs a few hundred, ``bench/fuzz.py`` the 50,000 of BENCHMARKS.md."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from fuzzing import check_input, inputs, jsonl_bytes
from lagebild.store import Store

# CI time is bounded: LAGEBILD_FUZZ_EXAMPLES raises the count for a longer local run
EXAMPLES = int(os.environ.get("LAGEBILD_FUZZ_EXAMPLES", "120"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same inputs on every CI run; bench/fuzz.py explores new ones
)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    with Store(tmp_path_factory.mktemp("fuzz") / "fuzz.db") as store:
        yield store


@FUZZ
@given(case=inputs)
def test_no_generated_input_crashes_or_stalls_the_per_article_path(store, case):
    name, data = case
    check_input(name, data, store)


@FUZZ
@given(data=jsonl_bytes())
def test_every_generated_jsonl_line_becomes_an_article_or_a_skip_naming_its_line(store, data):
    outcome = check_input("x.jsonl", data, store)
    lines = [line for line in data.split(b"\n") if line.strip()]
    # a file without any line is one skip ("empty file")
    assert outcome.articles + len(outcome.skipped) == max(1, len(lines))
