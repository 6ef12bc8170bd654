from __future__ import annotations

import csv
import fcntl
import io
import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lagebild.cli import csv_cell, main

REPO = Path(__file__).resolve().parents[1]
TEXT = (
    " date 2025-11-04 Der Stadtrat hat am Dienstag den Haushalt beschlossen. "
    "Bürgermeisterin Lea Brandt sprach von einem „soliden Plan“.\n\n"
    "Die Opposition stimmte dagegen.\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _analyze(runner, *args):
    return runner.invoke(main, ["analyze", *args, "--stages", "linguistic"])


def test_analyze_writes_json_html_and_store_and_exits_zero(runner, write, tmp_path):
    path = write("a.txt", TEXT)
    out = tmp_path / "r.json"
    result = _analyze(
        runner,
        path,
        "--json",
        str(out),
        "--html",
        str(tmp_path / "r.html"),
        "--db",
        str(tmp_path / "s.db"),
        "--outlet",
        "Stadtanzeiger",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    [article] = data["articles"]
    assert article["outlet"] == "Stadtanzeiger" and article["published"] == "2025-11-04"
    assert set(data) >= {"articles", "entities", "stories"}
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert "1 article(s) analysed" in result.output


def test_analyze_exits_one_and_names_the_bad_file_when_an_input_is_skipped(runner, write, tmp_path):
    good = write("gut.txt", TEXT)
    bad = write("kaputt.txt", b"\x00\x00\x00")
    result = _analyze(runner, good, bad, "--no-db")
    assert result.exit_code == 1
    assert f"skipped: {bad}: binary data" in result.output
    assert "1 article(s) analysed" in result.output


def test_analyze_reads_stdin(runner):
    result = runner.invoke(
        main,
        ["analyze", "-", "--no-db", "--json", "-", "--stages", "linguistic"],
        input=TEXT.encode("utf-8"),
    )
    assert result.exit_code == 0, result.output
    payload = result.output[result.output.index("{") : result.output.rindex("}") + 1]
    assert json.loads(payload)["articles"][0]["source"] == "<stdin>"


def test_reanalysing_the_same_input_adds_nothing_to_the_store(runner, write, tmp_path):
    path, db = write("a.txt", TEXT), str(tmp_path / "s.db")
    _analyze(runner, path, "--db", db)
    _analyze(runner, path, "--db", db)
    result = runner.invoke(main, ["export", "--db", db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 1 and rows[0]["published"] == "2025-11-04"


def test_export_jsonl_has_one_article_per_line_with_offsets_into_text(runner, write, tmp_path):
    db = str(tmp_path / "s.db")
    _analyze(runner, write("a.txt", TEXT), "--db", db)
    result = runner.invoke(main, ["export", "--db", db])
    [line] = result.output.splitlines()
    article = json.loads(line)
    assert all(article["text"][s:e] for s, e in article["sentences"])


def test_commands_on_a_missing_store_fail_with_a_clear_message(runner, tmp_path):
    result = runner.invoke(main, ["quotes", "--db", str(tmp_path / "fehlt.db")])
    assert result.exit_code == 2 and "no such store" in result.output


def test_unknown_stage_is_a_usage_error(runner, write):
    result = runner.invoke(main, ["analyze", write("a.txt", TEXT), "--no-db", "--stages", "x"])
    assert result.exit_code == 2 and "unknown stage 'x'" in result.output


def test_every_command_has_help_and_is_documented_in_the_readme(runner):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0 and command.help, name
        assert re.search(rf"lagebild {name}\b", readme), f"README does not document {name}"


def test_a_failing_corpus_step_is_reported_and_the_articles_are_kept(
    runner, write, tmp_path, monkeypatch
):
    import lagebild.pipeline

    def broken(*_args):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(lagebild.pipeline, "cluster_corpus", broken)
    out = tmp_path / "r.json"
    result = _analyze(runner, write("a.txt", TEXT), "--no-db", "--json", str(out))
    assert result.exit_code == 1
    assert "skipped: (stories): step failed: RuntimeError: kaputt" in result.output
    assert len(json.loads(out.read_text(encoding="utf-8"))["articles"]) == 1


def test_exit_status_three_marks_an_internal_error_with_its_trace(runner, write, monkeypatch):
    import lagebild.cli

    def crashing(*_args, **_kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(lagebild.cli, "analyze_corpus", crashing)
    result = _analyze(runner, write("a.txt", TEXT), "--no-db")
    assert result.exit_code == 3
    assert "internal error: ZeroDivisionError" in result.output
    assert "Traceback" in result.output


def test_exit_status_two_is_a_usage_error_and_one_a_skipped_input(runner, write):
    assert runner.invoke(main, ["analyze"]).exit_code == 2
    assert _analyze(runner, write("leer.txt", ""), "--no-db").exit_code == 1


def test_csv_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(runner, write, tmp_path):
    hostile = ['=HYPERLINK("http://x.example","klick")', "@SUM(A1:A9)", "+49 30 1234", "-2+3"]
    lines = [
        json.dumps({"id": f"a{n}", "title": title, "outlet": "=1+1", "text": TEXT + title})
        for n, title in enumerate(hostile)
    ]
    db = str(tmp_path / "s.db")
    assert _analyze(runner, write("a.jsonl", "\n".join(lines)), "--db", db).exit_code == 0
    result = runner.invoke(main, ["export", "--db", db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert sorted(r["title"] for r in rows) == sorted("'" + title for title in hostile)
    assert {r["outlet"] for r in rows} == {"'=1+1"}


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Landesbote", "Landesbote"),
        ("Minus-Rekord", "Minus-Rekord"),
        (-3, -3),
    ],
)
def test_csv_cell_prefixes_only_text_that_starts_like_a_formula(value, cell):
    assert csv_cell(value) == cell


def test_summary_counts_already_stored_articles_apart_from_analysed_ones(runner, write, tmp_path):
    path, db = write("a.txt", TEXT), str(tmp_path / "s.db")
    assert "1 article(s) analysed," in _analyze(runner, path, "--db", db).output
    again = _analyze(runner, path, "--db", db)
    assert "0 article(s) analysed (1 already stored)," in again.output


def test_serve_on_a_busy_port_fails_with_a_clear_message_before_serving(runner, write, tmp_path):
    db = str(tmp_path / "s.db")
    _analyze(runner, write("a.txt", TEXT), "--db", db)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["serve", "--db", db, "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.output
    assert "choose another with --port" in result.output
    assert "serving" not in result.output and "Traceback" not in result.output


def test_output_piped_into_a_reader_that_stops_early_ends_quietly_with_141(runner, write, tmp_path):
    db = str(tmp_path / "s.db")
    lines = "\n".join(json.dumps({"id": f"a{n}", "text": f"{TEXT} Nummer {n}."}) for n in range(40))
    assert _analyze(runner, write("a.jsonl", lines), "--db", db).exit_code == 0
    export = subprocess.Popen(
        [sys.executable, "-m", "lagebild.cli", "export", "--db", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # a pipe of one page: the export (about 20 KB) cannot be written whole before the close
    fcntl.fcntl(export.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)
    export.stdout.read(10)  # like `| head -c 10`
    export.stdout.close()
    assert export.wait(120) == 141
    assert b"Traceback" not in export.stderr.read()
    export.stderr.close()
