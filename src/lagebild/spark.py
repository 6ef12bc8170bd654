"""The per-article stages as an Apache Spark job, results as Parquet (``lagebild[spark]``).

Files are listed on the driver; JSON Lines files are read by Spark line by line (so one file of
millions of articles is split over the executors, from any path Spark reads: local, HDFS, S3),
other files are read whole by the executor that gets them (they must lie where every executor
can read them). Each executor process builds the stages once (``analyse_article`` caches them)
and analyses its partitions with ``mapPartitions``. The result is a Parquet dataset in the JSON
contract's article schema, partitioned by publication day (``date=YYYY-MM-DD``, ``date=unknown``),
with two fields the contract leaves out so that ``lagebild load`` can run the corpus steps:
``paragraphs`` (of the sentences) and ``tokens``. Inputs that could not be read or analysed are
in ``skipped/`` with their reason.

Spark retries a failed task on another executor; a task's output is committed once, so every
article is in the result once even when an executor died halfway.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, LagebildError
from .ingest import expand, read_file, sniff
from .ingest.jsonl import parse_line
from .model import Article, EntityMention, Removed, Sentence, Skipped, Timex, Token
from .outlets import load_outlets
from .pipeline import analysed_or_failure, prepare
from .store import quote_from_dict

JAVA_NEEDED = 17

_SPAN = "STRUCT<start: INT, `end`: INT, text: STRING>"
ARTICLE_SCHEMA = ", ".join(
    [
        "id STRING",
        "source STRING",
        "title STRING",
        "published STRING",
        "outlet STRING",
        "author STRING",
        "url STRING",
        "language STRING",
        "genre STRING",
        "text STRING",
        "removed ARRAY<STRUCT<text: STRING, kind: STRING, rule: STRING>>",
        "warnings ARRAY<STRING>",
        "sentences ARRAY<ARRAY<INT>>",
        "entities ARRAY<STRUCT<start: INT, `end`: INT, text: STRING, label: STRING, "
        "entity: STRING, source: STRING>>",
        "quotes ARRAY<STRUCT<start: INT, `end`: INT, text: STRING, type: STRING, "
        "speaker: STRUCT<start: INT, `end`: INT, text: STRING, entity: STRING, kind: STRING, "
        f"antecedent: {_SPAN}>, cue: {_SPAN}, channel: {_SPAN}, addressee: {_SPAN}, "
        "parts: ARRAY<ARRAY<INT>>>>",
        "timexes ARRAY<STRUCT<start: INT, `end`: INT, text: STRING, type: STRING, "
        "value: STRING, mod: STRING, signal: STRING, anchor: STRING>>",
        "paragraphs ARRAY<INT>",
        "tokens ARRAY<STRUCT<start: INT, `end`: INT, pos: STRING, lemma: STRING, sentence: INT>>",
        "date STRING",
    ]
)
SKIPPED_SCHEMA = "source STRING, line INT, reason STRING"


@dataclass(frozen=True)
class Settings:
    """What every executor needs to prepare and analyse an article."""

    outlet: str | None
    genre: str | None
    profiles: tuple[dict[str, Any], ...]
    stages: tuple[str, ...] | None
    folders: tuple[str, ...]  # the directories given as inputs (a sub-folder names the outlet)


def check_java() -> None:
    """Spark needs a Java runtime of version 17 or later on the PATH (or JAVA_HOME)."""
    java = shutil.which("java")
    if java is None:
        raise LagebildError(
            f"the Spark engine needs Java {JAVA_NEEDED} or later and found no `java` on the PATH;"
            " install a JDK (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
        )
    shown = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    found = re.search(r'version "(\d+)(?:\.(\d+))?', shown.stderr + shown.stdout)
    major = int(found.group(1)) if found else 0
    if major == 1 and found and found.group(2):  # "1.8" is Java 8
        major = int(found.group(2))
    if major < JAVA_NEEDED:
        raise LagebildError(
            f"the Spark engine needs Java {JAVA_NEEDED} or later; `{java} -version` says "
            f"{(shown.stderr or shown.stdout).strip().splitlines()[0] if found else 'nothing'}"
        )


def session(master: str | None = None) -> Any:
    """A Spark session (the running one when there is one, e.g. under spark-submit)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise LagebildError(
            "the Spark engine needs pyspark: pip install 'lagebild[spark]'"
        ) from exc
    check_java()
    builder = SparkSession.builder.appName("lagebild")
    if master:
        builder = builder.master(master)
    if (master or "").startswith("local"):
        # local workers run this interpreter, which has lagebild (not whatever python3 is);
        # the context reads it from the environment when it starts
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.getOrCreate()


