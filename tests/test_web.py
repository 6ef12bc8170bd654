from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from lagebild.store import Store
from lagebild.store import stories as queries
from lagebild.web import App, host_allowed, make_server
from web_store import build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return str(build_store(tmp_path_factory.mktemp("web") / "store.db"))


@pytest.fixture(scope="module")
def app(db):
    app = App(db)
    yield app
    app.close()


@pytest.fixture
def fresh_app(db):
    """An app that has rendered no page yet (the module's app keeps the pages it rendered)."""
    app = App(db)
    yield app
    app.close()


def _story_of(db: str, article_id: str) -> int:
    with Store(db, readonly=True) as store:
        story = queries.article_story(store, article_id)
    assert story is not None
    return story


def _page(app: App, path: str) -> str:
    response = app.handle(path)
    assert response.status == 200, path
    return response.body.decode()


def test_story_list_shows_every_story_with_link(app):
    html = _page(app, "/")
    assert len(re.findall(r'href="/story/\d+"', html)) == 6
    assert "Elsterbrücke in Waldheim überraschend gesperrt" in html


def test_story_page_shows_outlets_side_by_side_and_the_comparison(app, db):
    html = _page(app, f"/story/{_story_of(db, 'bruecke-gesperrt-Kurier')}")
    for section in (
        'id="headlines"',
        'id="coverage"',
        'id="exclusive-facts"',
        'id="voices"',
        'id="wording"',
        'id="unsourced"',
        'id="discrepancies"',
        'id="publication-timeline"',
        'id="storyline"',
    ):
        assert section in html
    assert "Jens Ohlsen" in html  # the voice only the Kurier carries
    assert "2026-03-01" in html and "2026-03-02" in html  # when the bridge closed
    timeline = html[html.index("<h2>Zeitleiste</h2>") : html.index('id="publication-timeline"')]
    assert "<svg" in timeline or 'id="events"' in timeline
    assert "Die Elsterbrücke wird gesperrt" in timeline


def test_story_page_cites_sentences_with_offsets_into_the_article(app, db):
    html = _page(app, f"/story/{_story_of(db, 'bruecke-gesperrt-Kurier')}")
    link = re.search(r'href="/article/([^"?]+)\?start=(\d+)&amp;end=(\d+)#cited"', html)
    article = _page(app, f"/article/{link.group(1)}?start={link.group(2)}&end={link.group(3)}")
    assert '<mark id="cited">' in article


def test_article_text_is_escaped_everywhere(app, db):
    pages = [
        f"/story/{_story_of(db, 'pokal-Kurier')}",
        "/article/pokal-Kurier",
        "/",
        "/search?q=Leserkommentar",
        f"/story/{_story_of(db, 'bruecke-gesperrt-Kurier')}",  # a hostile event in the timeline
    ]
    for path in pages:
        html = _page(app, path)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html or "&lt;img" in html or path == "/"


def test_search_finds_articles_by_words_and_marks_them(app):
    html = _page(app, "/search?q=Stahlträger")
    assert html.count('href="/article/') >= 2
    assert "<mark>Stahlträger" in html


def test_search_with_fts_syntax_characters_does_not_fail(app):
    assert app.handle('/search?q=%22NEAR(%20*%20-"').status == 200


def test_quote_explorer_filters_by_speaker_outlet_and_date(app):
    assert "Die Sicherheit der Menschen" in _page(app, "/quotes?speaker=Brandt")
    assert "Die Sicherheit der Menschen" in _page(app, "/quotes?outlet=Tagblatt")
    assert "Keine Zitate gefunden" in _page(app, "/quotes?outlet=Kurier")
    assert "Keine Zitate gefunden" in _page(app, "/quotes?date_from=2026-04-01")
    assert "Die Sicherheit" in _page(app, "/quotes?date_from=2026-03-02&date_to=2026-03-02")


def test_entity_pages_list_entities_and_their_articles(app):
    assert 'href="/entity/anke-brandt"' in _page(app, "/entities")
    assert 'href="/entity/waldheim"' not in _page(app, "/entities?label=PER")
    html = _page(app, "/entity/anke-brandt")
    assert "Die Sicherheit der Menschen" in html and "bruecke-gesperrt-Tagblatt" in html


def test_storyline_page_lists_its_stories_in_date_order(app, db):
    with Store(db, readonly=True) as store:
        line = store.db.execute(
            "SELECT storyline_id FROM stories WHERE id = ?",
            (_story_of(db, "bruecke-frei-Kurier"),),
        ).fetchone()[0]
    html = _page(app, f"/storyline/{line}")
    assert html.index("2026-03-02") < html.index("2026-06-15")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/story/999", 404),
        ("/story/abc", 400),
        ("/nowhere", 404),
        ("/?page=0", 400),
        ("/article/unbekannt", 404),
        ("/entity/niemand", 404),
        ("/story/1/x/y", 404),
    ],
)
def test_bad_addresses_give_an_error_page_not_a_crash(app, path, status):
    assert app.handle(path).status == status


