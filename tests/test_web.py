from __future__ import annotations

import re
import threading
import urllib.request

import pytest

from lagebild.store import Store
from lagebild.store import stories as queries
from lagebild.web import App, make_server
from web_store import build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return str(build_store(tmp_path_factory.mktemp("web") / "store.db"))


@pytest.fixture(scope="module")
def app(db):
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
