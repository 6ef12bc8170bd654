"""Story terms that match across languages: place names in other spellings and scripts, dates
and amounts in German and English notation."""

from __future__ import annotations

from lagebild.corpus.stories.anchors import amount_terms, anchor_terms, date_terms
from lagebild.corpus.stories.vectors import article_terms, name_variants, stem, topic_terms


def test_a_place_in_english_or_russian_is_the_term_of_its_german_name():
    german = topic_terms("Gespräche in Moskau, danach Warschau und Wien")
    assert topic_terms("Talks in Moscow, then Warsaw and Vienna")[1:] == german[1:]
    assert topic_terms("Москва") == [stem("moskau")]
    assert topic_terms("Kyiv") == topic_terms("Kiew")


def test_a_word_german_text_uses_for_other_things_stays_itself():
    assert topic_terms("Nice") == [stem("nice")]
    assert "bin" not in name_variants()


def test_every_variant_leads_to_a_spelling_that_is_no_variant_itself():
    variants = name_variants()
    assert len(variants) > 500
    assert not set(variants.values()) & set(variants)


def test_a_date_in_german_and_english_is_one_term():
    german = date_terms("Der Damm brach am 12. März in der Nacht.")
    assert german == ["\x00date:03-12"]
    assert date_terms("The dam broke on March 12th at night.") == german
    assert date_terms("The dam broke on 12 March.") == german
    assert date_terms("Stand: 2026-03-12") == german


def test_an_amount_in_german_and_english_notation_is_one_term():
    german = amount_terms("Es kamen 1.500 Helfer, die Schäden betragen 3,5 Millionen Euro.")
    english = amount_terms("Some 1,500 helpers came, the damage is 3.5 million euros.")
    assert german == english == ["\x00amount:1500", "\x00amount:3.5e+06"]


def test_years_and_small_whole_numbers_are_no_amounts():
    assert amount_terms("Im Jahr 2025 halfen 12 Freiwillige an 3 Tagen.") == []
    assert amount_terms("Der Pegel stieg auf 7,4 Meter.") == ["\x00amount:7.4"]


def test_a_german_and_an_english_report_share_their_place_date_and_amounts():
    german = article_terms(
        "Damm bei Grimmstein gebrochen",
        "Am 12. März brach der Damm. 1.500 Helfer aus Österreich kamen nach Grimmstein.",
    )
    english = article_terms(
        "Dam near Grimmstein breaks",
        "On March 12 the dam broke. 1,500 helpers from Austria came to Grimmstein.",
    )
    shared = set(german) & set(english)
    assert {"\x00date:03-12", "\x00amount:1500", stem("österreich"), stem("grimmstein")} <= shared
    assert anchor_terms("keine Zahl, kein Datum") == []
