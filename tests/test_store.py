from __future__ import annotations

import sqlite3

import pytest

from lagebild.errors import StoreError
from lagebild.model import Article, Quote, Removed, Skipped, Span, SpeakerMention, Timex
from lagebild.store import Store, migrations


def _article(text: str = "Die Ministerin sagte, sie sei zufrieden.") -> Article:
    a = Article(
        id="a1",
        source="x.txt",
        text=text,
        title="Zufrieden",
        published="2025-11-04",
        outlet="Landesbote",
    )
    a.removed = [Removed("© Bild", "copyright", "copyright-sign")]
    a.warnings = ["eine Warnung"]
    a.timexes = [Timex(0, 3, text[0:3], "DATE", "2025-11-04")]
    a.quotes = [
        Quote(
            21,
            39,
            text[21:39],
            "indirect",
            SpeakerMention(4, 14, text[4:14], None, "role"),
            Span(15, 20, text[15:20]),
        )
    ]
    return a


def test_migrations_are_numbered_and_applied_once(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        assert store.version == migrations()[-1][0]
    with Store(path) as store:  # reopening applies nothing twice
        assert store.version == migrations()[-1][0]


def test_article_round_trips_with_all_layers(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.add_article(_article())
        loaded = store.load_article("a1")
    original = _article()
    assert loaded.to_dict() == original.to_dict()


def test_adding_the_same_article_twice_writes_it_once(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.add_article(_article())
        assert not store.add_article(_article())
        assert store.count("articles") == 1


def test_full_text_search_finds_stored_articles(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_article(_article())
        rows = store.db.execute(
            "SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH 'Ministerin'"
        ).fetchall()
    assert [r[0] for r in rows] == ["a1"]


def test_skipped_inputs_are_kept_with_their_reason(tmp_path):
    with Store(tmp_path / "s.db") as store:
        run = store.start_run("analyze", {"inputs": ["x"]}, "0")
        store.add_skipped([Skipped("x.jsonl", "malformed JSON", 3)], run)
        assert [str(s) for s in store.skipped()] == ["x.jsonl:3: malformed JSON"]


def test_a_file_that_is_not_a_store_gives_a_clear_error(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="bogus.db"):
        Store(bogus)


def test_a_store_from_a_newer_lagebild_is_refused(tmp_path):
    path = tmp_path / "new.db"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 999")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_readonly_store_cannot_be_written(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    with Store(path, readonly=True) as store, pytest.raises(sqlite3.OperationalError):
        store.add_article(_article())
