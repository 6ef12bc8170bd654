"""Web archives (WARC) as input: the HTML pages of response records are articles; what is no
page is counted and reported; a broken record names its file and offset (issue 16)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from warcio.warcwriter import WARCWriter

import lagebild
from lagebild.ingest import read_inputs, sniff
from lagebild.model import Skipped
from lagebild.pipeline import prepare
from warc_archive import response, write_warc

FAST = ("linguistic", "entities")


def _read(*paths: str) -> tuple[list, list[Skipped]]:
    items = list(read_inputs(paths))
    return [i for i in items if not isinstance(i, Skipped)], [
        i for i in items if isinstance(i, Skipped)
    ]


@pytest.mark.parametrize("name", ["archiv.warc.gz", "archiv.warc"])
def test_the_html_pages_of_a_warc_file_are_articles_with_their_url_and_offset(
    tmp_path: Path, name: str
) -> None:
    path = write_warc(tmp_path / name, compress=name.endswith(".gz"))
    pages, skipped = _read(str(path))
    assert [p.title for p in pages] == ["Neue Fähre für Amrum", "Deich bei Husum wird erhöht"]
    assert [p.url for p in pages] == [
        "https://landesbote.example/faehre",
        "https://landesbote.example/deich",
    ]
    offsets = [int(p.source.rpartition("#")[2]) for p in pages]
    assert pages[0].source.startswith(f"{path}#") and 0 < offsets[0] < offsets[1]
    article = prepare(pages[1])
    assert "Deich bei Husum um einen Meter" in article.text and "Impressum" not in article.text
    assert article.outlet == "Landesbote"
    assert article.published == "2025-10-07T08:00"  # the page's date, never the crawl's
    [not_pages] = skipped
    assert not_pages.source == str(path)
    assert not_pages.reason == (
        "WARC responses that are no HTML page, not read: 1 image/png, 1 with HTTP status 301"
    )


def test_a_record_offset_is_where_warcio_finds_the_record(tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    path = write_warc(tmp_path / "archiv.warc.gz", compress=True)
    pages, _ = _read(str(path))
    with open(path, "rb") as stream:
        stream.seek(int(pages[1].source.rpartition("#")[2]))
        record = next(iter(ArchiveIterator(stream)))
    assert record.rec_headers.get_header("WARC-Target-URI") == "https://landesbote.example/deich"


def test_a_broken_record_is_skipped_with_file_and_offset_and_the_pages_before_it_kept(
    tmp_path: Path,
) -> None:
    good = write_warc(tmp_path / "gut.warc", compress=False).read_bytes()
    path = tmp_path / "kaputt.warc"
    path.write_bytes(good + b"Hier beginnt kein Datensatz, nur Text.\r\n" * 3)
    pages, skipped = _read(str(path))
    assert len(pages) == 2
    broken = next(s for s in skipped if "not a readable WARC record" in s.reason)
    assert broken.source == f"{path}#{len(good)}"
    assert broken.reason == (
        "not a readable WARC record (ArchiveLoadFailed: Invalid WARC record, first line: Hier "
        "beginnt kein Datensatz, nur Text.); the rest of the file is not read"
    )


def test_a_cut_off_compressed_warc_keeps_its_readable_pages_and_says_where_it_broke(
    tmp_path: Path,
) -> None:
    whole = write_warc(tmp_path / "ganz.warc.gz", compress=True).read_bytes()
    path = tmp_path / "halb.warc.gz"
    path.write_bytes(whole[: len(whole) - 200])
    pages, skipped = _read(str(path))
    assert [p.title for p in pages] == ["Neue Fähre für Amrum"]
    assert any(s.source.startswith(f"{path}#") for s in skipped)


def test_a_page_without_article_text_is_skipped_with_its_record(tmp_path: Path) -> None:
    path = tmp_path / "leer.warc"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=False)
        response(writer, "https://x.example/", b"<html><body></body></html>", "200 OK", "text/html")
    pages, [skipped] = _read(str(path))
    assert not pages
    assert skipped.source == f"{path}#0"
    assert skipped.reason == "HTML page without article text"


def test_a_warc_is_recognised_by_its_name_or_its_first_bytes() -> None:
    assert sniff(b"", "crawl-00001.warc.gz") == "warc"
    assert sniff(b"", "crawl.WARC") == "warc"
    assert sniff(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "eingabe") == "warc"
    assert sniff(gzip.compress(b"WARC/1.1"), "archiv.gz") != "warc"  # a .gz of anything


def test_a_warc_file_is_analysed_like_any_input(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "archiv.warc.gz", compress=True)
    corpus = lagebild.analyze([str(path)], stages=FAST)
    assert len(corpus.articles) == 2
    assert any(e.name == "Sönke Petersen" for e in corpus.entities)
    assert [s.reason.split(":")[0] for s in corpus.skipped] == [
        "WARC responses that are no HTML page, not read"
    ]
