"""The five real seed articles in ../shared (never copied here): read, cleaned, dated right."""

from __future__ import annotations

import pytest

import lagebild


@pytest.fixture(scope="module")
def seeds(request):
    from conftest import SHARED

    folder = SHARED / "corpus" / "seeds"
    if not folder.is_dir():
        pytest.skip("../shared/corpus/seeds is not present")
    corpus = lagebild.analyze([str(folder)], stages=("linguistic",))
    return {a.source.rsplit("/", 1)[-1][:3]: a for a in corpus.articles}, folder


def test_all_five_seeds_are_read_without_skips(seeds):
    articles, _ = seeds
    assert sorted(articles) == ["000", "001", "002", "003", "004"]


def test_seed_dates_come_from_header_or_dateline_and_are_never_invented(seeds):
    articles, _ = seeds
    assert {k: a.published for k, a in articles.items()} == {
        "000": "2026-02-11T08:25",
        "001": None,
        "002": "2025-08-15",
        "003": "2025-08-18",
        "004": "2025-08-16",
    }
    assert any("no publication date" in w for w in articles["001"].warnings)


def test_seed_titles_are_found_where_the_article_has_one(seeds):
    articles, _ = seeds
    assert articles["000"].title.startswith("Warum der")
    assert articles["001"].title.startswith("Alaska-Gipfel")
    assert articles["002"].title is None and articles["004"].title is None


def test_seed_boilerplate_is_removed_and_listed_with_its_kind(seeds):
    articles, _ = seeds
    kinds = {k: sorted({r.kind for r in a.removed}) for k, a in articles.items()}
    assert kinds["000"] == ["caption", "copyright", "dateline"]
    assert kinds["001"] == ["ad", "tags"]
    assert kinds["003"] == ["credit", "header"]
    ad = next(r for r in articles["001"].removed if r.kind == "ad")
    assert "Webinar" in ad.text and "1. Juli 2025" in ad.text
    assert "Webinar" not in articles["001"].text and "Urheberrechtlich" not in articles["000"].text


def test_every_real_paragraph_of_the_seeds_is_kept(seeds):
    articles, folder = seeds
    for key, article in articles.items():
        path = next(folder.glob(f"{key}_*.txt"))
        removed = " ".join(r.text for r in article.removed)
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line.split()) >= 12 and line not in removed:
                body = line[line.index(" ", 17) + 1 :] if line.startswith("date ") else line
                if key == "003" and "/REUTERS" in line:
                    continue  # the credit line with its caption
                assert body[-80:] in article.text, f"{path.name}: lost {body[:60]!r}"