def test_pagination_links_only_when_there_is_more(app):
    html = _page(app, "/")
    assert 'rel="next"' not in html


def test_app_opens_the_store_read_only(app):
    with pytest.raises(Exception, match="readonly"):
        app.store.db.execute("DELETE FROM articles")


def test_server_binds_localhost_and_serves_pages(db):
    server = make_server(db, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/html")
            assert b"Stories" in response.read()
    finally:
        server.shutdown()
        server.server_close()


# -- every request gets a proper status and bounded work (issue 13) -------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/search?q=%00", 200),
        ("/search?q=Br%C3%BCcke%00%01", 200),
        ("/quotes?speaker=%00", 200),
        (f"/?page={2**63}", 400),
        (f"/search?q=Br%C3%BCcke&page={2**64}", 400),
        (f"/story/{2**70}", 400),
        ("/entities?page=99999999999999999999", 400),
        ("/article/x?start=" + "9" * 5000, 400),
    ],
)
def test_nul_bytes_and_huge_numbers_get_an_answer_with_a_status(app, path, status):
    assert app.handle(path).status == status


def test_search_with_thousands_of_words_is_refused_at_once(app):
    words = "+".join(f"wort{n}" for n in range(12_000))
    started = time.monotonic()
    response = app.handle(f"/search?q={words}")
    assert response.status == 400
    assert time.monotonic() - started < 1


def test_a_query_past_its_time_is_interrupted_with_503(fresh_app, monkeypatch):
    import lagebild.web

    def slow(store, *_args):
        store.db.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
        ).fetchone()

    monkeypatch.setattr(lagebild.web, "QUERY_SECONDS", 0.2)
    monkeypatch.setattr(lagebild.web.queries, "count_stories", slow)
    started = time.monotonic()
    assert fresh_app.handle("/").status == 503
    assert time.monotonic() - started < 2


def test_an_unexpected_error_is_a_500_page(fresh_app, monkeypatch, capsys):
    import lagebild.web

    def broken(*_args):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(lagebild.web.queries, "list_entities", broken)
    response = fresh_app.handle("/entities")
    assert response.status == 500 and b"Interner Fehler" in response.body
    assert "RuntimeError: kaputt" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        (None, True),
        ("127.0.0.1:8765", True),
        ("localhost:8765", True),
        ("[::1]:8765", True),
        ("192.168.1.20", True),
        ("LOCALHOST.", True),
        ("angreifer.example:8765", False),
        ("localhost.angreifer.example", False),
        ("127.0.0.1.nip.io", False),
    ],
)
def test_host_header_must_name_this_computer_or_an_address(host, allowed):
    assert host_allowed(host) is allowed


def test_host_names_given_with_allow_host_are_accepted():
    assert host_allowed("lagebild.intern:80", frozenset({"lagebild.intern"}))


