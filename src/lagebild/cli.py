"""The ``lagebild`` command: a thin click group over the library."""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import sys
import traceback
from importlib import resources
from pathlib import Path
from typing import Any

import click

from .cli_output import csv_cell, progress, summary, write_outputs
from .corpus.compare import compare_stored_stories
from .corpus.stories import update_stories
from .errors import LagebildError
from .outlets import load_outlets
from .pipeline import analyze as analyze_corpus
from .pipeline import load_analysed, whole_store
from .report import render_report
from .spark import analyze_to_parquet, parquet_rows
from .store import Store, queries
from .store import stories as story_rows
from .version import __version__
from .web import make_server
from .web import serve as serve_app

DEFAULT_DB = "lagebild.db"
_FORMS_SHOWN = 4  # derived words and compounds listed per entity in the table

db_option = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="SQLite store to write to / read from.",
)
report_option = click.option(
    "--html",
    "html_path",
    default="lagebild-report.html",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Where to write the report.",
)


# Exit statuses of every command (the README lists them).
EXIT_SKIPPED = 1  # done, but some inputs were skipped (each is listed)
EXIT_USAGE = 2  # bad arguments, a missing or unusable store or data file: nothing was done
EXIT_INTERNAL = 3  # a bug in lagebild: the traceback is printed, please report it
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report it
EXIT_BROKEN_PIPE = 141  # the reader of the output went away (`| head`), as shells report it


def _fail(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_USAGE)


class _Commands(click.Group):
    """The command group; an unexpected exception exits with its own status, not with the one
    that means "some inputs skipped"."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # nothing more can be written; point stdout at /dev/null so that the interpreter's
            # final flush does not fail again
            with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)
        except Exception as exc:  # noqa: BLE001 - reported as an internal error with its trace
            traceback.print_exc(file=sys.stderr)
            click.echo(
                f"internal error: {type(exc).__name__}: {exc} (a bug in lagebild; please report "
                "it with the trace above)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)


def _open_store(db: str, *, readonly: bool = True) -> Store:
    if not Path(db).exists():
        _fail(LagebildError(f"{db}: no such store; run `lagebild analyze ... --db {db}` first"))
    return Store(db, readonly=readonly)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lagebild")
def main() -> None:
    """lagebild: a situation picture from many German news articles.

    Reads text files, HTML pages, RSS/Atom feeds and JSON Lines; cleans them; finds sentences,
    tokens, time expressions, entities and quotes; stores everything in SQLite and writes a
    self-contained HTML report.

    Exit status: 0 done; 1 done, but some inputs were skipped (listed); 2 usage, store or data
    file error (nothing done); 3 internal error (a bug: the trace is printed); 130 interrupted;
    141 the output's reader went away (`| head`).
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the corpus as JSON (the contract in the README); - for stdout.",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False),
    help="Write a self-contained HTML report.",
)
@db_option
@click.option("--no-db", is_flag=True, help="Do not write a store.")
@click.option("--outlet", help="Outlet name for all inputs (overrides what the input states).")
@click.option(
    "--outlets",
    "outlets_file",
    type=click.Path(exists=True, dir_okay=False),
    help="TOML file of outlet profiles ([[outlet]] name, country, kind, notes).",
)
@click.option(
    "--genre",
    type=click.Choice(["news", "narrative"]),
    help="How relative time expressions anchor (default: news, or the JSONL field).",
)
@click.option(
    "--stages",
    "stage_list",
    metavar="NAMES",
    help="Comma-separated stages to run, e.g. linguistic,timex (default: all).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes for the per-article stages; 0 = one per core.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="local: this machine, into the store; spark: the per-article stages as a Spark job "
    "whose result is written as Parquet (--parquet; needs lagebild[spark] and Java 17).",
)
@click.option("--master", metavar="URL", help="Spark master (local[4], spark://host:7077, yarn).")
@click.option(
    "--parquet",
    "parquet_dir",
    type=click.Path(file_okay=False),
    help="With --engine spark: the directory to write the Parquet result to.",
)
def analyze(
    paths: tuple[str, ...],
    json_path: str | None,
    html_path: str | None,
    db: str,
    no_db: bool,
    outlet: str | None,
    outlets_file: str | None,
    genre: str | None,
    stage_list: str | None,
    jobs: int,
    engine: str,
    master: str | None,
    parquet_dir: str | None,
) -> None:
    """Analyse articles at PATHS (files, directories, globs, or - for stdin).

    Exit status: 0 when every input was read, 1 when some were skipped (they are listed),
    2 on a usage or store error, 3 on an internal error (a bug in lagebild).
    """
    store_path = None if no_db else db
    stages = tuple(n.strip() for n in stage_list.split(",")) if stage_list else None
    if engine == "spark":
        _analyze_on_spark(paths, parquet_dir, master, outlet, genre, outlets_file, stages)
        return
    if master or parquet_dir:
        _fail(LagebildError("--master and --parquet go with --engine spark"))
    try:
        corpus = analyze_corpus(
            paths,
            outlet=outlet,
            genre=genre,
            db=store_path,
            outlets_file=outlets_file,
            stages=stages,
            progress=progress,
            jobs=jobs,
            keep_articles=bool(json_path or html_path),
        )
        outlets = {}
        if outlets_file:
            outlets = {o["name"]: o for o in load_outlets(outlets_file)}
        write_outputs(corpus, json_path, html_path, outlets)
    except LagebildError as exc:
        _fail(exc)
    summary(corpus, store_path)
    sys.exit(EXIT_SKIPPED if corpus.skipped else 0)


