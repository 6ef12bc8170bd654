"""Corpus steps over a store that grows run by run: every resolution starts from the mentions as
the stages found them, so the result is the one of a single run over all articles, in whatever
order and however many runs they came in (issue 16)."""

from __future__ import annotations

import random
import shutil
import sqlite3
from importlib import resources
from pathlib import Path

import pytest

import lagebild
from lagebild import pipeline
from lagebild.store import Store, migrations

DEMO = Path(str(resources.files("lagebild") / "demo" / "articles"))


def _corpus_layers(db: Path) -> dict[str, list]:
    with Store(db, readonly=True) as store:
        ask = store.db.execute
        return {
            "mentions": ask(
                "SELECT article_id, start, end, text, label, entity_id, source "
                "FROM entity_mentions ORDER BY article_id, start, end"
            ).fetchall(),
            "entities": ask("SELECT id, data FROM entities ORDER BY id").fetchall(),
            "speakers": ask("SELECT article_id, idx, data FROM quotes ORDER BY 1, 2").fetchall(),
            "events": [row[0] for row in ask("SELECT data FROM events ORDER BY date, data")],
            "stories": sorted(
                sorted(members.split(","))
                for (members,) in ask(
                    "SELECT group_concat(article_id) FROM story_articles GROUP BY story_id"
                )
            ),
        }


