"""The timex resources: every file loads and validates, errors name file and line, and every
rule's example produces its expected value."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lagebild.errors import ResourceError
from lagebild.model import Article
from lagebild.stages import linguistic, timex
from lagebild.stages.timex import resources as timex_resources

EXAMPLE_ANCHOR = "2025-08-16"
RESOURCES = timex_resources.default()
DATA_DIR = timex_resources.data_dir()


def _analyse(text: str) -> list:
    article = Article(id="example", source="example", text=text, published=EXAMPLE_ANCHOR)
    linguistic.annotate(article)
    timex.annotate(article)
    return article.timexes


@pytest.mark.parametrize("rule", RESOURCES.rules, ids=lambda r: r.id)
def test_rule_example_gives_expected_value(rule: timex_resources.Rule) -> None:
    timexes = _analyse(rule.example)
    if rule.type == "NONE":
        match = rule.pattern.search(rule.example)
        assert match, f"{rule.source}: the pattern does not match its example"
        assert not [t for t in timexes if t.start < match.end() and t.end > match.start()]
        return
    fired = [t for t in timexes if t.rule == rule.id]
    assert fired, f"{rule.source}: rule did not fire on {rule.example!r}; got {timexes}"
    assert fired[0].value == rule.expected, f"{rule.source}: {fired[0]}"
    assert fired[0].type == rule.type


@pytest.mark.parametrize("rule", RESOURCES.rules, ids=lambda r: r.id)
def test_rule_example_contains_a_trigger_the_rule_knows(rule: timex_resources.Rule) -> None:
    # sentences without a trigger are never searched: a rule without one could never fire
    assert rule.needs_digit or rule.trigger_words, rule.source


def test_every_table_is_loaded_and_not_empty() -> None:
    for name, table in RESOURCES.tables.items():
        assert table, name
    assert RESOURCES.tables["weekdays"]["sonnabend"] == ("6",)
    assert RESOURCES.tables["months"]["feb."] == ("02",)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "timex"
    shutil.copytree(DATA_DIR, target)
    return target


def _append(path: Path, line: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def test_malformed_rule_line_is_reported_with_file_and_line(data_copy: Path) -> None:
    number = _append(data_copy / "rules.tsv", "broken-rule\tDATE\t{year}")
    with pytest.raises(ResourceError, match=rf"rules\.tsv:{number}: expected 7"):
        timex_resources.load(data_copy)


def test_unknown_macro_is_reported(data_copy: Path) -> None:
    number = _append(
        data_copy / "rules.tsv",
        "odd\tDATE\t{year}\t-\t%NOSUCH% (?P<year>\\d{4})\tim Jahr 2000\t2000",
    )
    with pytest.raises(ResourceError, match=rf"rules\.tsv:{number}: unknown macro %NOSUCH%"):
        timex_resources.load(data_copy)


def test_template_slot_without_group_is_reported(data_copy: Path) -> None:
    number = _append(data_copy / "rules.tsv", "odd\tDATE\t{month}\t-\tim Jahr\tim Jahr\tXXXX")
    with pytest.raises(ResourceError, match=rf"rules\.tsv:{number}: template slot \{{month\}}"):
        timex_resources.load(data_copy)


def test_bad_table_value_is_reported(data_copy: Path) -> None:
    number = _append(data_copy / "seasons.tsv", "brumaire\tSU\t13")
    with pytest.raises(ResourceError, match=rf"seasons\.tsv:{number}: value '13'"):
        timex_resources.load(data_copy)


def test_duplicate_table_entry_is_reported(data_copy: Path) -> None:
    number = _append(data_copy / "units.tsv", "stunde\tTH")
    with pytest.raises(ResourceError, match=rf"units\.tsv:{number}: duplicate"):
        timex_resources.load(data_copy)


def test_file_without_version_header_is_rejected(data_copy: Path) -> None:
    path = data_copy / "seasons.tsv"
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if "version" not in line]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"seasons\.tsv:1: header has no"):
        timex_resources.load(data_copy)


def test_holiday_week_naming_an_unknown_holiday_is_reported(data_copy: Path) -> None:
    _append(data_copy / "holiday-weeks.tsv", "sommerfestwoche\tsommerfest\tW")
    with pytest.raises(ResourceError, match=r"holiday-weeks\.tsv: 'sommerfestwoche' names"):
        timex_resources.load(data_copy)


def test_habitual_cues_and_their_exceptions_are_loaded() -> None:
    assert RESOURCES.habitual.search("Der Markt ist jeweils offen")
    assert RESOURCES.not_habitual.search("Die Straße ist noch immer gesperrt")
