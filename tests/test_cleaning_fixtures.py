"""The cleaning regression fixtures are well formed: their expectations fit their texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.cleaning.cases import (
    KINDS,
    FixtureError,
    load_case,
    load_cases,
)

CASES = load_cases()


def test_there_are_12_to_20_fixtures():
    assert 12 <= len(CASES) <= 20


def test_fixtures_cover_every_removal_kind():
    assert {r.kind for case in CASES for r in case.remove} == KINDS


def test_fixtures_include_hard_negatives_with_nothing_to_remove():
    negatives = [case for case in CASES if not case.remove]
    assert len(negatives) >= 2
    assert all(len(case.keep) >= 3 for case in negatives)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_fixture_keeps_something_and_has_a_comment(case):
    expect = Path(__file__).parent / "fixtures" / "cleaning" / f"{case.name}.expect.toml"
    assert case.keep
    assert expect.read_text(encoding="utf-8").startswith("# ")


def write_fixture(tmp_path: Path, text: str, expect: str) -> Path:
    (tmp_path / "probe.expect.toml").write_text(expect, encoding="utf-8")
    path = tmp_path / "probe.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("expect", "message"),
    [
        ('keep = ["Fehlt"]\n', "keep[0] 'Fehlt' is not in probe.txt"),
        ('remove = [{ text = "Anzeige", kind = "werbung" }]\n', "remove[0] kind 'werbung'"),
        ('remove = [{ text = "Anzeige" }]\n', "remove[0] must have exactly the keys text and kind"),
        ('keep = ["Anzeige"]\nremove = [{ text = "Anzeige", kind = "ad" }]\n', "overlaps"),
        ('keep = "Anzeige"\n', "keep must be a list of non-empty strings"),
        ('kept = ["Anzeige"]\n', "unknown keys ['kept']"),
        ("keep = [\n", "probe.expect.toml"),
    ],
)
def test_load_case_names_the_file_and_entry_of_a_bad_expectation(tmp_path, expect, message):
    path = write_fixture(tmp_path, "Anzeige\nEin echter Satz steht hier.\n", expect)
    with pytest.raises(FixtureError, match=r"probe\.expect\.toml") as error:
        load_case(path)
    assert message in str(error.value)


def test_load_cases_rejects_an_expectation_without_its_text(tmp_path):
    (tmp_path / "waise.expect.toml").write_text("keep = []\n", encoding="utf-8")
    with pytest.raises(FixtureError, match=r"waise\.expect\.toml: no waise\.txt beside it"):
        load_cases(tmp_path)


def test_load_case_rejects_a_text_without_its_expectation(tmp_path):
    (tmp_path / "allein.txt").write_text("Ein Satz.\n", encoding="utf-8")
    with pytest.raises(FixtureError, match=r"allein\.txt: no allein\.expect\.toml beside it"):
        load_case(tmp_path / "allein.txt")