# -- executor side ----------------------------------------------------------------------------


def _partition_of(published: str | None) -> str:
    return published[:10] if published else "unknown"


def _plain(value: Any) -> Any:
    """The value with plain strings for string enums (a speaker's kind): Spark's pickler hands
    rows to the JVM, which cannot build lagebild's classes."""
    if isinstance(value, dict):
        return {key: _plain(v) for key, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str) and type(value) is not str:
        return str(value)
    return value


def article_row(article: Article) -> dict[str, Any]:
    """An analysed article as a row of the Parquet dataset."""
    row = _plain(article.to_dict())
    row["paragraphs"] = [s.paragraph for s in article.sentences]
    row["tokens"] = [
        {"start": t.start, "end": t.end, "pos": t.pos, "lemma": t.lemma, "sentence": t.sentence}
        for t in article.tokens
    ]
    row["date"] = _partition_of(article.published)
    return row


def _skipped_row(skipped: Skipped) -> tuple[str, dict[str, Any]]:
    return "skipped", {"source": skipped.source, "line": skipped.line, "reason": skipped.reason}


def _analysed_rows(raw_items: Iterable[Any], settings: Settings) -> Iterator[tuple[str, Any]]:
    """("article", row) or ("skipped", row) for each raw article of a partition."""
    profiles = list(settings.profiles)
    for item in raw_items:
        if isinstance(item, Skipped):
            yield _skipped_row(item)
            continue
        try:
            article = prepare(
                item,
                outlet=settings.outlet,
                genre=settings.genre,
                outlet_profiles=profiles,
                folders=settings.folders,
            )
        except InputError as exc:
            yield _skipped_row(Skipped(exc.source, exc.reason, exc.line))
            continue
        analysed, failure = analysed_or_failure(article, settings.stages)
        if failure:
            yield _skipped_row(Skipped(article.source, failure))
        else:
            yield "article", article_row(analysed)


def _read_files(paths: Iterable[str]) -> Iterator[Any]:
    for path in paths:
        try:
            yield from read_file(path)
        except InputError as exc:
            yield Skipped(exc.source, exc.reason, exc.line)


def _parse_lines(lines: Iterable[tuple[str, int]], source: str) -> Iterator[Any]:
    for text, index in lines:
        if not text.strip():
            continue
        try:
            yield parse_line(text.encode("utf-8"), source, index + 1)
        except InputError as exc:
            yield Skipped(exc.source, exc.reason, exc.line)


# -- driver side ------------------------------------------------------------------------------


@dataclass
class SparkResult:
    articles: int
    skipped: int
    output: str


