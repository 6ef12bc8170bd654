"""Dated events from sentences with a resolved date and a verb with its subject, and their
SVG chart. Example texts are written for these tests."""

from __future__ import annotations

import xml.dom.minidom

import pytest

from lagebild.corpus.timeline import build_events
from lagebild.model import Article, EntityMention
from lagebild.report.timeline_svg import render_timeline_svg
from lagebild.stages import linguistic, timex


def analysed(text: str, article_id: str = "a1", outlet: str | None = "Tagblatt", **kw) -> Article:
    article = Article(
        id=article_id,
        source=article_id,
        text=text,
        published=kw.get("published", "2025-08-18"),
        outlet=outlet,
    )
    linguistic.annotate(article)
    timex.annotate(article)
    return article


def test_event_has_date_phrase_and_offsets():
    article = analysed("Am 15. August eröffnete die Präsidentin die Messe in Leipzig.")
    (event,) = build_events([article])
    assert event["date"] == "2025-08-15"
    assert event["text"] == "die Präsidentin eröffnete die Messe"
    assert event["article"] == "a1" and event["outlet"] == "Tagblatt"
    start, end = event["timex"]
    assert article.text[start:end] == "15. August"
    assert event["sentence"] == [0, len(article.text)]


def test_subject_opening_the_sentence_and_auxiliary_with_participle():
    article = analysed("Die Ministerin hatte noch am Mittwoch neue Zölle abgelehnt.")
    (event,) = build_events([article])
    assert (event["date"], event["text"]) == (
        "2025-08-13",
        "Die Ministerin hatte neue Zölle abgelehnt",
    )


def test_pronoun_subject_without_entity_gives_no_event():
    assert build_events([analysed("Er reiste am Freitag nach Rom.")]) == []


def test_unresolved_or_vague_dates_give_no_event():
    article = analysed("Die Ministerin reiste am Freitag nach Rom.", published=None)
    assert build_events([article]) == []
    assert build_events([analysed("Die Ministerin reist derzeit durch Italien.")]) == []


def test_entity_mention_splits_subject_from_object():
    article = analysed("Für Montag lud Weber Schulz in die Kantine ein.")
    start = article.text.index("Weber")
    article.entities = [EntityMention(start, start + 5, "Weber", "PER")]
    (event,) = build_events([article])
    assert event["text"] == "Weber lud Schulz ein"


def test_events_of_several_articles_are_in_date_order():
    later = analysed("Am 17. August fand eine Konferenz statt.", article_id="b")
    earlier = analysed("Am 14. August traf die Delegation in Wien ein.", article_id="a")
    assert [e["date"] for e in build_events([later, earlier])] == ["2025-08-14", "2025-08-17"]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Am Freitag eröffnete in Leipzig die Präsidentin die Messe.",
            "die Präsidentin eröffnete die Messe",
        ),
        (
            "Am Montag hat nach Angaben der Stadt die Polizei die Brücke gesperrt.",
            "die Polizei hat die Brücke gesperrt",
        ),
        (
            "Nach langen Verhandlungen einigten sich am Freitag Bund und Länder.",
            "Bund und Länder einigten sich",
        ),
        (
            "Bei der Wahl am Sonntag erreichte die Partei 24 Prozent.",
            "die Partei erreichte 24 Prozent",
        ),
    ],
)
def test_subject_after_prepositional_phrase_reflexive_or_date(text, expected):
    (event,) = build_events([analysed(text)])
    assert event["text"] == expected


def _svg_events():
    return [
        {
            "date": "2025-08-15",
            "text": "Gipfel <b>beginnt</b> & endet",
            "outlet": "Blatt A",
            "article": "x1",
        },
        {"date": "2025-08-15", "text": "Pressekonferenz", "outlet": "Blatt B", "article": "x2"},
        {"date": "1942", "text": "Krieg", "outlet": None, "article": "x3"},
        {"date": "XXXX-08-15", "text": "ohne Jahr", "outlet": "Blatt A", "article": "x4"},
    ]


def test_svg_is_well_formed_and_escapes_article_text():
    svg = render_timeline_svg(_svg_events())
    xml.dom.minidom.parseString(svg)
    assert "<b>" not in svg and "&lt;b&gt;beginnt&lt;/b&gt; &amp; endet" in svg


def test_svg_draws_one_mark_per_placeable_event_and_a_legend_per_outlet():
    svg = render_timeline_svg(_svg_events())
    assert svg.count('r="6"') == 3  # the event without a year cannot be placed
    for outlet in ("Blatt A", "Blatt B", "unbekannt"):
        assert f">{outlet}</text>" in svg
    assert svg.index("Krieg") < svg.index("Pressekonferenz")  # earliest first
    assert "83 J. später" in svg  # the gap of decades breaks the axis


def test_svg_of_no_events_says_so():
    assert "keine datierten Ereignisse" in render_timeline_svg([])


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Am Dienstag erklärte die Bürgermeisterin, die Brücke werde neu gebaut.",
            "die Bürgermeisterin erklärte, die Brücke werde neu gebaut",
        ),
        (
            "Die Straße bleibe gesperrt, teilte die Polizei am Montag mit.",
            "die Polizei teilte mit",
        ),
        (
            "Die Sitzung des Stadtrats endete am Donnerstag ohne eine Einigung.",
            "Die Sitzung endete ohne eine Einigung",
        ),
        ("Ein neuer Termin sei am Freitag möglich.", "Ein neuer Termin sei möglich"),
        (
            "Die Feuerwehr pumpte in der Nacht mehr als vierzig Keller leer.",
            "Die Feuerwehr pumpte mehr als vierzig Keller leer",
        ),
    ],
)
def test_event_says_who_did_what(text, expected):
    (event,) = build_events([analysed(text)])
    assert event["text"] == expected


def test_what_was_said_is_cut_after_ten_words():
    text = (
        "Am Mittwoch sagte der Landrat, die neue Umgehungsstraße werde den Verkehr in der "
        "Altstadt um ein Drittel verringern und die Anwohner entlasten."
    )
    (event,) = build_events([analysed(text)])
    assert event["text"] == (
        "der Landrat sagte, die neue Umgehungsstraße werde den Verkehr in der Altstadt um …"
    )


def test_verb_of_a_relative_clause_does_not_take_the_opening_phrase_as_subject():
    text = "Der Chor probt für ein Konzert, das am Samstag in der Kirche stattfindet."
    assert build_events([analysed(text)]) == []


def test_a_bare_subject_and_verb_gives_no_event():
    assert build_events([analysed("Im Mai galt der Vertrag als sicher.")]) == []
