from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lagebild.cli import main
from lagebild.model import Article, Corpus, EntityMention, Quote, SpeakerMention, Timex
from lagebild.report import annotated_html, render_report, who_said_what


def _article() -> Article:
    text = "„Wir bleiben“, sagte Lea Brandt am Dienstag in <Bonn>.\n<script>alert(1)</script>"
    a = Article(id="a", source="a.txt", text=text, title="<b>Titel</b>", outlet="Anzeiger")
    a.quotes = [Quote(1, 12, text[1:12], "direct", SpeakerMention(21, 31, text[21:31]))]
    a.entities = [
        EntityMention(21, 31, text[21:31], "PER", "per-brandt"),
        EntityMention(48, 54, text[48:54], "LOC"),
    ]
    a.timexes = [Timex(32, 43, text[32:43], "DATE", "2025-11-04")]
    return a


def test_article_text_is_escaped_and_never_runs_as_markup():
    html = render_report(Corpus(articles=[_article()]))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Titel&lt;/b&gt;" in html


def test_overlapping_annotations_nest_and_keep_every_character():
    article = _article()
    html = str(annotated_html(article))
    assert html.count("<span") == html.count("</span>")
    import re

    plain = re.sub(r"<[^>]+>", "", html)
    assert plain.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"') == article.text
    assert 'title="DATE 2025-11-04"' in html


def test_who_said_what_groups_quotes_by_resolved_speaker():
    article = _article()
    from dataclasses import replace

    article.quotes = [
        replace(q, speaker=replace(q.speaker, entity="per-brandt")) for q in article.quotes
    ]
    corpus = Corpus(articles=[article])
    from lagebild.model import Entity

    corpus.entities = [Entity("per-brandt", "Lea Brandt", "PER")]
    [group] = who_said_what(corpus)
    assert group["name"] == "Lea Brandt" and dict(group["outlets"]) == {"Anzeiger": 1}


def test_entity_counts_use_the_german_singular_for_one():
    from lagebild.model import Entity

    corpus = Corpus(articles=[_article()])
    once, twice = Entity("per-brandt", "Lea Brandt", "PER"), Entity("loc-bonn", "Bonn", "LOC")
    once.mentions, twice.mentions = 1, 2
    corpus.entities = [once, twice]
    html = render_report(corpus)
    assert "1 Erwähnung<" in html or "1 Erwähnung " in html
    assert "2 Erwähnungen" in html
    assert "1 Erwähnungen" not in html


def test_quoted_words_inside_a_reported_statement_are_not_listed_twice():
    text = "Brandt sagte, man habe einen »großen Schritt« gemacht."
    a = Article(id="a", source="a.txt", text=text, outlet="Anzeiger")
    speaker = SpeakerMention(0, 6, "Brandt", entity="per-brandt")
    outer = Quote(14, 53, text[14:53], "indirect", speaker)
    inner_start = text.index("»")
    inner = Quote(
        inner_start, inner_start + 15, text[inner_start : inner_start + 15], "mixed", speaker
    )
    a.quotes = [outer, inner]
    corpus = Corpus(articles=[a])
    [group] = who_said_what(corpus)
    assert [item["quote"].type for item in group["quotes"]] == ["indirect"]


def _story_files(folder: Path) -> list[Path]:
    """Three reports of one invented event, as three plain-text files."""
    texts = {
        "a.txt": "Die Elsterbrücke in Waldheim ist seit Montag gesperrt. Gutachter fanden Risse "
        "in zwei Stahlträgern der Brücke. Pendler müssen einen langen Umweg fahren.",
        "b.txt": "Seit Montag ist die Elsterbrücke in Waldheim zu. Gutachter hatten Risse in "
        "den Stahlträgern der Brücke entdeckt. Für Pendler wird der Weg länger.",
        "c.txt": "Waldheim sperrt die Elsterbrücke: Risse in Stahlträgern der Brücke. Die "
        "Gutachter raten dringend zur Sperrung, Pendler nehmen einen Umweg.",
    }
    paths = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(" date 2026-03-02\n" + text, encoding="utf-8")
        paths.append(path)
    return paths


def test_report_and_json_export_cover_the_whole_store_not_the_last_run(tmp_path):
    first, second, third = _story_files(tmp_path)
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    for batch in ([first, second], [third]):
        result = runner.invoke(
            main, ["analyze", *map(str, batch), "--db", db, "--outlet", batch[0].stem]
        )
        assert result.exit_code == 0, result.output
    exported = runner.invoke(main, ["export", "--db", db, "--format", "json"])
    corpus = json.loads(exported.output)
    assert len(corpus["articles"]) == 3
    [story] = corpus["stories"]
    assert len(story["articles"]) == 3 and story["comparison"]["coverage"]["outlets"] == [
        "a",
        "c",
    ]
    html = tmp_path / "r.html"
    result = runner.invoke(main, ["report", "--db", db, "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert "3 Artikel" in html.read_text("utf-8")
