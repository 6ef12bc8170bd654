from __future__ import annotations

import io
import json
import os
import tracemalloc

import pytest

import lagebild
from lagebild.ingest import expand, read_inputs, sniff
from lagebild.ingest.text import parse_dateline, split_title
from lagebild.model import Skipped
from lagebild.pipeline import prepare

ARTICLE = (
    "Die Landesregierung hat am Dienstag ein neues Förderprogramm für Bäckereien vorgestellt. "
    "Wirtschaftsministerin Ida Korn sprach von einem wichtigen Signal für das Handwerk.\n\n"
    "Die Opposition nannte das Programm zu klein."
)


PARAGRAPHS = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))


def _read(*paths: str) -> tuple[list, list[Skipped]]:
    items = list(read_inputs(paths))
    return [i for i in items if not isinstance(i, Skipped)], [
        i for i in items if isinstance(i, Skipped)
    ]


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("11 Feb. 2026 08:25 Uhr", "2026-02-11T08:25"),
        ("3. März 2025", "2025-03-03"),
        ("Dienstag, 4. November 2025, 17:05 Uhr", "2025-11-04T17:05"),
        ("15.08.2025, 14:30 Uhr", "2025-08-15T14:30"),
        ("Der Gipfel am 3. März 2025 war kurz.", None),
        ("31.13.2025", None),
    ],
)
def test_dateline_is_parsed_only_when_the_line_is_just_a_date(line, value):
    assert parse_dateline(line) == value


def test_plain_text_with_date_header_on_the_same_line_as_the_first_paragraph(write):
    path = write("a.txt", " date 2025-08-15 " + ARTICLE)
    [raw], skipped = _read(path)
    article = prepare(raw)
    assert not skipped
    assert article.published == "2025-08-15"
    assert article.text.startswith("Die Landesregierung hat am Dienstag")
    assert [(r.kind, r.text) for r in article.removed] == [("header", "date 2025-08-15")]


def test_plain_text_with_markdown_title_and_dateline_and_leading_blank_lines(write):
    path = write("b.txt", "\n\n## Geld für das Handwerk\n\n4 Nov. 2025 09:10 Uhr\n\n" + ARTICLE)
    [raw], _ = _read(path)
    article = prepare(raw)
    assert article.title == "Geld für das Handwerk"
    assert article.published == "2025-11-04T09:10"
    assert article.text.startswith("Geld für das Handwerk\n")
    assert ("dateline", "4 Nov. 2025 09:10 Uhr") in [(r.kind, r.text) for r in article.removed]


def test_article_without_a_date_has_none_and_a_warning(write):
    [raw], _ = _read(write("c.txt", ARTICLE))
    article = prepare(raw)
    assert article.published is None
    assert any("no publication date" in w for w in article.warnings)


def test_split_title_leaves_a_first_paragraph_that_is_a_sentence_alone():
    assert split_title(ARTICLE)[0] is None


