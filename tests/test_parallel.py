"""Parallel analysis: worker processes change how fast, never what comes out."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import lagebild
from lagebild.model import Article

DEMO = Path(str(resources.files("lagebild") / "demo" / "articles"))


def _layers(corpus: lagebild.Corpus) -> list[dict]:
    return [
        {k: v for k, v in a.to_dict().items() if k in ("id", "entities", "quotes", "timexes")}
        for a in corpus.articles
    ]


def test_two_workers_give_the_same_articles_in_the_same_order_as_one() -> None:
    one = lagebild.analyze([str(DEMO)])
    two = lagebild.analyze([str(DEMO)], jobs=2)
    assert len(one.articles) == 8
    assert json.dumps(_layers(one)) == json.dumps(_layers(two))
    assert [e.to_dict() for e in one.entities] == [e.to_dict() for e in two.entities]


def test_a_failing_article_is_skipped_with_its_reason_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch
) -> None:
    from lagebild import pipeline

    (tmp_path / "a.txt").write_text("Titel\n\nKiel meldet Regen. Es bleibt kühl.", "utf-8")
    (tmp_path / "b.txt").write_text("Titel\n\nBonn meldet Sonne. Es wird warm.", "utf-8")

    def fails_on_bonn(article: Article, stages):
        if "Bonn" in article.text:
            raise ValueError("kaputt")
        return article

    monkeypatch.setattr(pipeline, "analyse_article", fails_on_bonn)
    corpus = lagebild.analyze([str(tmp_path)], stages=("linguistic",))
    assert [a.source.endswith("a.txt") for a in corpus.articles] == [True]
    [skipped] = corpus.skipped
    assert skipped.source.endswith("b.txt")
    assert skipped.reason == "analysis failed: ValueError: kaputt"


def test_re_analysing_into_a_store_with_workers_adds_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    first = lagebild.analyze([str(DEMO)], db=db, stages=("linguistic",), jobs=2)
    again = lagebild.analyze([str(DEMO)], db=db, stages=("linguistic",), jobs=2)
    assert [a.id for a in first.articles] == [a.id for a in again.articles]
    with lagebild.Store(db, readonly=True) as store:
        assert store.count("articles") == 8
        runs = store.db.execute(
            "SELECT articles_added, articles_known FROM runs ORDER BY id"
        ).fetchall()
    assert [tuple(r) for r in runs] == [(8, 0), (0, 8)]


def test_a_dying_worker_does_not_end_the_batch(tmp_path: Path, monkeypatch) -> None:
    import os

    from lagebild import pipeline

    main = os.getpid()
    for n in range(4):
        (tmp_path / f"{n}.txt").write_text(f"Titel\n\nIn Kiel regnet es am Tag {n}.", "utf-8")

    def dies_in_a_worker(article: Article, stages):
        if os.getpid() != main:
            os._exit(1)  # as if killed for memory
        return article

    monkeypatch.setattr(pipeline, "analyse_article", dies_in_a_worker)
    corpus = lagebild.analyze([str(tmp_path)], stages=("linguistic",), jobs=2)
    assert len(corpus.articles) == 4 and not corpus.skipped


def test_zero_jobs_means_one_worker_per_core_in_the_library_as_in_the_cli(monkeypatch) -> None:
    from lagebild import pipeline

    asked: list[int] = []

    def records_jobs(items, stages, jobs):
        asked.append(jobs)
        return iter([(article, known, None) for article, known in items])

    monkeypatch.setattr(pipeline, "default_jobs", lambda: 3)
    monkeypatch.setattr(pipeline, "_analyse_stream", records_jobs)
    lagebild.analyze([str(DEMO)], stages=("linguistic",), jobs=0)
    assert asked == [3]


def test_an_article_refused_by_a_pool_that_just_broke_is_still_analysed(
    tmp_path: Path, monkeypatch
) -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from lagebild import pipeline

    for n in range(4):
        (tmp_path / f"{n}.txt").write_text(f"Titel\n\nIn Kiel regnet es am Tag {n}.", "utf-8")

    class BreaksAtTheThirdSubmission:
        """A pool whose worker died between two submissions: the next one is refused."""

        def __init__(self, max_workers: int) -> None:
            self.submitted = 0

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            return None

        def submit(self, fn, *args):
            self.submitted += 1
            if self.submitted == 3:
                raise BrokenProcessPool("a worker died")
            future: Future = Future()
            future.set_result(fn(*args))
            return future

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", BreaksAtTheThirdSubmission)
    corpus = lagebild.analyze([str(tmp_path)], stages=("linguistic",), jobs=2)
    assert len(corpus.articles) == 4 and not corpus.skipped
    assert len({a.text for a in corpus.articles}) == 4