def _analyze_on_spark(
    paths: tuple[str, ...],
    parquet_dir: str | None,
    master: str | None,
    outlet: str | None,
    genre: str | None,
    outlets_file: str | None,
    stages: tuple[str, ...] | None,
) -> None:
    """The per-article stages on Spark; the corpus steps run when the result is loaded."""
    if not parquet_dir:
        _fail(LagebildError("--engine spark writes Parquet: give --parquet DIR"))
    try:
        result = analyze_to_parquet(
            paths,
            str(parquet_dir),
            master=master,
            outlet=outlet,
            genre=genre,
            outlets_file=outlets_file,
            stages=stages,
        )
    except LagebildError as exc:
        _fail(exc)
    click.echo(
        f"{result.articles} article(s) analysed, {result.skipped} input(s) skipped; Parquet "
        f"written to {result.output} (load it with `lagebild load --parquet {result.output}`)",
        err=True,
    )
    sys.exit(1 if result.skipped else 0)


@main.command()
@click.option(
    "--parquet",
    "parquet_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="A result of `lagebild analyze --engine spark`.",
)
@db_option
@click.option("--master", metavar="URL", help="Spark master to read with (default: local).")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Only articles of this day on.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Only articles up to this day.")
def load(
    parquet_dir: str, db: str, master: str | None, date_from: str | None, date_to: str | None
) -> None:
    """Bring a Spark result (or a slice of its days) into the store and run the corpus steps
    (entities, timeline, stories) there, for the report and the web app."""
    try:
        rows = parquet_rows(parquet_dir, master or "local[*]", date_from=date_from, date_to=date_to)
        corpus = load_analysed(rows, db, source=parquet_dir)
    except LagebildError as exc:
        _fail(exc)
    summary(corpus, db)
    sys.exit(1 if corpus.skipped else 0)


@main.command()
@db_option
@report_option
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Also write JSON.")
def demo(db: str, html_path: str, json_path: str | None) -> None:
    """Analyse the built-in demo corpus (invented articles) into the store and write the report."""
    demo_dir = resources.files("lagebild").joinpath("demo", "articles")
    outlets_file = resources.files("lagebild").joinpath("demo", "outlets.toml")
    with resources.as_file(demo_dir) as articles, resources.as_file(outlets_file) as outlets:
        try:
            corpus = analyze_corpus(
                [str(articles)], db=db, outlets_file=str(outlets), progress=progress
            )
            profiles = {o["name"]: o for o in load_outlets(outlets)}
            write_outputs(corpus, json_path, html_path, profiles)
        except LagebildError as exc:
            _fail(exc)
    summary(corpus, db)
    click.echo(f"open {html_path} in a browser, or run `lagebild serve --db {db}`", err=True)


@main.command()
@db_option
@report_option
def report(db: str, html_path: str) -> None:
    """Write the HTML report of everything in the store (all articles and stories, not only
    those of the last run)."""
    with _open_store(db) as store:
        corpus, outlets = whole_store(store), store.outlets()
    Path(html_path).write_text(render_report(corpus, outlets), encoding="utf-8")
    click.echo(
        f"HTML report of {len(corpus.articles)} article(s) and {len(corpus.stories)} "
        f"story(ies) written to {html_path}",
        err=True,
    )


@main.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "json"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one article per line with all layers; "
    "csv: one row per article with its metadata and layer counts; "
    "json: the whole store in the JSON contract (articles, entities, stories with their "
    "comparison, events, skipped inputs).",
)
@click.option(
    "--output",
    "-o",
    default="-",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="File to write (default: stdout).",
)
def export(db: str, fmt: str, output: str) -> None:
    """Export the stored articles, or with --format json the whole store."""
    store = _open_store(db)
    with store, click.open_file(output, "w", encoding="utf-8") as out:
        if fmt == "json":
            json.dump(whole_store(store).to_dict(), out, ensure_ascii=False)
            out.write("\n")
            return
        if fmt == "jsonl":
            for article in store.iter_articles():
                out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            return
        writer = csv.writer(out)
        fields = ("id", "source", "title", "published", "outlet", "author", "url", "language")
        counted = ("removed", "entities", "quotes", "timexes")  # layers: how many items
        writer.writerow([*fields, "words", *counted, "warnings"])
        for a in store.iter_articles():
            row = [getattr(a, name) for name in fields] + [a.words]
            row += [len(getattr(a, name)) for name in counted] + [" | ".join(a.warnings)]
            writer.writerow([csv_cell(value) for value in row])


