"""German language knowledge: the data-file convention and its one reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.errors import ResourceError
from lagebild.resources import data_path, read_rows, read_tsv, read_words

DATA = data_path("de")
MODELS = DATA.parents[1] / "models"
# every data file: the language knowledge and the word tables beside the models
SHIPPED = sorted([*DATA.rglob("*.tsv"), *DATA.rglob("*.txt"), *MODELS.glob("*.tsv")])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_data_file_states_its_version_in_the_header(path: Path) -> None:
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    assert any(line.startswith("# version: ") for line in header), path


def test_a_file_without_a_version_line_is_rejected_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "wochentage.tsv"
    path.write_text("# Wochentage\nform\tday\nmontag\t1\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"wochentage\.tsv:1: header has no '# version: N'"):
        read_tsv(path)


def test_a_version_line_after_the_first_entry_does_not_count(tmp_path: Path) -> None:
    path = tmp_path / "wochentage.tsv"
    path.write_text("# Wochentage\nmontag\t1\n# version: 1\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="header has no"):
        read_rows(path, 2)


def test_named_columns_are_read_with_their_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "monate.tsv"
    path.write_text("# Monate\n# version: 3 (2026-12-03)\nform\tmonth\n\nmärz\t3\n", "utf-8")
    assert read_tsv(path, ("form", "month")) == [{"form": "märz", "month": "3", "_line": "5"}]


def test_a_row_with_too_few_columns_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "monate.tsv"
    path.write_text("# version: 1\nform\tmonth\nmärz\t3\napril\n", "utf-8")
    with pytest.raises(ResourceError, match=r"monate\.tsv:4: expected 2 tab-separated columns"):
        read_tsv(path)


def test_positional_rows_keep_their_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "orte.tsv"
    path.write_text(
        "# Orte\n# version: 2\nKonstanz\tcity\n# Kommentar\nBodensee\tregion\n", "utf-8"
    )
    assert read_rows(path, 2) == [(3, ("Konstanz", "city")), (5, ("Bodensee", "region"))]


def test_a_word_list_may_hold_several_words_a_line(tmp_path: Path) -> None:
    path = tmp_path / "woerter.txt"
    path.write_text("# version: 1\naber auch\noder\n", "utf-8")
    assert read_words(path) == [(2, "aber"), (2, "auch"), (3, "oder")]
