"""What users see does not change unnoticed: the demo's JSON, every store command's output, and
a text-free digest of the seeds equal the golden files (``python tests/golden.py --update``
rewrites them after an intended change)."""

from __future__ import annotations

import pytest

import golden


@pytest.fixture(scope="module")
def demo_outputs():
    return golden.demo_outputs()


@pytest.mark.parametrize("name", ["demo.json", "demo-commands.json"])
def test_demo_output_equals_its_golden_file(demo_outputs, name):
    assert not golden.differences(name, demo_outputs[name]), (
        f"{name} changed; run `python tests/golden.py` to see how"
    )


def test_every_store_command_gives_output_on_the_demo(demo_outputs):
    commands = demo_outputs["demo-commands.json"]
    assert {args.split()[0] for args in commands} == {
        "quotes",
        "entities",
        "timeline",
        "stories",
        "export",
    }
    assert all(output.strip() for output in commands.values())


@pytest.mark.shared
def test_seeds_digest_equals_its_golden_file(shared_dir):
    digest = golden.seeds_digest()
    assert not golden.differences("seeds-digest.json", digest), (
        "the seeds' analysis changed; run `python tests/golden.py` to see how"
    )
