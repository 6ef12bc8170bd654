from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from lagebild.clean import RULE_FILES, clean, rules
from lagebild.ingest import text as text_reader
from lagebild.pipeline import prepare
from lagebild.resources import data_path, read_tsv

FIXTURES = Path(__file__).parent / "fixtures" / "cleaning"


def test_every_boilerplate_rule_matches_its_example():
    for name in RULE_FILES:
        for row in read_tsv(data_path(name)):
            pattern = re.compile(row["pattern"], re.IGNORECASE)
            assert pattern.search(row["example"]), f"{name}:{row['_line']} {row['id']}"
    assert {r.scope for r in rules()} == {"line", "start", "prefix", "inline"}
    assert len({r.id for r in rules()}) == len(rules())


def test_text_without_boilerplate_comes_back_unchanged():
    text = "Der Rat tagte am Montag.\n\nDie Ministerin sagte, man sei zufrieden.\n"
    assert clean(text) == (text, [])


def test_ad_block_at_the_end_is_removed_with_names_and_dates_inside():
    text = (
        "Die Verhandlungen in Genf gingen am Abend weiter.\n"
        "Eine Einigung gilt als unwahrscheinlich.\n"
        "SICHERN SIE IHR VERMÖGEN JETZT!\n"
        "Ihre Experten im Webinar:\n"
        "Klara Beispiel\n"
        "Dr. Otto Muster\n"
        "ab 3. März 2026\n"
        "- Finanzen\n"
    )
    cleaned, removed = clean(text)
    assert "Klara Beispiel" not in cleaned and "3. März 2026" not in cleaned
    assert cleaned.endswith("Eine Einigung gilt als unwahrscheinlich.")
    assert [r.kind for r in removed] == ["ad"]
    assert "Dr. Otto Muster" in removed[0].text


def test_caption_next_to_copyright_line_is_removed_but_short_paragraph_elsewhere_kept():
    text = (
        "Der Gipfel begann mit Verspätung.\n\n"
        "© Beispielbild Agentur\n\n"
        "Die Delegationen vor dem Konferenzsaal.\n\n"
        "Lange wurde über die Tagesordnung gestritten, am Ende setzte sich der Gastgeber durch.\n\n"
        "Niemand widersprach.\n"
    )
    cleaned, removed = clean(text)
    assert [(r.kind, r.text) for r in removed] == [
        ("copyright", "© Beispielbild Agentur"),
        ("caption", "Die Delegationen vor dem Konferenzsaal."),
    ]
    assert "Niemand widersprach." in cleaned


def test_photo_credit_glued_to_first_sentence_is_cut_off_the_sentence():
    text = "Jana Probst/AFP Am Dienstag reiste die Kommission nach Brüssel. Dort wurde verhandelt."
    cleaned, removed = clean(text)
    assert cleaned == "Am Dienstag reiste die Kommission nach Brüssel. Dort wurde verhandelt."
    assert [(r.kind, r.text) for r in removed] == [("credit", "Jana Probst/AFP")]


def test_credit_with_caption_line_is_removed_as_one_credit():
    text = (
        "Max Bild/REUTERS Ein Handschlag vor dem Rathaus (Bern, 2.3.2026)\n\nDer Text beginnt hier."
    )
    cleaned, removed = clean(text)
    assert cleaned == "Der Text beginnt hier."
    assert [(r.kind, r.text) for r in removed] == [
        ("credit", "Max Bild/REUTERS Ein Handschlag vor dem Rathaus (Bern, 2.3.2026)")
    ]


def test_subheadings_and_one_line_quotes_are_kept():
    text = (
        "Streit um die Agenda\n"
        "Die Gespräche dauerten bis in die Nacht.\n"
        "„Wir bleiben hart.“\n"
        "Was jetzt folgt\n"
        "Am Freitag soll weiterverhandelt werden.\n"
    )
    assert clean(text) == (text, [])


def test_tag_and_share_lines_are_removed():
    text = "Der Bericht endet hier.\n- Themen:\n- #Gipfel\nTeilen | Facebook | WhatsApp\n"
    cleaned, removed = clean(text)
    assert cleaned == "Der Bericht endet hier."
    assert [r.kind for r in removed] == ["tags", "share"]


def test_scraped_page_on_one_line_loses_ad_markers_and_photo_credits_but_keeps_its_sentences():
    text = (
        "Neue Fähre für Sassnitz Anzeige Anzeige Sassnitz. Die Reederei stellte am Freitag ihr "
        "neues Schiff vor. Die Fähre im Hafen. Foto: Tom Beispiel/dpa Sie soll ab Mai fahren, "
        "sagte Kapitänin Ute Lorenz. (Bild: Stadtarchiv Sassnitz) Der Bürgermeister kam auch."
    )
    cleaned, removed = clean(text)
    assert cleaned == (
        "Neue Fähre für Sassnitz Sassnitz. Die Reederei stellte am Freitag ihr neues Schiff vor. "
        "Die Fähre im Hafen. Sie soll ab Mai fahren, sagte Kapitänin Ute Lorenz. Der "
        "Bürgermeister kam auch."
    )
    assert [(r.kind, r.text) for r in removed] == [
        ("ad", "Anzeige Anzeige"),
        ("credit", "Foto: Tom Beispiel/dpa"),
        ("credit", "(Bild: Stadtarchiv Sassnitz)"),
    ]


