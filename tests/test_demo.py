"""The demo corpus: manifest and outlet profiles load, and the articles carry what they claim."""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

import lagebild
from lagebild import Article
from lagebild.demo import ARTICLES_DIR, OUTLETS_FILE, DemoArticle, input_paths, load_manifest
from lagebild.errors import ResourceError
from lagebild.outlets import load_outlets

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"

ARTICLES = load_manifest()


def article_text(article: DemoArticle) -> str:
    """The article as a reader sees it: markup stripped, the boilerplate of pages left out."""
    raw = article.path.read_text(encoding="utf-8")
    if article.format == "text":
        return raw
    if article.format == "jsonl":
        records = [json.loads(line) for line in raw.splitlines()]
        return next(r["text"] for r in records if r["id"] == article.id)
    if article.format == "html":
        body = re.search(r"<article>(.*)</article>", raw, re.S).group(1)
        body = re.sub(r"<(figure|div)\b.*?</\1>", " ", body, flags=re.S)
        return _strip_tags(body)
    item = next(
        i for i in ET.parse(article.path).getroot().iter("item") if i.findtext("guid") == article.id
    )
    return _strip_tags(item.findtext(CONTENT_NS))


def _strip_tags(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)).strip()


def by_file(name: str) -> DemoArticle:
    return next(a for a in ARTICLES if a.path.name == name)


BLOG = by_file("klartext-kurier_gipfel.txt")


def corpus_text() -> str:
    return "\n".join(article_text(a) for a in ARTICLES)


def test_demo_has_eight_articles_from_six_profiled_outlets_of_six_kinds():
    profiles = load_outlets(OUTLETS_FILE)
    names = [p["name"] for p in profiles]
    assert len(ARTICLES) == 8
    assert sorted(names) == sorted(set(names)) == sorted({a.outlet for a in ARTICLES})
    assert all(p["country"] and p["notes"] for p in profiles)
    assert {p["kind"] for p in profiles} == {
        "public broadcaster",
        "regional",
        "tabloid",
        "agency",
        "state media",
        "blog",
    }


def test_demo_uses_every_input_format_in_the_planned_numbers():
    assert Counter(a.format for a in ARTICLES) == {"text": 4, "html": 1, "jsonl": 2, "rss": 1}
    assert len(input_paths()) == 7  # the two JSONL articles share one file


def test_demo_spans_the_event_day_and_a_follow_up_months_later():
    dates = {a.phase: set() for a in ARTICLES}
    for article in ARTICLES:
        if article.published:
            dates[article.phase].add(article.published[:10])
    assert dates["event"] == {"2025-09-12"}
    assert dates["follow-up"] == {"2026-01-20", "2026-01-21"}


def test_demo_has_one_article_without_a_stated_date():
    undated = [a.path.name for a in ARTICLES if a.published is None]
    assert undated == ["klartext-kurier_gipfel.txt"]
    assert not re.search(r"\d{4}-\d\d-\d\d|\b20\d\d\b", article_text(BLOG).split("- Themen:")[0])


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.id or a.path.name)
def test_demo_article_has_250_to_500_words(article):
    assert 250 <= len(article_text(article).split()) <= 500


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.id or a.path.name)
def test_demo_expectations_occur_in_their_article(article):
    text = article_text(article)
    page = article.path.read_text(encoding="utf-8")
    for kept in article.keep:
        assert kept in text
    for removal in article.remove:
        assert removal.text in text
    for gone in article.absent:
        assert gone in page and gone not in text
    for field in (article.title, article.author):
        assert field is None or field in page


@pytest.mark.parametrize("path", sorted(ARTICLES_DIR.iterdir()), ids=lambda p: p.name)
def test_demo_files_are_utf8_in_nfc(path):
    text = path.read_bytes().decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)


def test_demo_jsonl_records_carry_the_contract_fields():
    path = ARTICLES_DIR / "zpa-meldungen.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert set(record) == {"id", "title", "published", "outlet", "url", "text"}


def test_demo_feed_is_well_formed_rss_with_full_content():
    root = ET.parse(ARTICLES_DIR / "mittelland-rundfunk-feed.xml").getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert all(len(item.findtext(CONTENT_NS).split()) > 250 for item in root.iter("item"))


# What later stages need from the corpus: (what, pattern, in how many articles at least).
FEATURES = [
    ("„…“ quotes", r"„[^“]+“", 4),
    ('straight "…" quotes', r'(?<![*\w])"[^"\n]+"', 2),
    ("»…« quotes", r"»[^«]+«", 1),
    ('*"…"* quotes', r'\*"[^"]+"\*', 1),
    ("Konjunktiv I of reported speech", r"\b(habe|seien|sei|existiere|scheitere)\b", 4),
    ("transliteration Dmitrij", r"\bDmitrij Sorokin\b", 3),
    ("transliteration Dmitri", r"\bDmitri Sorokin\b", 2),
    ("genitive Brenners", r"\bBrenners\b", 2),
    ("genitive Sorokins", r"\bSorokins\b", 1),
    ("weekday", r"\bam (Montag|Dienstag|Freitag|Samstag|Sonntag)\b", 5),
    ("gestern", r"\bgestern\b", 2),
    ("explicit date", r"\b12\. September\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b", 2),
    ("count 46", r"\b46\b", 5),
    ("scare quotes around a single noun", r'"(Wasserkommission|Vermittlerin|Messarbeiten)"', 1),
]


@pytest.mark.parametrize(("what", "pattern", "at_least"), FEATURES, ids=[f[0] for f in FEATURES])
def test_demo_corpus_has_feature(what, pattern, at_least):
    hits = [a.path.name for a in ARTICLES if re.search(pattern, article_text(a))]
    assert len(hits) >= at_least, f"{what}: only in {hits}"