def _serving(db: str):
    server = make_server(db, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_server_refuses_a_foreign_host_header_with_403(db):
    server = _serving(db)
    try:
        port = server.server_address[1]
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/", headers={"Host": f"angreifer.example:{port}"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request)
        refused.value.close()
        assert refused.value.code == 403
    finally:
        server.shutdown()
        server.server_close()


def test_a_slow_request_does_not_block_other_readers(db, monkeypatch):
    import lagebild.web

    entered, release = threading.Event(), threading.Event()
    real = lagebild.web.queries.list_entities

    def waiting(*args):
        entered.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(lagebild.web.queries, "list_entities", waiting)
    server = _serving(db)
    try:
        port = server.server_address[1]

        def fetch_entities() -> None:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/entities", timeout=20) as page:
                page.read()

        slow = threading.Thread(target=fetch_entities)
        slow.start()
        assert entered.wait(10)
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/quotes", timeout=5) as response:
            assert response.status == 200
        assert time.monotonic() - started < 2
        release.set()
        slow.join(10)
    finally:
        release.set()
        server.shutdown()
        server.server_close()


def test_the_server_queues_a_burst_of_connections(db):
    server = _serving(db)
    try:
        assert server.request_queue_size >= 100
    finally:
        server.shutdown()
        server.server_close()


def _pronoun_store(path) -> str:
    from lagebild.model import Article, Entity, Quote, Span, SpeakerMention

    text = (
        "Ministerin Özlem Kaya besuchte die Schule. „Wir bauen aus“, sagte Kaya. "
        "Später meinte sie, das Geld reiche."
    )
    said, later = text.index("„Wir bauen aus“"), text.index("das Geld reiche")
    name, pronoun = text.index("Kaya."), text.index("sie,")
    article = Article(id="schule", source="schule.txt", text=text, outlet="Landesbote")
    article.quotes = [
        Quote(said, said + 15, text[said : said + 15], "direct",
              SpeakerMention(name, name + 4, "Kaya", "oezlem-kaya", "named")),
        Quote(later, later + 15, text[later : later + 15], "indirect",
              SpeakerMention(pronoun, pronoun + 3, "sie", "oezlem-kaya", "pronoun",
                             Span(name, name + 4, "Kaya"))),
    ]  # fmt: skip
    with Store(path) as store:
        store.add_article(article)
        store.replace_entities([Entity("oezlem-kaya", "Özlem Kaya", "PER", ["Özlem Kaya"], 2)])
    return str(path)


@pytest.mark.parametrize("speaker", ["özlem", "ÖZLEM KAYA", "Kaya", "sie", "oezlem-kaya", "Nie"])
def test_web_app_and_cli_answer_quotes_for_a_speaker_alike(tmp_path, speaker):
    from click.testing import CliRunner

    from lagebild.cli import main

    db = _pronoun_store(tmp_path / "kaya.db")
    cli = CliRunner().invoke(main, ["quotes", "--db", db, "--speaker", speaker, "--json"])
    cli_quotes = sorted(json.loads(line)["text"] for line in cli.output.splitlines())
    web = App(db)
    try:
        html = web.handle(f"/quotes?speaker={urllib.parse.quote(speaker)}").body.decode()
    finally:
        web.close()
    web_quotes = sorted(re.findall(r'<a href="/article/schule">([^<]*)</a>', html))
    assert cli_quotes == web_quotes
    assert len(cli_quotes) == (0 if speaker == "Nie" else 2 if speaker != "sie" else 1)


def test_quote_explorer_shows_the_resolved_name_of_a_pronoun_speaker(tmp_path):
    web = App(_pronoun_store(tmp_path / "kaya.db"))
    try:
        html = web.handle("/quotes").body.decode()
    finally:
        web.close()
    assert "Özlem Kaya <span" in html and "(sie)" in html


def test_a_connection_that_sends_nothing_is_closed_after_the_timeout(db, monkeypatch):
    import lagebild.web

    monkeypatch.setattr(lagebild.web, "CONNECTION_TIMEOUT_S", 0.5)
    server = _serving(db)
    try:
        with socket.create_connection(server.server_address[:2], timeout=10) as idle:
            started = time.monotonic()
            assert idle.recv(1024) == b""  # the server hangs up
            assert time.monotonic() - started < 5
    finally:
        server.shutdown()
        server.server_close()


def test_sequential_requests_share_one_connection_whatever_thread_serves_them(db):
    server = _serving(db)
    try:
        port = server.server_address[1]
        for path in ["/", "/entities", "/quotes", "/search?q=Br%C3%BCcke"] * 10:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as response:
                assert response.status == 200
        assert server.app.connections == 1
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_asked_for_again_is_not_rendered_again(fresh_app, monkeypatch):
    import lagebild.web

    first = fresh_app.handle("/entities")

    def must_not_run(*_args):
        raise AssertionError("the store was queried again for an unchanged page")

    monkeypatch.setattr(lagebild.web.queries, "list_entities", must_not_run)
    again = fresh_app.handle("/entities")
    assert again.status == first.status == 200
    assert again.body == first.body


def test_a_page_shows_what_another_process_wrote_to_the_store_meanwhile(db, tmp_path):
    import sqlite3

    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as con:
        article_id = con.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()[0]
    app = App(str(copy))
    try:
        path = f"/article/{urllib.parse.quote(article_id)}"
        assert "Hochwasser an der Saalach" not in app.handle(path).body.decode()
        with sqlite3.connect(copy) as con:
            con.execute(
                "UPDATE articles SET title = 'Hochwasser an der Saalach' WHERE id = ?",
                (article_id,),
            )
        assert "Hochwasser an der Saalach" in app.handle(path).body.decode()
    finally:
        app.close()


def test_a_page_rendered_while_the_store_changed_is_not_kept(tmp_path):
    import sqlite3

    from lagebild.web import PageCache

    path = tmp_path / "s.db"
    writer, reader, other_reader = (sqlite3.connect(path) for _ in range(3))
    writer.execute("CREATE TABLE t (x)")
    writer.commit()
    cache = PageCache()
    cache.current(other_reader)
    generation = cache.current(reader)  # a request starts reading
    cache.put("/stories", b"<p>kept</p>", generation)
    assert cache.get("/stories") == b"<p>kept</p>"  # nothing changed yet
    writer.execute("INSERT INTO t VALUES (1)")
    writer.commit()
    cache.current(other_reader)  # a later request sees the change
    cache.put("/", b"<p>alt</p>", generation)  # the first request ends
    assert cache.get("/") is None
    assert cache.get("/stories") is None
    for con in (writer, reader, other_reader):
        con.close()
