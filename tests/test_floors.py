"""Quality floors: each benchmark of bench/ still reaches the figures in tests/floors.toml.

Most benchmarks read gold from ../shared/eval, so those skip when it is absent; the
command each runs is the one BENCHMARKS.md quotes, so a failure here reproduces by hand.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO

FLOORS = tomllib.loads((REPO / "tests" / "floors.toml").read_text(encoding="utf-8"))


def figure(result: Any, path: str) -> float:
    """The value at a dotted path ("who_said_what.f1", "0.strict_f1") of a benchmark's JSON."""
    for key in path.split("."):
        result = result[int(key)] if isinstance(result, list) else result[key]
    return float(result)


def run_benchmark(command: str, tmp_path: Path) -> Any:
    out = tmp_path / "figures.json"
    args = [sys.executable, *shlex.split(command.format(out=out))]
    done = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{command} failed:\n{done.stderr[-2000:]}"
    return json.loads(out.read_text(encoding="utf-8") if "{out}" in command else done.stdout)


def test_figure_paths_reach_into_lists_and_tables():
    result = [{"strict_f1": 0.9}, {"quotes": {"f1": 0.5}}]
    assert figure(result, "0.strict_f1") == 0.9
    assert figure(result, "1.quotes.f1") == 0.5


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_benchmark_reaches_its_floors(name, request, tmp_path):
    floors = dict(FLOORS[name])
    if floors.pop("needs_shared", True):
        request.getfixturevalue("shared_dir")  # skips without ../shared
    result = run_benchmark(floors.pop("command"), tmp_path)
    below = {
        path: (round(figure(result, path), 4), floor)
        for path, floor in floors.items()
        if figure(result, path) < floor
    }
    assert not below, f"{name}: figures below their floors (now, floor): {below}"