def test_demo_outlets_disagree_on_counts_and_on_the_interview_day():
    by_outlet = {a.outlet: article_text(a) for a in ARTICLES if a.phase == "follow-up"}
    assert "Über 50 Gefangene" in article_text(BLOG)
    assert "42 der 46" in by_outlet["Drusnia Heute"] and "erst 31" in by_outlet["TAGESBLITZ"]
    assert "Am Sonntag legte Dmitrij Sorokin" in by_outlet["TAGESBLITZ"]
    assert "am Montag in einem Interview" in by_outlet["ZPA"]


def test_demo_exclusive_quote_appears_in_one_outlet_only():
    exclusive = "Wir lassen uns von Drusnien nicht erpressen."
    assert [a.outlet for a in ARTICLES if exclusive in article_text(a)] == ["TAGESBLITZ"]


def test_demo_ad_block_names_and_date_appear_nowhere_else():
    ad_pieces = [r.text for r in BLOG.remove if r.kind == "ad"]
    others = corpus_text().replace(article_text(BLOG), "")
    assert ad_pieces and not any(piece in others for piece in ad_pieces)


@pytest.fixture(scope="module")
def analysed() -> dict[str, Article]:
    """Every demo article through lagebild's ingest and cleaning, by file name or record id."""
    by_key = {}
    for path in input_paths():
        # plain text names no outlet: the profiles' file patterns supply it, as in `lagebild demo`
        corpus = lagebild.analyze(
            [str(path)], outlets_file=str(OUTLETS_FILE), stages=("linguistic",)
        )
        assert not corpus.skipped, corpus.skipped
        for article in corpus.articles:
            key = path.name if article.source == str(path) else article.source
            by_key[key] = article
    return by_key


def ingest_problems(expected: DemoArticle, article: Article) -> list[str]:
    problems = [
        f"{name}: expected {want!r}, got {got!r}"
        for name, want, got in [
            ("title", expected.title, article.title),
            ("published", expected.published, article.published),
            ("author", expected.author or article.author, article.author),
            ("outlet", expected.outlet, article.outlet),
        ]
        if want != got
    ]
    problems += [
        f"lost real content {kept!r}" for kept in expected.keep if kept not in article.text
    ]
    problems += [
        f"boilerplate left in {gone!r}" for gone in expected.absent if gone in article.text
    ]
    for removal in expected.remove:
        if removal.kind == "title_header" and removal.text.lstrip("# ") == article.title:
            continue  # lagebild keeps the headline in the analysed text
        listed = {r.kind for r in article.removed if removal.text in r.text}
        if removal.text in article.text:
            problems.append(f"{removal.kind} left in {removal.text!r}")
        elif removal.kind not in {"title_header", "dateline"} and removal.kind not in listed:
            problems.append(f"{removal.text!r} listed as {sorted(listed)}, not {removal.kind}")
    return problems


KNOWN_GAPS: dict[str, str] = {}


@pytest.mark.parametrize(
    "expected",
    [
        pytest.param(
            a,
            id=a.id or a.path.name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[a.id or a.path.name])]
            if (a.id or a.path.name) in KNOWN_GAPS
            else [],
        )
        for a in ARTICLES
    ],
)
def test_demo_article_is_read_and_cleaned_as_the_manifest_says(analysed, expected):
    assert ingest_problems(expected, analysed[expected.id or expected.path.name]) == []


def write_manifest(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "manifest.toml"
    path.write_text("version = 1\n\n" + body, encoding="utf-8")
    return path


GOOD_TABLE = """[[article]]
file = "tagesblitz_wasser-zoff.txt"
format = "text"
outlet = "X"
phase = "event"
"""


@pytest.mark.parametrize(
    ("second_table", "message"),
    [
        (GOOD_TABLE.replace('"text"', '"pdf"'), "format 'pdf' is not one of"),
        (GOOD_TABLE + 'colour = "blau"\n', "unknown keys ['colour']"),
        (GOOD_TABLE.replace("tagesblitz_wasser-zoff", "fehlt"), "no article file fehlt.txt"),
        (GOOD_TABLE.replace('"text"', '"jsonl"'), "id is required for jsonl and rss"),
        (GOOD_TABLE + 'remove = [{ text = "x", kind = "werbung" }]\n', "unknown removal kind"),
    ],
)
def test_load_manifest_names_file_and_line_of_a_bad_table(tmp_path, second_table, message):
    path = write_manifest(tmp_path, GOOD_TABLE + "\n" + second_table)
    with pytest.raises(ResourceError, match=re.escape(message)) as error:
        load_manifest(path)
    assert str(error.value).startswith(f"{path}:9: ")


def test_load_manifest_reports_toml_syntax_errors_with_the_file(tmp_path):
    path = write_manifest(tmp_path, "[[article]\n")
    with pytest.raises(ResourceError, match=re.escape(str(path))):
        load_manifest(path)


def _shingles(text: str, size: int = 7) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "corpus" / "seeds").is_dir(), reason="../shared is absent")
def test_demo_and_fixtures_share_no_seven_word_run_with_the_seed_articles():
    seeds = set().union(
        *(_shingles(p.read_text(encoding="utf-8")) for p in (SHARED / "corpus" / "seeds").iterdir())
    )
    ours = [p for p in ARTICLES_DIR.iterdir()] + [
        p for p in FIXTURES.rglob("*") if p.suffix in {".txt", ".toml", ".html", ".jsonl", ".xml"}
    ]
    copied = {
        p.name: " ".join(next(iter(common)))
        for p in ours
        if (common := _shingles(p.read_bytes().decode("utf-8", "replace")) & seeds)
    }
    assert copied == {}