@main.command()
@db_option
@click.option("--speaker", help="Only quotes whose speaker (text or entity name) contains this.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table.")
def quotes(db: str, speaker: str | None, as_json: bool) -> None:
    """List who said what from the store."""
    store = _open_store(db)
    with store:
        page = 1
        while rows := queries.search_quotes(
            store, speaker=speaker, page=page, per_page=1_000, newest_first=False
        ):
            for row in rows:
                who = row["speaker_name"] or row["speaker_text"]
                if as_json:
                    data = json.loads(row["data"])
                    data.update(
                        article=row["article_id"],
                        outlet=row["outlet"],
                        published=row["published"],
                        speaker_name=who,
                    )
                    click.echo(json.dumps(data, ensure_ascii=False))
                else:
                    click.echo(
                        f"{row['published'] or '?':<16} {row['outlet'] or '?':<20} "
                        f"{(who or '?'):<24} [{row['type']}] {row['text'][:100]}"
                    )
            page += 1


@main.command()
@db_option
@click.option("--label", help="Only entities with this label (PER, ORG, LOC, OTH).")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table.")
def entities(db: str, label: str | None, as_json: bool) -> None:
    """List the resolved entities from the store."""
    store = _open_store(db)
    with store:
        for entity in store.entities(label.upper() if label else None):
            if as_json:
                click.echo(json.dumps(entity.to_dict(), ensure_ascii=False))
            else:
                variants = ", ".join(v for v in entity.variants if v != entity.name)
                other_forms = [f for f in entity.forms if f != entity.name]
                forms = ", ".join(other_forms[:_FORMS_SHOWN])
                if len(other_forms) > _FORMS_SHOWN:
                    forms += ", …"
                roles = ", ".join(sorted({r.get("role", "") for r in entity.roles} - {""}))
                click.echo(
                    f"{entity.label:<8} {entity.mentions:>4}  {entity.name}"
                    + (f"  (also: {variants})" if variants else "")
                    + (f"  {{forms: {forms}}}" if forms else "")
                    + (f"  [{roles}]" if roles else "")
                )


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table.")
def timeline(db: str, as_json: bool) -> None:
    """List the dated events from the store, in time order."""
    store = _open_store(db)
    with store:
        for event in store.events():
            if as_json:
                click.echo(json.dumps(event, ensure_ascii=False))
            else:
                click.echo(f"{event['date']:<16} {event.get('outlet') or '?':<20} {event['text']}")


@main.command()
@db_option
@click.option(
    "--no-compare",
    is_flag=True,
    help="Skip the outlet comparison of changed stories (faster for big initial loads; their "
    "story pages show no comparison until `lagebild stories` runs without this option).",
)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a list.")
def stories(db: str, no_compare: bool, as_json: bool) -> None:
    """Cluster new articles into stories and storylines, then list the stories.

    `lagebild analyze --db` already does this; the command is for stores filled in other ways
    and for listing. Incremental: only articles in no story yet are clustered.
    """
    with _open_store(db, readonly=False) as store:
        tables = story_rows.StoryTables(store)
        update = update_stories(tables)
        if not no_compare:
            compare_stored_stories(tables, tables.uncompared_stories())
        click.echo(
            f"{update.articles} new article(s) clustered: {update.stories_new} new "
            f"stories, {update.stories_changed} changed, {update.duplicates} duplicates",
            err=True,
        )
        page = 1
        while rows := story_rows.list_stories(store, page=page):
            for row in rows:
                if as_json:
                    click.echo(json.dumps(row, ensure_ascii=False))
                else:
                    click.echo(
                        f"{row['first_date'] or '?':<12} {row['articles']:>4} articles "
                        f"{row['outlets']:>3} outlets  {row['title']}"
                    )
            page += 1


@main.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; the default serves this computer only.",
)
@click.option("--port", default=8765, show_default=True, type=int)
@click.option(
    "--allow-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A host name the app answers to besides localhost and IP addresses (behind a proxy, "
    "or --host 0.0.0.0 under a DNS name); other Host headers are refused (DNS rebinding).",
)
def serve(db: str, host: str, port: int, allowed_hosts: tuple[str, ...]) -> None:
    """Open the local web app over the store (read-only)."""
    _open_store(db).close()
    try:
        server = make_server(db, host=host, port=port, allowed_hosts=frozenset(allowed_hosts))
    except OSError as exc:
        busy = exc.errno == errno.EADDRINUSE
        hint = f"; another program uses port {port}: choose another with --port" if busy else ""
        _fail(LagebildError(f"cannot serve on {host}:{port}: {exc.strerror or exc}{hint}"))
    bound = server.server_address[1]
    click.echo(f"lagebild serving {db} on http://{host}:{bound}/ (Ctrl-C to stop)", err=True)
    serve_app(server)


if __name__ == "__main__":
    main()