@pytest.mark.slow
def test_the_demo_in_two_runs_in_shuffled_order_gives_what_one_run_gives(tmp_path: Path) -> None:
    lagebild.analyze([str(DEMO)], db=str(tmp_path / "eins.db"))
    files = sorted(DEMO.iterdir())
    random.Random(3).shuffle(files)
    parts = [tmp_path / "erste", tmp_path / "zweite"]
    for part, chosen in zip(
        parts, (files[: len(files) // 2], files[len(files) // 2 :]), strict=True
    ):
        part.mkdir()
        for path in chosen:
            shutil.copy(path, part / path.name)
    for part in parts:
        lagebild.analyze([str(part)], db=str(tmp_path / "zwei.db"))
    one, two = _corpus_layers(tmp_path / "eins.db"), _corpus_layers(tmp_path / "zwei.db")
    for layer in one:
        assert [tuple(r) for r in one[layer]] == [tuple(r) for r in two[layer]], layer


_OWN_ARTICLES = {
    "wetter.txt": "Wetter am Dienstag\n\nAm Dienstag regnete es stundenlang. Danach wurde es "
    "kühler und windig.",
    "plan.txt": "Pelzer lobt den Plan\n\nDie Bürgermeisterin Ortrud Pelzer lobte am Montag den "
    "Plan für den Hafen. Pelzer sagte, der Plan sei gut durchdacht.",
    "kritik.txt": "Kritik am Hafenplan\n\nOrtrud Pelzer widersprach am Abend den Kritikern des "
    "Plans. Pelzer blieb dabei ruhig.",
}


def _record_token_reads(monkeypatch) -> list[str]:
    """The titles of the stored articles whose tokens are read, as they are read."""
    read: list[str] = []
    fill_tokens = Store.fill_tokens

    def recording(store, articles):
        read.extend(a.title for a in articles)
        fill_tokens(store, articles)

    monkeypatch.setattr(Store, "fill_tokens", recording)
    return read


def test_a_run_reads_the_tokens_only_of_articles_the_resolution_needs_them_of(
    tmp_path: Path, monkeypatch
) -> None:
    parts = {"eins": ["wetter.txt", "plan.txt"], "zwei": ["kritik.txt"]}
    for folder, names in parts.items():
        (tmp_path / folder).mkdir()
        for name in names:
            (tmp_path / folder / name).write_text(_OWN_ARTICLES[name], "utf-8")
    lagebild.analyze([str(tmp_path / "eins")], db=str(tmp_path / "zwei.db"))
    read = _record_token_reads(monkeypatch)
    lagebild.analyze([str(tmp_path / "zwei")], db=str(tmp_path / "zwei.db"))
    assert "Kritik am Hafenplan" in read and "Wetter am Dienstag" not in read
    monkeypatch.undo()
    lagebild.analyze([str(tmp_path / f) for f in parts], db=str(tmp_path / "eins.db"))
    assert _corpus_layers(tmp_path / "eins.db") == _corpus_layers(tmp_path / "zwei.db")


def test_a_run_without_entity_layers_reads_no_stored_tokens_for_the_resolution(
    tmp_path: Path, monkeypatch
) -> None:
    for name in ("wetter.txt", "plan.txt"):
        (tmp_path / name).write_text(_OWN_ARTICLES[name], "utf-8")
    read = _record_token_reads(monkeypatch)
    db = tmp_path / "nur-grundlage.db"
    lagebild.analyze([str(tmp_path)], db=str(db), stages=("linguistic",), keep_articles=False)
    assert read == []  # no name to look for, so no article's tokens are needed
    with Store(db) as store:
        assert len(store.article_ids()) == 2


def test_a_store_of_schema_5_gets_the_name_words_of_its_articles_at_the_next_run(
    tmp_path: Path,
) -> None:
    (tmp_path / "alt").mkdir()
    (tmp_path / "alt" / "plan.txt").write_text(_OWN_ARTICLES["plan.txt"], "utf-8")
    (tmp_path / "neu").mkdir()
    (tmp_path / "neu" / "kritik.txt").write_text(_OWN_ARTICLES["kritik.txt"], "utf-8")
    db = tmp_path / "alt.db"
    lagebild.analyze([str(tmp_path / "alt")], db=str(db))
    connection = sqlite3.connect(db)  # as a lagebild of schema 5 left it
    connection.execute("DROP TABLE name_words")
    connection.execute("PRAGMA user_version = 5")
    connection.commit()
    connection.close()
    with Store(db) as store:
        assert store.version == 6
        assert store.name_words(store.article_ids()) == {}
    lagebild.analyze([str(tmp_path / "neu")], db=str(db))
    with Store(db) as store:
        words = store.name_words(store.article_ids())
    assert len(words) == 2  # the stored article's too, not only the new one's
    assert {"Plan", "Abend"} <= set().union(*words.values())


@pytest.mark.slow
def test_a_run_that_adds_nothing_changes_nothing_and_skips_the_corpus_steps(
    tmp_path: Path, monkeypatch
) -> None:
    db = tmp_path / "l.db"
    first = lagebild.analyze([str(DEMO)], db=str(db))
    before = _corpus_layers(db)

    def must_not_run(articles):
        raise AssertionError("the corpus steps ran although nothing was added")

    monkeypatch.setattr(pipeline, "resolve", must_not_run)
    again = lagebild.analyze([str(DEMO)], db=str(db))
    assert not [s for s in again.skipped if s.source.startswith("(")]
    assert _corpus_layers(db) == before
    assert again.already_stored == len(first.articles)
    assert {e.id for e in again.entities} == {e.id for e in first.entities}
    assert again.events == first.events


def test_an_older_store_keeps_its_mentions_without_those_a_resolution_added(
    tmp_path: Path,
) -> None:
    db = tmp_path / "alt.db"
    connection = sqlite3.connect(db)
    for number, _name, sql in migrations():
        if number < 5:
            connection.executescript(sql)
    connection.execute("PRAGMA user_version = 4")
    connection.execute(
        "INSERT INTO articles (id, source, language, text, words, added_at) "
        "VALUES ('a1', 'a.txt', 'de', 'Anna Keller kam nach Kiel. Keller blieb.', 7, 'jetzt')"
    )
    connection.executemany(
        "INSERT INTO entity_mentions VALUES ('a1', ?, ?, ?, ?, ?, ?)",
        [
            (0, 11, "Anna Keller", "PER", "per:anna-keller", "ner"),
            (21, 25, "Kiel", "LOC", "loc:kiel", "ner"),
            (27, 33, "Keller", "PER", "per:anna-keller", "corpus"),
        ],
    )
    connection.commit()
    connection.close()
    with Store(db) as store:
        found = store.load_article("a1", as_found=True).entities
        assert store.corpus_steps_due()
    assert [(m.text, m.entity) for m in found] == [("Anna Keller", None), ("Kiel", None)]
