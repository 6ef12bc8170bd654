"""The Spark engine (local mode) and one process agree on the demo corpus: the same articles with
the same layers, quotes, entities and stories once the Parquet result is loaded into a store.

Skipped when pyspark (``pip install 'lagebild[spark]'``) or Java 17 is missing."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import lagebild
from lagebild import spark
from lagebild.errors import LagebildError
from lagebild.model import Skipped
from lagebild.store import Store
from warc_archive import write_warc

DEMO = Path(str(resources.files("lagebild") / "demo" / "articles"))
OUTLETS = str(resources.files("lagebild") / "demo" / "outlets.toml")


def _spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'lagebild[spark]')"
    try:
        spark.check_java()
    except LagebildError as exc:
        return str(exc)
    return None


needs_spark = pytest.mark.skipif(_spark_missing() is not None, reason=str(_spark_missing()))
pytestmark = [
    pytest.mark.spark,
    # py4j and pyspark warn about their own internals; that is not ours to fix
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> tuple[str, str, spark.SparkResult]:
    work = tmp_path_factory.mktemp("spark")
    result = spark.analyze_to_parquet(
        [str(DEMO)], str(work / "parquet"), master="local[2]", outlets_file=OUTLETS
    )
    on_spark = str(work / "spark.db")
    loaded = subprocess.run(
        [sys.executable, "-m", "lagebild.cli", "load", "--parquet", str(work / "parquet")]
        + ["--db", on_spark, "--master", "local[1]"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    one_process = str(work / "local.db")
    # both stores written by fresh interpreters, as the Spark workers are: what earlier tests
    # of this session left in module caches must not make the two differ
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, lagebild; lagebild.analyze([sys.argv[1]], db=sys.argv[2], "
            "outlets_file=sys.argv[3])",
            str(DEMO),
            one_process,
            OUTLETS,
        ],
        check=True,
    )
    return on_spark, one_process, result


def _articles(db: str) -> list[dict]:
    with Store(db, readonly=True) as store:
        return [a.to_dict() for a in store.iter_articles()]


@needs_spark
def test_spark_writes_every_demo_article_and_skips_nothing(stores) -> None:
    _, _, result = stores
    assert (result.articles, result.skipped) == (8, 0)
    days = {p.name for p in (Path(result.output) / "articles").iterdir() if p.is_dir()}
    assert "date=2025-09-12" in days and "date=unknown" in days


@needs_spark
def test_spark_and_one_process_give_the_same_articles_and_quotes(stores) -> None:
    on_spark, one_process, _ = stores
    assert _articles(on_spark) == _articles(one_process)


@needs_spark
def test_spark_and_one_process_give_the_same_entities(stores) -> None:
    on_spark, one_process, _ = stores
    with Store(on_spark, readonly=True) as a, Store(one_process, readonly=True) as b:
        assert [e.to_dict() for e in a.entities()] == [e.to_dict() for e in b.entities()]
        assert a.events() == b.events()


@needs_spark
def test_spark_and_one_process_give_the_same_stories(stores) -> None:
    on_spark, one_process, _ = stores

    def stories(db: str) -> list[tuple[str, tuple[str, ...]]]:
        with Store(db, readonly=True) as store:
            rows = store.db.execute(
                "SELECT s.title, group_concat(m.article_id) FROM stories s "
                "JOIN story_articles m ON m.story_id = s.id GROUP BY s.id"
            ).fetchall()
        return sorted((title, tuple(sorted(ids.split(",")))) for title, ids in rows)

    assert stories(on_spark) == stories(one_process)


def test_without_java_the_spark_engine_says_what_it_needs(monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(LagebildError, match="needs Java 17 or later"):
        spark.check_java()


def test_a_parquet_row_holds_every_field_of_the_json_contract_and_reads_back_the_same() -> None:
    import lagebild

    [article] = [a for a in lagebild.analyze([str(DEMO)]).articles if a.source.endswith(".html")]
    row = spark.article_row(article)
    assert spark.article_from_row(row).to_dict() == article.to_dict()

    def keys(value) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    declared = set(re.findall(r"`?(\w+)`?:? ", spark.ARTICLE_SCHEMA.replace("<", " ")))
    assert keys(row) <= declared

    def types(value) -> set[type]:
        if isinstance(value, dict):
            return {type(k) for k in value} | {t for v in value.values() for t in types(v)}
        if isinstance(value, list):
            return {t for v in value for t in types(v)}
        return {type(value)}

    # Spark's pickler builds only Python's own types in the JVM (a StrEnum broke the job)
    assert types(row) <= {str, int, float, bool, type(None)}


def test_without_pyspark_the_spark_engine_says_how_to_install_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # as if it were not installed
    with pytest.raises(LagebildError, match=r"pip install 'lagebild\[spark\]'"):
        spark.session("local[1]")


def test_the_spark_engine_needs_a_parquet_directory_to_write_to(tmp_path) -> None:
    from click.testing import CliRunner

    from lagebild.cli import main

    result = CliRunner().invoke(main, ["analyze", str(DEMO), "--engine", "spark"])
    assert result.exit_code == 2
    assert "--engine spark writes Parquet: give --parquet DIR" in result.output


@needs_spark
def test_spark_reads_the_pages_of_a_warc_file_as_one_process_does(stores, tmp_path) -> None:
    archive = str(write_warc(tmp_path / "archiv.warc.gz", compress=True))
    result = spark.analyze_to_parquet(
        [archive], str(tmp_path / "parquet"), master="local[2]", stages=("linguistic", "entities")
    )
    assert (result.articles, result.skipped) == (2, 1)
    found = list(spark.parquet_rows(str(tmp_path / "parquet")))
    alone = lagebild.analyze([archive], stages=("linguistic", "entities"))
    on_spark = {a.source: a.text for a in found if not isinstance(a, Skipped)}
    assert on_spark == {a.source: a.text for a in alone.articles}
    [skipped] = [s for s in found if isinstance(s, Skipped)]
    assert skipped.reason == alone.skipped[0].reason
