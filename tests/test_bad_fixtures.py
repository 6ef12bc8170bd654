"""The bad-input fixtures are broken the way expect.toml says, and lagebild copes as it says."""

from __future__ import annotations

import json
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

import lagebild
from fixtures.bad.generate import (
    BAD_DIR,
    OVERSIZED_BYTES,
    load_expectations,
    materialise,
    write_oversized,
)
from lagebild.cli import main

EXPECTED = {bad.path: bad for bad in load_expectations()}
KNOWN_GAPS: dict[str, str] = {}


def raw(name: str) -> bytes:
    return (BAD_DIR / name).read_bytes()


def test_every_committed_input_has_an_expectation():
    helpers = {"expect.toml", "README.md", "generate.py", "__pycache__"}
    committed = {p.name for p in BAD_DIR.iterdir()} - helpers
    assert committed == {path for path, bad in EXPECTED.items() if not bad.generated}


def test_empty_file_has_no_bytes():
    assert raw("empty.txt") == b""


def test_binary_file_is_not_text():
    data = raw("binary_as_text.txt")
    assert b"\x00" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_truncated_utf8_breaks_only_inside_its_last_character():
    data = raw("truncated_utf8.txt")
    with pytest.raises(UnicodeDecodeError) as error:
        data.decode("utf-8")
    assert error.value.start == len(data) - 1
    text = data[:-1].decode("utf-8")
    assert all(kept in text for kept in EXPECTED["truncated_utf8.txt"].keep)


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("latin1_umlauts.txt", "latin-1"),
        ("cp1252_quotes.txt", "cp1252"),
        ("utf16_bom.txt", "utf-16"),
    ],
)
def test_legacy_encoded_file_is_not_utf8_but_holds_its_text_in_its_encoding(name, encoding):
    data = raw(name)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode(encoding)
    assert all(kept in text for kept in EXPECTED[name].keep)


def test_nfd_file_is_decomposed_and_its_nfc_form_holds_the_expected_text():
    text = raw("nfd_umlauts.txt").decode("utf-8")
    bad = EXPECTED["nfd_umlauts.txt"]
    assert not unicodedata.is_normalized("NFC", text)
    assert all(gone in text for gone in bad.absent)
    assert all(kept in unicodedata.normalize("NFC", text) for kept in bad.keep)


def test_malformed_jsonl_fails_exactly_on_the_listed_lines():
    bad = EXPECTED["malformed_lines.jsonl"]
    good, failing = [], []
    for number, line in enumerate(raw("malformed_lines.jsonl").decode("utf-8").splitlines(), 1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            failing.append(number)
            continue
        if isinstance(record, dict) and isinstance(record.get("text"), str):
            good.append(record["text"])
        else:
            failing.append(number)
    assert failing == list(bad.lines)
    assert len(good) == bad.articles
    assert all(any(kept in text for text in good) for kept in bad.keep)


def test_malformed_feed_is_not_well_formed_xml():
    with pytest.raises(ET.ParseError):
        ET.fromstring(raw("malformed_feed.xml"))


def test_html_fixture_has_escaped_markup_as_text_and_real_scripts_around_it():
    page = raw("script_in_article.html").decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<script>alert("im Artikel")</script>' in page
    assert 'onclick="alert(2)"' in page


def test_jsonl_fixture_carries_markup_in_every_field_a_report_shows():
    record = json.loads(raw("script_in_text.jsonl"))
    bad = EXPECTED["script_in_text.jsonl"]
    assert all(kept in record["text"] for kept in bad.keep)
    assert "<script>" in record["title"] and "<b>" in record["outlet"]
    assert record["url"].startswith("javascript:")


def test_no_articles_folder_holds_only_a_hidden_placeholder():
    assert [p.name for p in (BAD_DIR / "no_articles").iterdir()] == [".gitkeep"]


def test_write_oversized_writes_exactly_the_size_asked_for(tmp_path):
    size = 3 * 1024 * 1024 + 7  # not a multiple of the block, so the last block is cut
    path = write_oversized(tmp_path / "gross.txt", size)
    assert path.stat().st_size == size
    assert path.read_bytes()[:24].decode("utf-8") == "Der Gemeinderat hat am D"


def test_materialise_puts_every_input_in_place_with_a_50_mb_file(tmp_path):
    paths = materialise(tmp_path)
    assert set(paths) == set(EXPECTED)
    assert paths["oversized.txt"].stat().st_size == OVERSIZED_BYTES == 50 * 1024 * 1024
    assert paths["latin1_umlauts.txt"].read_bytes() == raw("latin1_umlauts.txt")
    assert (paths["no_articles"] / ".gitkeep").is_file()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('path = "empty.txt"\noutcome = "vielleicht"\narticles = 0\nwhy = "x"\n', "outcome"),
        ('path = "empty.txt"\noutcome = "skipped"\nwhy = "x"\n', "missing key 'articles'"),
        ('path = "fehlt.txt"\noutcome = "skipped"\narticles = 0\nwhy = "x"\n', "does not exist"),
        (
            'path = "empty.txt"\ngenerated = true\noutcome = "skipped"\narticles = 0\nwhy = "x"\n',
            "exists although generated",
        ),
    ],
)
def test_load_expectations_names_the_entry_that_is_wrong(tmp_path, entry, message):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "expect.toml").write_text("[[file]]\n" + entry, encoding="utf-8")
    with pytest.raises(ValueError, match=r"expect\.toml: file\[0\]") as error:
        load_expectations(tmp_path)
    assert message in str(error.value)


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> dict[str, Path]:
    return materialise(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(
            bad,
            id=bad.path,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[bad.path])]
            if bad.path in KNOWN_GAPS
            else [],
        )
        for bad in EXPECTED.values()
    ],
)
def test_lagebild_handles_bad_input_as_expected(bad_inputs, bad):
    path = bad_inputs[bad.path]
    corpus = lagebild.analyze([str(path)], stages=("linguistic",))
    texts = [f"{a.title or ''}\n{a.text}" for a in corpus.articles]
    assert len(corpus.articles) == bad.articles
    assert bool(corpus.skipped) == (bad.outcome != "read")
    assert all(str(path) in str(skipped) for skipped in corpus.skipped)
    if bad.lines:
        assert [skipped.line for skipped in corpus.skipped] == list(bad.lines)
    assert all(any(kept in text for text in texts) for kept in bad.keep)
    assert not any(gone in text for gone in bad.absent for text in texts)


@pytest.mark.parametrize("name", ["script_in_article.html", "script_in_text.jsonl"])
def test_report_shows_markup_from_articles_as_escaped_text(bad_inputs, tmp_path, name):
    report = tmp_path / "report.html"
    result = CliRunner().invoke(
        main,
        ["analyze", str(bad_inputs[name]), "--stages", "linguistic", "--no-db"]
        + ["--html", str(report)],
    )
    assert result.exit_code == 0, result.output
    html = report.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not [raw for raw in EXPECTED[name].report_absent if raw in html]