def test_jsonl_reads_fields_and_keeps_text_exactly_when_nothing_is_cleaned(write):
    record = {
        "id": "x1",
        "title": "Förderung",
        "published": "2025-11-04T09:10:00",
        "outlet": "Landesbote",
        "url": "https://landesbote.example/a",
        "text": ARTICLE,
    }
    path = write("c.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    [raw], _ = _read(path)
    article = prepare(raw)
    assert article.text == ARTICLE
    assert (article.source, article.title, article.outlet) == ("x1", "Förderung", "Landesbote")
    assert article.published == "2025-11-04T09:10"


def test_jsonl_bad_line_is_skipped_with_its_line_number_and_the_rest_is_read(write):
    good = json.dumps({"text": ARTICLE}, ensure_ascii=False)
    path = write("d.jsonl", f'{good}\n{{"text": "abgeschnitten\n{good}\n{{"title": "ohne"}}\n')
    articles, skipped = _read(path)
    assert len(articles) == 2
    assert [(s.line, s.reason.split(":")[0]) for s in skipped] == [
        (2, "malformed JSON"),
        (4, "no 'text' (or it is empty)"),
    ]
    assert str(skipped[0]).startswith(f"{path}:2: ")


def test_jsonl_outlet_falls_back_to_the_url_domain(write):
    path = write("e.jsonl", json.dumps({"url": "https://www.rundschau.example/x", "text": ARTICLE}))
    [raw], _ = _read(path)
    assert prepare(raw).outlet == "www.rundschau.example"


def test_html_page_gives_text_title_date_author_and_site_name(write):
    page = f"""<html><head><title>Geld für Bäcker | Landesbote</title>
    <meta property="og:site_name" content="Landesbote">
    <meta property="og:title" content="Geld für Bäcker">
    <meta name="author" content="Tim Weber">
    <meta property="article:published_time" content="2025-11-04T09:10:00+01:00">
    </head><body><nav>Startseite | Politik | Wirtschaft</nav>
    <article><h1>Geld für Bäcker</h1>{PARAGRAPHS}</article>
    <footer>Impressum | Datenschutz</footer></body></html>"""
    [raw], _ = _read(write("f.html", page))
    article = prepare(raw)
    assert "Förderprogramm für Bäckereien" in article.text
    assert "Impressum" not in article.text
    assert article.outlet == "Landesbote"
    assert article.author == "Tim Weber"
    assert article.published == "2025-11-04T09:10"  # the page's own local time
    assert article.title == "Geld für Bäcker"


def test_rss_feed_items_with_content_become_articles(write):
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Landesbote</title><link>https://landesbote.example/</link>
<item><title>Geld für Bäcker</title><link>https://landesbote.example/a</link>
<pubDate>Tue, 04 Nov 2025 09:10:00 +0000</pubDate>
<content:encoded><![CDATA[<p>{ARTICLE}</p>]]></content:encoded></item>
<item><title>Leer</title><link>https://landesbote.example/b</link></item>
</channel></rss>"""
    articles, skipped = _read(write("g.xml", feed))
    [article] = [prepare(a) for a in articles]
    assert article.outlet == "Landesbote" and article.published == "2025-11-04T09:10"
    assert "Förderprogramm" in article.text
    assert [s.reason for s in skipped] == ["feed item without content"]


def test_malformed_feed_is_skipped_naming_file_and_line(write):
    path = write("h.rss", '<?xml version="1.0"?>\n<rss><channel>\n<item><title>x</item>\n</rss>')
    _, [skipped] = _read(path)
    assert skipped.source == path and skipped.line == 3
    assert "not well-formed XML" in skipped.reason


def test_latin1_text_is_decoded_with_its_umlauts_and_a_warning(write):
    [raw], _ = _read(write("i.txt", ARTICLE.encode("cp1252")))
    assert "Förderprogramm für Bäckereien" in raw.text
    assert any("not UTF-8" in w for w in raw.warnings)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"   \n\n", "empty file"), (b"\x00\x01\x02binary\x00" * 50, "binary")],
)
def test_empty_and_binary_files_are_skipped_with_a_reason(write, content, reason):
    path = write("bad.txt", content)
    articles, [skipped] = _read(path)
    assert not articles and skipped.source == path and reason in skipped.reason


def test_missing_path_and_empty_directory_are_reported(tmp_path):
    (tmp_path / "leer").mkdir()
    _, skipped = _read(str(tmp_path / "nicht-da.txt"), str(tmp_path / "leer"))
    assert [s.reason for s in skipped] == [
        "no such file or directory",
        "directory contains no files (hidden ones are not read)",
    ]


def test_directories_are_read_recursively_and_globs_expanded(write, tmp_path):
    write("korpus/a.txt", ARTICLE)
    write("korpus/tief/b.txt", ARTICLE + " Zweitens.")
    assert len(_read(str(tmp_path / "korpus"))[0]) == 2
    assert len(_read(str(tmp_path / "korpus" / "**" / "*.txt"))[0]) == 2


def test_oversized_article_file_is_skipped_without_reading_it(tmp_path):
    big = tmp_path / "riesig.txt"
    with big.open("wb") as fh:
        fh.truncate(50_000_000)  # a sparse 50 MB file
    _, [skipped] = _read(str(big))
    assert "too large" in skipped.reason and "50 MB" in skipped.reason


def test_sniff_recognises_formats_without_a_telling_suffix():
    assert sniff(b'{"text": "x"}', "input") == "jsonl"
    assert sniff(b"<?xml version='1.0'?><rss>", "input") == "feed"
    assert sniff(b"<!doctype html><html>", "input") == "html"
    assert sniff(b"Ein Text.", "input") == "text"


@pytest.mark.parametrize(
    ("published", "why"),
    [("0001-01-01", "placeholder"), ("2025-02-30", "not a calendar date")],
)
def test_jsonl_placeholder_or_impossible_date_is_dropped_with_a_warning(write, published, why):
    path = write("p.jsonl", json.dumps({"published": published, "text": ARTICLE}))
    [raw], _ = _read(path)
    assert raw.published is None
    assert any(why in w for w in raw.warnings)


# -- hostile and broken input (issue 13): each reproduction skips or repairs one input only ----


def test_lone_surrogate_in_a_jsonl_field_is_replaced_and_the_batch_goes_on(write):
    lines = [
        json.dumps({"title": "Haushalt \ud800", "text": ARTICLE}),
        json.dumps({"text": "Der Kreistag tagt am Freitag im Rathaus."}),
    ]
    corpus = lagebild.analyze([write("ersatz.jsonl", "\n".join(lines))], stages=("linguistic",))
    assert not corpus.skipped
    assert [a.title for a in corpus.articles] == ["Haushalt \ufffd", None]
    assert "lone surrogate" in " ".join(corpus.articles[0].warnings)


def test_json_nested_a_thousand_deep_is_one_skipped_line(write):
    deep = '{"text": ' + "[" * 1000 + "]" * 1000 + "}"
    good = json.dumps({"text": ARTICLE})
    articles, skipped = _read(write("tief.jsonl", f"{deep}\n{good}\n"))
    assert len(articles) == 1
    assert [(s.line, s.reason) for s in skipped] == [(1, "JSON nested too deeply to be an article")]


def test_feed_declaring_an_unknown_encoding_is_skipped_with_that_reason(write):
    feed = (
        '<?xml version="1.0" encoding="UTF18"?><rss><channel><title>Landesbote</title>'
        f"<item><title>Haushalt</title><description>{ARTICLE}</description></item>"
        "</channel></rss>"
    )
    articles, skipped = _read(write("seltsam.xml", feed), write("gut.txt", ARTICLE))
    assert len(articles) == 1
    assert "encoding" in skipped[0].reason and "UTF18" in skipped[0].reason


def test_utf16_without_byte_order_mark_is_read_as_utf16_with_a_warning(write):
    (article,) = _read(write("ohne_bom.txt", ARTICLE.encode("utf-16-le")))[0]
    assert "Förderprogramm für Bäckereien" in article.text
    assert "UTF-16 without byte-order mark" in article.warnings[0]


@pytest.mark.parametrize("published", ["2025-01-01T99:99", "2025-02-30T10:00"])
def test_jsonl_date_with_an_impossible_time_or_day_is_dropped_with_a_warning(write, published):
    (article,) = _read(write("zeit.jsonl", json.dumps({"text": ARTICLE, "published": published})))[
        0
    ]
    assert article.published is None
    assert f"'published' {published!r}" in article.warnings[0]


def test_glob_over_a_symlink_loop_ends_and_finds_each_file_once(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "bericht.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "hoch").symlink_to(tmp_path)
    (tmp_path / "a" / "selbst").symlink_to(tmp_path / "a")
    files, problems = expand([str(tmp_path / "**" / "*.txt")])
    assert files == [str(tmp_path / "a" / "bericht.txt")] and not problems
    files, problems = expand([str(tmp_path)])
    assert files == [str(tmp_path / "a" / "bericht.txt")] and not problems


def test_relative_recursive_glob_matches_files_at_every_depth(tmp_path, monkeypatch):
    for name in ("oben.txt", "x/mitte.txt", "x/y/unten.txt", "x/y/anders.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert expand(["**/*.txt"])[0] == ["oben.txt", "x/mitte.txt", "x/y/unten.txt"]
    assert expand(["x/*.txt"])[0] == ["x/mitte.txt"]


def test_files_in_hidden_directories_are_not_read(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notiz.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bericht.txt").write_text(ARTICLE, encoding="utf-8")
    assert expand([str(tmp_path)])[0] == [str(tmp_path / "bericht.txt")]
    assert expand([str(tmp_path / "**" / "*.txt")])[0] == [str(tmp_path / "bericht.txt")]


def test_unreadable_directory_is_reported_as_unreadable_not_as_empty(tmp_path, monkeypatch):
    import lagebild.ingest

    (tmp_path / "gesperrt").mkdir()
    real_scandir = os.scandir

    def refusing(path):
        if str(path).endswith("gesperrt"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(lagebild.ingest.os, "scandir", refusing)
    files, problems = expand([str(tmp_path / "gesperrt")])
    assert not files
    assert [p.reason for p in problems] == ["cannot read directory: Permission denied"]


def test_stdin_over_the_size_limit_is_refused_without_reading_it_all(monkeypatch):
    import lagebild.ingest.raw

    monkeypatch.setattr(lagebild.ingest.raw, "MAX_ARTICLE_BYTES", 1_000)
    stream = io.BytesIO(b"Der Rat tagt. " * 100_000)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(stream))
    articles, skipped = _read("-")
    assert not articles
    assert skipped[0].source == "<stdin>" and "too large" in skipped[0].reason
    assert stream.tell() < 10_000


def test_jsonl_from_stdin_is_read_line_by_line_without_the_size_limit(monkeypatch):
    import lagebild.ingest.raw

    monkeypatch.setattr(lagebild.ingest.raw, "MAX_ARTICLE_BYTES", 1_000)
    lines = "".join(json.dumps({"text": f"Der Rat tagt zum {n}. Mal."}) + "\n" for n in range(50))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    articles, skipped = _read("-")
    assert len(articles) == 50 and not skipped


def test_jsonl_line_without_newline_over_the_limit_is_skipped_in_bounded_memory(write, monkeypatch):
    import lagebild.ingest.raw

    monkeypatch.setattr(lagebild.ingest.raw, "MAX_ARTICLE_BYTES", 10_000)
    huge = '{"text": "' + "a" * 3_000_000 + '"}'
    path = write("ohne_umbruch.jsonl", huge + "\n" + json.dumps({"text": ARTICLE}))
    tracemalloc.start()
    try:
        articles, skipped = _read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(articles) == 1
    assert [(s.line, s.reason) for s in skipped] == [(1, "line of 3 MB is too large")]
    assert peak < 1_000_000
