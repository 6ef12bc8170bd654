"""German language knowledge: the data-file convention, its one reader, and lang.de."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.errors import ResourceError
from lagebild.lang import de as german
from lagebild.lang.de import quoted_ranges, quoted_spans, word_list, word_set
from lagebild.lang.de.calendar import read_numbered_forms
from lagebild.lang.de.numbers import read_number_words
from lagebild.lang.de.quotes import marks, read_marks
from lagebild.lang.de.sentences import ENDS_LINE, ENDS_SENTENCE, SENTENCE_BREAK
from lagebild.lang.de.words import read_word_sets
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


# -- the tables of lang.de ----------------------------------------------------------------------


def test_months_know_names_spellings_and_abbreviations() -> None:
    table = german.months()
    assert table["märz"] == table["maerz"] == table["mrz."] == 3
    assert table["jänner"] == 1 and table["dez."] == 12


def test_weekdays_count_monday_as_one_like_iso() -> None:
    table = german.weekdays()
    assert table["montag"] == 1 and table["sonnabend"] == table["samstag"] == 6
    assert table["sonntag"] == 7


def test_number_words_are_chosen_by_kind() -> None:
    cardinals = german.number_words("cardinal")
    assert cardinals["zwölf"] == "12" and "eine" not in cardinals
    assert german.number_words("article")["einem"] == "1"
    assert german.number_words("vague")["mehrere"] == "X"
    assert german.number_words("fraction")["anderthalb"] == "1.5"


def test_asking_for_an_unknown_number_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="ordinal"):
        german.number_words("ordinal")


def test_a_month_number_out_of_range_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "monate.tsv"
    path.write_text("# version: 1\nform\tmonth\nmärz\t3\nbrumaire\t13\n", "utf-8")
    with pytest.raises(ResourceError, match=r"monate\.tsv:4: month '13' is not a number"):
        read_numbered_forms(path, "month", 1, 12)


def test_a_weekday_listed_twice_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "tage.tsv"
    path.write_text("# version: 1\nform\tday\nmontag\t1\nmontag\t1\n", "utf-8")
    with pytest.raises(ResourceError, match=r"tage\.tsv:4: duplicate entry 'montag'"):
        read_numbered_forms(path, "day", 1, 7)


def test_a_number_word_of_an_unknown_kind_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "zahlen.tsv"
    path.write_text("# version: 1\nform\tvalue\tkind\nzwei\t2\tcardinal\ndrei\t3\tzahl\n", "utf-8")
    with pytest.raises(ResourceError, match=r"zahlen\.tsv:4: kind 'zahl'"):
        read_number_words(path)


# -- quotation marks and sentence ends ----------------------------------------------------------


def _quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in quoted_spans(text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Sie sagte: „Wir bleiben.“ Dann ging sie.", ["„Wir bleiben.“"]),
        ("Er rief: »Weiter so!« und lachte.", ["»Weiter so!«"]),
        ("Sie meinte: «Das reicht.»", ["«Das reicht.»"]),
        ('Er sagte: "Wir kommen." Sie nickte.', ['"Wir kommen."']),
        ("Er sagte: „Sie nannte es ‚Unsinn‘.“", ["„Sie nannte es ‚Unsinn‘.“", "‚Unsinn‘"]),
    ],
)
def test_quotes_of_every_german_style_are_found(text: str, quoted: list[str]) -> None:
    assert _quoted(text) == quoted


def test_an_apostrophe_inside_a_word_opens_and_closes_nothing() -> None:
    assert _quoted("Wie geht's dir? Gut geht's.") == []


def test_a_quote_left_open_runs_to_the_end_of_its_paragraph() -> None:
    text = "Sie sagte: „Wir bleiben hier"
    spans = quoted_spans(text, 0, len(text))
    assert [(s.start, s.end, s.closed) for s in spans] == [(11, len(text), False)]


def test_the_marks_table_knows_which_marks_set_off_double_quotes() -> None:
    table = marks()
    assert set('„“”»«"') == table.double
    assert {"‚", "'"} <= table.opening and "’" in table.closing - table.opening


def test_an_example_not_quoted_with_its_marks_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "zeichen.tsv"
    path.write_text(
        "# version: 1\nopening\tclosing\tstyle\tambiguous\texample\n»\t«\tGuillemets\tyes\tOhne.\n",
        "utf-8",
    )
    with pytest.raises(ResourceError, match=r"zeichen\.tsv:3: the example is not quoted"):
        read_marks(path)


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("Der Zug kam pünktlich.", True),
        ("Kommt er morgen?“ ", True),
        ("Die Frist läuft (bis Freitag).)", True),
        ("Die Frist läuft bis Freitag", False),
        ("Das sagte sie:", False),
    ],
)
def test_a_sentence_ends_with_its_mark_and_the_closing_quotes_after_it(
    text: str, ends: bool
) -> None:
    assert bool(ENDS_SENTENCE.search(text)) is ends


def test_a_line_ending_in_a_colon_is_unfinished_but_no_title() -> None:
    assert ENDS_LINE.search("Das sagte sie:") and not ENDS_SENTENCE.search("Das sagte sie:")


def test_an_ordinal_dot_does_not_break_running_text_into_sentences() -> None:
    text = "Am 3. Mai kam er. Dann ging er."
    assert SENTENCE_BREAK.split(text) == ["Am 3. Mai kam er.", "Dann ging er."]


# -- word sets ----------------------------------------------------------------------------------


def test_a_word_set_is_asked_for_by_name() -> None:
    assert word_set("finite_verb_tags") == {"VVFIN", "VAFIN", "VMFIN"}


def test_a_word_list_keeps_the_order_of_the_file_where_endings_are_tried_in_turn() -> None:
    assert word_list("genitive_name_endings")[:3] == ("’s", "'s", "s")  # "’s" before "s"
    assert set(word_list("genitive_name_endings")) == word_set("genitive_name_endings")


def test_no_two_word_sets_have_the_same_members() -> None:
    # one home for each class of words: a second name for the same set is a copy
    by_members: dict[frozenset[str], list[str]] = {}
    for name, members in read_word_sets(data_path("de/word_sets.tsv")).items():
        by_members.setdefault(frozenset(members), []).append(name)
    assert [names for names in by_members.values() if len(names) > 1] == []


def test_sets_are_read_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "endungen.tsv"
    path.write_text("# version: 1\nset\tmembers\twhat\nendungen\tern er e\tA\n", "utf-8")
    assert read_word_sets(path) == {"endungen": ("ern", "er", "e")}


def test_asking_for_a_set_that_is_not_in_the_file_is_an_error() -> None:
    with pytest.raises(ResourceError, match="no set named 'verben'"):
        word_set("verben")


def test_a_set_defined_twice_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "mengen.tsv"
    path.write_text(
        "# version: 1\nset\tmembers\twhat\nartikel\tder die\tA\nartikel\tdas\tB\n", "utf-8"
    )
    with pytest.raises(ResourceError, match=r"mengen\.tsv:4: set 'artikel' is defined twice"):
        read_word_sets(path)


def test_quoted_ranges_go_paragraph_by_paragraph_and_keep_only_outer_quotes() -> None:
    text = "Er sagte: „Sie nannte es ‚Unsinn‘.“\nSie rief: »Nein!"
    assert [text[s:e] for s, e in quoted_ranges(text)] == [
        "„Sie nannte es ‚Unsinn‘.“",
        "»Nein!",
    ]
