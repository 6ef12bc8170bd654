"""A store written as the batch goes, shared safely by several processes, and corpus layers that
never point to entities that are gone (issue 13 items 7-8, issue 16)."""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import threading
import time
from importlib import resources
from pathlib import Path

import pytest

import lagebild
from lagebild import pipeline
from lagebild.errors import StoreError
from lagebild.model import Article
from lagebild.store import Store

DEMO = Path(str(resources.files("lagebild") / "demo" / "articles"))
FAST = ("linguistic", "entities")

_PLACES = ["Kiel", "Bonn", "Jena", "Gera", "Hof", "Ulm", "Suhl", "Lahr"]


def _write_articles(folder: Path, first: int, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(first, first + count):
        place = _PLACES[n % len(_PLACES)]
        (folder / f"{n:03}.txt").write_text(
            f"Meldung {n} aus {place}\n\nIn {place} hat der Stadtrat am Montag über die "
            f"Brücke Nummer {n} beraten. Bürgermeisterin Anna Keller sagte, man sei zufrieden.",
            "utf-8",
        )


def _create_store(path: str, start: multiprocessing.synchronize.Barrier) -> None:
    start.wait()
    Store(path).close()


def test_two_processes_creating_a_new_store_at_once_both_succeed(tmp_path: Path) -> None:
    for attempt in range(3):  # the race is a matter of timing: try it a few times
        path = str(tmp_path / f"neu{attempt}.db")
        start = multiprocessing.Barrier(4)
        workers = [
            multiprocessing.Process(target=_create_store, args=(path, start)) for _ in range(4)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert [w.exitcode for w in workers] == [0, 0, 0, 0]
        with Store(path, readonly=True) as store:
            assert store.version == lagebild.store.migrations()[-1][0]


def _analyse_into(folder: str, db: str, start: multiprocessing.synchronize.Barrier) -> None:
    start.wait()
    corpus = lagebild.analyze([folder], db=db, stages=FAST)
    failed = [s for s in corpus.skipped if s.source.startswith("(")]
    raise SystemExit(1 if failed else 0)


def test_two_overlapping_runs_on_one_store_both_finish_and_store_each_article_once(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "l.db")
    Store(db).close()
    _write_articles(tmp_path / "a", 0, 6)
    _write_articles(tmp_path / "b", 3, 6)  # articles 3-5 in both
    start = multiprocessing.Barrier(2)
    runs = [
        multiprocessing.Process(target=_analyse_into, args=(str(tmp_path / d), db, start))
        for d in ("a", "b")
    ]
    for run in runs:
        run.start()
    for run in runs:
        run.join(300)
    assert [r.exitcode for r in runs] == [0, 0]
    with Store(db, readonly=True) as store:
        assert store.count("articles") == 9
        in_stories = store.db.execute("SELECT count(*) FROM story_articles").fetchone()[0]
    assert in_stories == 9


def _dangling(db: str) -> tuple[int, int]:
    with Store(db, readonly=True) as store:
        mentions = store.db.execute(
            "SELECT count(*) FROM entity_mentions m LEFT JOIN entities e ON e.id = m.entity_id "
            "WHERE m.entity_id IS NOT NULL AND e.id IS NULL"
        ).fetchone()[0]
        speakers = store.db.execute(
            "SELECT count(*) FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_entity "
            "WHERE q.speaker_entity IS NOT NULL AND e.id IS NULL"
        ).fetchone()[0]
    return mentions, speakers


@pytest.mark.slow
def test_after_an_incremental_run_every_mention_and_speaker_points_to_a_stored_entity(
    tmp_path: Path,
) -> None:
    # the reproduction: half of the demo, then the other half (4 speakers kept the ids of
    # entities that the second resolution renamed)
    first, second = tmp_path / "erste", tmp_path / "zweite"
    first.mkdir()
    second.mkdir()
    for path in sorted(DEMO.iterdir()):
        target = first if path.name.startswith(("klartext", "bodensee", "zpa")) else second
        shutil.copy(path, target / path.name)
    db = str(tmp_path / "l.db")
    lagebild.analyze([str(first)], db=db)
    lagebild.analyze([str(second)], db=db)
    assert _dangling(db) == (0, 0)


def test_a_run_stopped_midway_keeps_the_finished_chunks_and_the_rerun_does_the_rest(
    tmp_path: Path, monkeypatch
) -> None:
    _write_articles(tmp_path / "in", 0, 7)
    db = str(tmp_path / "l.db")
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    analyse = pipeline.analyse_article

    def stopped_at_the_sixth(article: Article, stages):
        if "Meldung 5 " in article.text:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C
        return analyse(article, stages)

    monkeypatch.setattr(pipeline, "analyse_article", stopped_at_the_sixth)
    with pytest.raises(KeyboardInterrupt):
        lagebild.analyze([str(tmp_path / "in")], db=db, stages=FAST)
    with Store(db, readonly=True) as store:
        assert store.count("articles") == 4  # two chunks of two were written

    monkeypatch.setattr(pipeline, "analyse_article", analyse)
    corpus = lagebild.analyze([str(tmp_path / "in")], db=db, stages=FAST)
    assert len(corpus.articles) == 7 and not corpus.skipped
    with Store(db, readonly=True) as store:
        assert store.count("articles") == 7
        assert store.count("entities") > 0
        unresolved = store.db.execute(
            "SELECT count(*) FROM entity_mentions WHERE entity_id IS NULL AND label = 'LOC'"
        ).fetchone()[0]
        last_run = store.db.execute(
            "SELECT articles_added, articles_known FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert unresolved == 0  # the articles of the stopped run were resolved by the rerun
    assert tuple(last_run) == (3, 4)


def test_without_keeping_articles_the_corpus_holds_no_text_or_layers(tmp_path: Path) -> None:
    _write_articles(tmp_path / "in", 0, 3)
    db = str(tmp_path / "l.db")
    corpus = lagebild.analyze([str(tmp_path / "in")], db=db, stages=FAST, keep_articles=False)
    assert len(corpus.articles) == 3
    assert all(a.text == "" and not a.tokens and not a.entities for a in corpus.articles)
    with Store(db, readonly=True) as store:
        assert all(store.load_article(a.id).tokens for a in corpus.articles)


def test_a_second_writer_waits_for_the_first_and_then_gets_the_lock(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    waited: list[float] = []

    def second() -> None:
        with Store(db) as other:
            began = time.monotonic()
            with other.exclusive(wait=30):
                waited.append(time.monotonic() - began)

    with Store(db) as store, store.exclusive():
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        assert not waited
    thread.join(30)
    assert waited and waited[0] >= 0.4


def test_a_second_writer_that_may_not_wait_long_is_refused_with_a_clear_message(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "l.db")
    refused = pytest.raises(StoreError, match="another lagebild run is updating this store")
    with Store(db) as store, store.exclusive(), Store(db) as other, refused, other.exclusive(0.2):
        pass


def test_the_store_waits_for_another_process_s_write_instead_of_failing(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    Store(db).close()
    blocker = sqlite3.connect(db, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")

    def release() -> None:
        time.sleep(0.5)
        blocker.commit()

    threading.Thread(target=release).start()
    with Store(db) as store:
        store.add_skipped([lagebild.Skipped("x.txt", "leer")], None)
        assert store.count("skipped") == 1
    blocker.close()