def test_byline_gallery_and_newsletter_prompt_inside_a_line_are_removed_and_listed():
    text = (
        "Hochwasser in Passau Von red/dpa 4. März 2026 - 09:30 Uhr In dieser Galerie: 6 Bilder "
        "Die Donau stieg in der Nacht um zwei Meter. Hier können Sie sich für unseren "
        "Hochwasser-Newsletter anmelden. Die Feuerwehr baute Sandsäcke auf."
    )
    cleaned, removed = clean(text)
    assert cleaned == (
        "Hochwasser in Passau Die Donau stieg in der Nacht um zwei Meter. "
        "Die Feuerwehr baute Sandsäcke auf."
    )
    assert [r.rule for r in removed] == [
        "inline-byline-date",
        "inline-gallery",
        "inline-newsletter-sentence",
    ]


def test_english_consent_and_subscription_prompts_are_removed():
    text = (
        "Storm closes harbour in Dover\n"
        "We use cookies to improve your experience on our website. Accept all cookies "
        "Thank you for subscribing! We have more newsletters The harbour in Dover "
        "was closed on Friday. (Photo: Example Agency) Ferries stayed in port, officials said.\n"
        "Share this article:\n"
        "Sign up!\n"
    )
    cleaned, removed = clean(text)
    assert cleaned == (
        "Storm closes harbour in Dover\n"
        "The harbour in Dover was closed on Friday. Ferries stayed in port, officials said."
    )
    assert {r.kind for r in removed} == {"ad", "credit", "share"}
    assert "Thank you for subscribing! We have more newsletters" in [r.text for r in removed]


def test_sentences_that_only_talk_about_ads_photos_or_newsletters_are_kept():
    text = (
        "Die Polizei hat Anzeige erstattet. Das Foto zeigt den Bürgermeister. "
        "Der Verlag stellte seinen Newsletter ein, weil ihn kaum jemand las. "
        "Die Firma verwendet keine Cookies mehr, sagte die Sprecherin. "
        "Von Berlin aus fuhr sie am 4. März 2026 weiter. "
        "The council accepted all proposals and shared the photo: it showed the mayor."
    )
    assert clean(text) == (text, [])


def test_site_data_notice_and_registration_wall_in_a_line_are_removed():
    text = (
        "Neuer Radweg in Jena  Um unsere Webseite zu verbessern und Ihnen passende Werbung zu "
        "zeigen, erfassen wir Informationen über Sie. Bitte registrieren! Registrieren Sie sich "
        "jetzt kostenlos, um weiterzulesen. Die Stadt eröffnete am Montag den Radweg, "
        "Update vom 4. März 2026, 11:20 Uhr: Er ist drei Kilometer lang."
    )
    cleaned, removed = clean(text)
    assert cleaned == (
        "Neuer Radweg in Jena Die Stadt eröffnete am Montag den Radweg, Er ist drei Kilometer lang."
    )
    assert [r.rule for r in removed] == [
        "inline-site-data-sentence",
        "inline-registration-wall",
        "inline-registration-wall",
        "inline-byline-date",
    ]


def test_reports_about_websites_data_and_registration_are_kept():
    text = (
        "Die Website des Vereins sammelte Daten für Werbung, sagte der Datenschützer. "
        "Er traf sie am 3. März 2026 um 10:15 Uhr. "
        "Melden Sie sich bei der Polizei, bat der Sprecher. "
        "Die Behörde will, dass sich Händler bis Mai registrieren."
    )
    assert clean(text) == (text, [])


def _fixture_cases() -> list[Path]:
    return sorted(FIXTURES.glob("*.txt")) if FIXTURES.is_dir() else []


@pytest.mark.parametrize("path", _fixture_cases(), ids=lambda p: p.stem)
def test_cleaning_fixture_keeps_and_removes_what_it_lists(path: Path):
    expect = tomllib.loads(path.with_suffix(".expect.toml").read_text(encoding="utf-8"))
    article = prepare(text_reader.read(path.read_bytes(), str(path)))
    cleaned, removed_all = article.text, article.removed
    if "title" in expect:
        assert article.title == expect["title"]
    if "published" in expect:
        assert article.published == expect["published"]
    for kept in expect.get("keep", []):
        assert kept in cleaned, f"{path.name}: real content was removed: {kept!r}"
    for gone in expect.get("remove", []):
        if gone.get("kind") == "title_header" and article.title == gone["text"].lstrip("# "):
            continue  # a plain-text title stays in the text on purpose (headlines are analysed)
        assert gone["text"] not in cleaned, f"{path.name}: boilerplate kept: {gone['text']!r}"
        matching = [r for r in removed_all if gone["text"] in r.text]
        if gone.get("kind") in {"title_header", "dateline"} and not matching:
            continue  # metadata lines may leave the text without being listed
        assert matching, f"{path.name}: not listed as removed: {gone['text']!r}"
        if gone.get("kind") and gone["kind"] != "title_header":
            assert gone["kind"] in {r.kind for r in matching}, (path.name, gone, matching)