def analyze_to_parquet(
    paths: Iterable[str],
    output: str,
    *,
    master: str | None = None,
    outlet: str | None = None,
    genre: str | None = None,
    outlets_file: str | None = None,
    stages: tuple[str, ...] | None = None,
    partitions: int | None = None,
) -> SparkResult:
    """Analyse the articles at ``paths`` on Spark and write ``output``/articles (Parquet,
    partitioned by date) and ``output``/skipped. ``master`` as for spark-submit
    (``local[2]``, ``spark://host:7077``, ``yarn``); by default the running session's."""
    from pyspark import StorageLevel

    spark = session(master)
    context = spark.sparkContext
    profiles = tuple(load_outlets(outlets_file)) if outlets_file else ()
    wanted = [str(p) for p in paths]
    folders = tuple(p for p in wanted if os.path.isdir(p))
    settings = Settings(outlet, genre, profiles, stages, folders)
    # a URL (hdfs://, s3a://) is read by Spark itself, as JSON Lines
    remote = [p for p in wanted if "://" in p]
    files, problems = expand([p for p in wanted if "://" not in p])
    if "-" in files:
        raise LagebildError("the Spark engine reads files, not standard input")
    slices = partitions or context.defaultParallelism
    parts = [context.parallelize([_skipped_row(p) for p in problems], 1)]
    jsonl = [f for f in files if sniff(b"", f) == "jsonl"]
    others = [f for f in files if f not in set(jsonl)]
    if others:
        parts.append(
            context.parallelize(others, min(len(others), slices * 4)).mapPartitions(
                lambda chunk: _analysed_rows(_read_files(chunk), settings)
            )
        )
    # (where Spark reads it, the source as given)
    for location, given in [(str(Path(f).resolve()), f) for f in jsonl] + [(r, r) for r in remote]:
        lines = context.textFile(location, slices).zipWithIndex()
        parts.append(
            lines.mapPartitions(
                lambda chunk, source=given: _analysed_rows(_parse_lines(chunk, source), settings)
            )
        )
    rows = context.union(parts).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        articles = rows.filter(lambda r: r[0] == "article").map(lambda r: r[1])
        skipped = rows.filter(lambda r: r[0] == "skipped").map(lambda r: r[1])
        (
            spark.createDataFrame(articles, ARTICLE_SCHEMA)
            .write.mode("overwrite")
            .partitionBy("date")
            .parquet(f"{output}/articles")
        )
        spark.createDataFrame(skipped, SKIPPED_SCHEMA).coalesce(1).write.mode("overwrite").parquet(
            f"{output}/skipped"
        )
        counts = rows.map(lambda r: (r[0], 1)).reduceByKey(lambda a, b: a + b).collectAsMap()
    finally:
        rows.unpersist()
    return SparkResult(counts.get("article", 0), counts.get("skipped", 0), output)


# -- back into the store ----------------------------------------------------------------------


def article_from_row(row: dict[str, Any]) -> Article:
    """A Parquet row (as a dict) as the article the stages produced."""
    text = row["text"]
    article = Article.from_row(row)
    article.removed = [Removed.from_row(r) for r in row["removed"]]
    article.warnings = list(row["warnings"])
    article.sentences = [
        Sentence(s, e, text[s:e], paragraph)
        for (s, e), paragraph in zip(row["sentences"], row["paragraphs"], strict=True)
    ]
    article.tokens = [
        Token(
            t["start"], t["end"], text[t["start"] : t["end"]], t["pos"], t["lemma"], t["sentence"]
        )
        for t in row["tokens"]
    ]
    article.entities = [
        EntityMention(m["start"], m["end"], m["text"], m["label"], m["entity"], m["source"] or "")
        for m in row["entities"]
    ]
    article.quotes = [quote_from_dict(q) for q in row["quotes"]]
    article.timexes = [Timex.from_row(t) for t in row["timexes"]]
    return article


def parquet_rows(
    directory: str,
    master: str | None = None,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Iterator[Any]:
    """Articles, then skipped inputs, of a result written by ``analyze_to_parquet``, streamed
    to the driver partition by partition; with ``date_from``/``date_to`` (YYYY-MM-DD, both
    included) only the articles published then (undated ones only without a range)."""
    spark = session(master)
    articles = spark.read.parquet(f"{directory}/articles")
    if date_from or date_to:
        articles = articles.where(articles.date != "unknown")
    if date_from:
        articles = articles.where(articles.date >= date_from)
    if date_to:
        articles = articles.where(articles.date <= date_to)
    articles = articles.orderBy("date", "id")
    for row in articles.toLocalIterator():
        yield article_from_row(row.asDict(recursive=True))
    skipped_dir = Path(directory) / "skipped"
    if skipped_dir.exists():
        for row in spark.read.parquet(str(skipped_dir)).toLocalIterator():
            yield Skipped(row["source"], row["reason"], row["line"])
