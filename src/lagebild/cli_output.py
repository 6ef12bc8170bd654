"""What the commands print and write besides their own results: CSV cells, the progress bar,
the summary of a run and the JSON and HTML outputs."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sized
from pathlib import Path
from typing import Any

import click

from .model import Corpus
from .report import render_report

# A spreadsheet runs a cell starting with one of these as a formula ("=HYPERLINK(…)").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell that a spreadsheet shows as text: one starting like a formula gets
    a leading apostrophe (OWASP's advice against CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def progress(items: Iterable[Any]) -> Iterable[Any]:
    """A bar over the articles being analysed on a terminal, nothing when piped."""
    if not sys.stderr.isatty():
        yield from items
        return
    length = len(items) if isinstance(items, Sized) else None
    with click.progressbar(
        items, length=length, label="analysing", file=sys.stderr, show_pos=True, show_eta=True
    ) as bar:
        yield from bar


def summary(corpus: Corpus, db: str | None) -> None:
    removed = sum(len(a.removed) for a in corpus.articles)
    warned = sum(1 for a in corpus.articles if a.warnings)
    analysed = len(corpus.articles) - corpus.already_stored
    stored = f" ({corpus.already_stored} already stored)" if corpus.already_stored else ""
    click.echo(
        f"{analysed} article(s) analysed{stored}, {removed} piece(s) of boilerplate removed, "
        f"{warned} article(s) with warnings, {len(corpus.skipped)} input(s) skipped"
        + (f"; stored in {db}" if db else ""),
        err=True,
    )
    for skipped in corpus.skipped:
        click.echo(f"skipped: {skipped}", err=True)


def write_outputs(
    corpus: Corpus,
    json_path: str | None,
    html_path: str | None,
    outlets: dict[str, dict[str, Any]] | None = None,
) -> None:
    if json_path:
        payload = json.dumps(corpus.to_dict(), ensure_ascii=False, indent=1)
        if json_path == "-":
            click.echo(payload)
        else:
            Path(json_path).write_text(payload, encoding="utf-8")
            click.echo(f"JSON written to {json_path}", err=True)
    if html_path:
        Path(html_path).write_text(render_report(corpus, outlets or {}), encoding="utf-8")
        click.echo(f"HTML report written to {html_path}", err=True)
