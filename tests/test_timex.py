"""Time expressions: what is found, how it is resolved, and what is left alone.

All example sentences are written for these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagebild.model import Article
from lagebild.stages import build_pipeline, linguistic, timex


def analyse(text: str, published: str | None = "2025-08-16", genre: str = "news") -> Article:
    article = Article(id="t", source="t", text=text, published=published, genre=genre)
    linguistic.annotate(article)
    timex.annotate(article)
    return article


def found(text: str, published: str | None = "2025-08-16", genre: str = "news"):
    return [(t.text, t.value) for t in analyse(text, published, genre).timexes]


# (sentence, publication date, expected (expression, value) pairs); 2025-08-16 is a Saturday
RESOLVED = [
    ("Das Konzert am Freitag fiel wegen Regens aus.", "2025-08-16", [("am Freitag", "2025-08-15")]),
    (
        "Am Sonnabend erklärte die Ministerin ihren Rücktritt.",
        "2025-08-18",
        [("Am Sonnabend", "2025-08-16")],
    ),
    (
        "Noch am Mittwoch hatte die Ministerin neue Zölle abgelehnt.",
        "2025-08-18",
        [("am Mittwoch", "2025-08-13")],
    ),
    (
        "Für Montag bat die Präsidentin die Gewerkschaften zum Gespräch.",
        "2025-08-18",
        [("Für Montag", "2025-08-18")],
    ),
    (
        "Der Sprecher bestätigte am Montag den Rücktritt.",
        "2026-02-11T08:25",
        [("am Montag", "2026-02-09")],
    ),
    (
        "Die Ministerin wird am Freitag nach Rom reisen.",
        "2025-08-16",
        [("am Freitag", "2025-08-22")],
    ),
    (
        "Am 15. August unterschrieben beide den Vertrag.",
        "2025-08-18",
        [("Am 15. August", "2025-08-15")],
    ),
    (
        "Die Frist endet am 15.8.2025, nicht am 15.08.25.",
        "2025-08-01",
        [("am 15.8.2025", "2025-08-15"), ("am 15.08.25", "2025-08-15")],
    ),
    (
        "Ende Oktober 2025 einigten sich die Unterhändler.",
        "2026-02-11",
        [("Ende Oktober 2025", "2025-10")],
    ),
    (
        "Im Frühjahr 2024 begann der Bau, im August 2025 endete er.",
        "2025-08-16",
        [("Im Frühjahr 2024", "2024-SP"), ("im August 2025", "2025-08")],
    ),
    (
        "Die Fabrik ruhte zwischen 1942 und 1945 vollständig.",
        "2025-08-16",
        [("zwischen 1942 und 1945", "1942/1945")],
    ),
    ("Die Brücke wurde im Jahr 1867 gebaut.", "2025-08-16", [("im Jahr 1867", "1867")]),
    ("2014 gewann die Mannschaft den Titel.", "2025-08-16", [("2014", "2014")]),
    (
        "Heute Abend beginnt das Konzert, der Sender überträgt ab 20 Uhr.",
        "2025-08-15",
        [("Heute Abend", "2025-08-15TEV"), ("ab 20 Uhr", "2025-08-15T20:00")],
    ),
    (
        "Die Gewerkschaft streikte gestern, vergangene Woche hatte sie gedroht.",
        "2025-08-16",
        [("gestern", "2025-08-15"), ("vergangene Woche", "2025-W32")],
    ),
    (
        "Vor vier Jahren gewann sie, im kommenden Jahr tritt sie wieder an.",
        "2025-08-16",
        [("Vor vier Jahren", "2021"), ("im kommenden Jahr", "2026")],
    ),
    (
        "Die Wahl war am 3. Mai, zwei Tage später trat er zurück.",
        "2025-08-16",
        [("am 3. Mai", "2025-05-03"), ("zwei Tage später", "2025-05-05")],
    ),
    ("11 Feb. 2026 08:25 Uhr", "2026-02-11", [("11 Feb. 2026 08:25 Uhr", "2026-02-11T08:25")]),
]


@pytest.mark.parametrize("text,published,expected", RESOLVED, ids=[r[0][:40] for r in RESOLVED])
def test_expressions_resolve_against_publication_date_and_tense(text, published, expected):
    assert found(text, published) == expected


DURATIONS_AND_SETS = [
    (
        "Die Minister reden zum ersten Mal seit sieben Jahren miteinander.",
        "seit sieben Jahren",
        "DURATION",
        "P7Y",
        None,
    ),
    ("Der Verband verlangt seit Monaten höhere Löhne.", "seit Monaten", "DURATION", "PXM", None),
    (
        "Die Sitzung dauerte etwa drei Stunden.",
        "etwa drei Stunden",
        "DURATION",
        "PT3H",
        "APPROX",
    ),
    ("Die kommenden Stunden bleiben spannend.", "Die kommenden Stunden", "DURATION", "PTXH", None),
    ("Die Behörde berichtet wöchentlich.", "wöchentlich", "SET", "P1W", None),
    ("Der Markt ist jeden Mittwoch geöffnet.", "jeden Mittwoch", "SET", "XXXX-WXX-3", None),
    ("Anfang Oktober 2025 kam der Bericht.", "Anfang Oktober 2025", "DATE", "2025-10", "START"),
]


@pytest.mark.parametrize("text,expression,type_,value,mod", DURATIONS_AND_SETS)
def test_durations_sets_and_modifiers(text, expression, type_, value, mod):
    (result,) = analyse(text).timexes
    assert (result.text, result.type, result.value, result.mod) == (expression, type_, value, mod)


NOT_TIME = [
    "Der Verein ist die Nummer eins im Land.",
    "Die Jury gab dem Film 10 von 10 Punkten.",
    "Die Sängerin starb im Alter von 88 Jahren.",
    "Der Konzern streicht 2000 Stellen.",
    "Die Agenda 2030 bleibt das Ziel.",
    "Das Team gewann mit 3:1.",
    "Ein 45 Jahre alter Mann wurde festgenommen.",
    "Der Preis stieg um 1.500 Euro.",
]


@pytest.mark.parametrize("text", NOT_TIME)
def test_numbers_ages_scores_and_amounts_are_not_time(text):
    assert found(text) == []


def test_without_publication_date_relative_expressions_stay_underspecified_with_warning():
    article = analyse(
        "Am Dienstag legte der Verband Zahlen vor, seit dem 15. August gilt eine neue Regel. "
        "Im Jahr 2024 lag der Umsatz höher.",
        published=None,
    )
    values = [t.value for t in article.timexes]
    assert values == ["XXXX-WXX-2", "XXXX-08-15", "2024"]
    assert article.warnings == ["no publication date: 2 relative time expressions left unresolved"]


def test_with_publication_date_no_warning_is_given():
    assert analyse("Am Dienstag legte der Verband Zahlen vor.").warnings == []


def test_narrative_texts_anchor_on_the_last_date_mentioned():
    text = (
        "Im Sommer 1914 meldeten sich viele Studenten. Am 22. August kam es zum Gefecht. "
        "Am nächsten Tag zog sich das Regiment zurück. Im folgenden Jahr kehrten sie heim."
    )
    assert [t.value for t in analyse(text, genre="narrative").timexes] == [
        "1914-SU",
        "1914-08-22",
        "1914-08-23",
        "1915",
    ]


def test_news_open_year_follows_tense_across_new_year():
    assert found("Im Dezember sank der Absatz.", "2026-01-20") == [("Im Dezember", "2025-12")]
    assert found("Ab Januar steigt der Preis.", "2025-12-20") == [("Ab Januar", "2026-01")]


def test_verb_inside_a_quote_does_not_set_the_tense_outside_it():
    text = "Die Trainerin sagte am Sonnabend: »Es ist gut so.«"
    assert found(text, "2025-08-18") == [("am Sonnabend", "2025-08-16")]


def test_time_on_a_date_in_the_same_sentence_takes_that_date():
    assert found("Am 20. August um 18 Uhr beginnt das Spiel.", "2025-08-16") == [
        ("Am 20. August um 18 Uhr", "2025-08-20T18:00")
    ]


@pytest.mark.parametrize(
    "line,value",
    [
        ("11 Feb. 2026 08:25 Uhr", "2026-02-11T08:25"),
        ("15.08.2025", "2025-08-15"),
        ("2. Oktober 2025, 14:30 Uhr", "2025-10-02T14:30"),
        ("Montag, 3. März 2025", "2025-03-03"),
        ("am Freitag", None),
        ("Die Zeitung von heute", None),
    ],
)
def test_parse_dateline(line, value):
    assert timex.parse_dateline(line) == value


def test_timex_stage_is_in_the_default_pipeline():
    names = [s.name for s in build_pipeline()]
    assert names.index("linguistic") < names.index("timex")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "am",
                "Freitag",
                "15.",
                "August",
                "2025",
                "seit",
                "drei",
                "Jahren",
                "um",
                "20",
                "Uhr",
                "vor",
                "zwischen",
                "und",
                "Ende",
                "heute",
                "Abend",
                "»",
                "«",
                ",",
                ".",
                "29.2.",
                "Nummer",
                "eins",
                "jeden",
                "Sonnabend",
                "nachmittag",
                "\n",
                "Mai",
                "x",
            ]
        ),
        max_size=25,
    ),
    st.sampled_from([None, "2024-02-29", "2025-12-31T23:59"]),
    st.sampled_from(["news", "narrative"]),
)
def test_never_crashes_and_offsets_index_the_text(words, published, genre):
    text = " ".join(words)
    timexes, _ = timex.extract(text, published, genre)
    for t in timexes:
        assert text[t.start : t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")


def test_clock_time_takes_the_day_last_named_in_the_paragraph():
    text = "Das Spiel am Sonntagabend wird übertragen. Anpfiff ist um 21 Uhr."
    assert found(text, "2024-07-11")[-1] == ("um 21 Uhr", "2024-07-14T21:00")


def test_clock_time_in_news_ignores_a_historic_day():
    text = "Am 27. Januar 1945 endete das Leid. Die Gedenkfeier beginnt um 10 Uhr."
    assert found(text, "2025-01-27")[-1] == ("um 10 Uhr", "2025-01-27T10:00")


def test_vague_amounts_give_only_a_direction_and_sets_keep_an_open_year():
    assert found("Vor wenigen Tagen kam der Brief, jedes Jahr im Mai kommt einer.") == [
        ("Vor wenigen Tagen", "PAST_REF"),
        ("jedes Jahr im Mai", "XXXX-05"),
    ]


def test_impossible_dates_are_not_time_and_offsets_beyond_the_calendar_stay_open():
    assert found("Am 31. Februar war nichts los.") == []
    assert found("Vor 99999999 Tagen war es still.") == [("Vor 99999999 Tagen", "XXXX-XX-XX")]


# moving feasts, weeks named after them, holiday ranges (expression, type, value)
FEASTS = [
    ("Der Umzug startet am Rosenmontag.", "2027-01-10", ("am Rosenmontag", "DATE", "2027-02-08")),
    (
        "In der Karwoche 2027 bleibt das Rathaus zu.",
        "2025-08-16",
        ("In der Karwoche 2027", "DATE", "2027-W12"),
    ),
    (
        "Über das Pfingstwochenende 2027 wird viel Verkehr erwartet.",
        "2025-08-16",
        ("Über das Pfingstwochenende 2027", "DATE", "2027-W19-WE"),
    ),
    (
        "Der Basar findet am zweiten Advent statt.",
        "2025-11-20",
        ("am zweiten Advent", "DATE", "2025-12-07"),
    ),
    (
        "Zwischen Weihnachten und Neujahr bleibt das Amt zu.",
        "2026-12-10",
        ("Zwischen Weihnachten und Neujahr", "DURATION", "2026-12-25/2027-01-01"),
    ),
    (
        "Der Chor probt jeden letzten Mittwoch im Monat.",
        "2025-08-16",
        ("jeden letzten Mittwoch im Monat", "SET", "XXXX-XX-WXX-3"),
    ),
]


@pytest.mark.parametrize("text,published,expected", FEASTS, ids=[f[0][:40] for f in FEASTS])
def test_moving_feasts_their_weeks_and_holiday_ranges(text, published, expected):
    assert [(t.text, t.type, t.value) for t in analyse(text, published).timexes] == [expected]


def typed(text: str, published: str = "2025-08-16"):
    return [(t.text, t.type, t.value) for t in analyse(text, published).timexes]


def test_weekday_in_a_habitual_present_sentence_recurs():
    assert typed("Die Sprechstunde ist immer am Mittwoch.") == [
        ("am Mittwoch", "SET", "XXXX-WXX-3")
    ]
    assert typed("Die Sprechstunde ist am Mittwoch.") == [("am Mittwoch", "DATE", "2025-08-20")]
    # "noch immer" is no habit, and a past sentence tells of one day
    assert typed("Am Mittwoch war die Praxis noch immer geschlossen.") == [
        ("Am Mittwoch", "DATE", "2025-08-13")
    ]


def test_weekend_next_to_a_frequency_recurs():
    assert typed("Die Fähre fährt stündlich, am Wochenende alle zwei Stunden.")[1] == (
        "am Wochenende",
        "SET",
        "XXXX-WXX-WE",
    )


def test_haben_with_a_state_participle_and_no_object_is_present():
    assert typed("Die Apotheke hat am Montag geschlossen.") == [("am Montag", "DATE", "2025-08-18")]
    assert typed("Der Konzern hat am Montag sein Werk geschlossen.") == [
        ("am Montag", "DATE", "2025-08-11")
    ]


def test_zu_infinitive_clause_is_a_plan_unless_perfect():
    assert found("Die Stadt kündigte an, die Brücke bis Ostern zu sanieren.") == [
        ("bis Ostern", "2026-04-05")
    ]
    assert found("Er bestreitet, am Montag in der Stadt gewesen zu sein.") == [
        ("am Montag", "2025-08-11")
    ]


SMALL_RULES = [
    (
        "Die Messe öffnet am Dienstag kommender Woche.",
        ("am Dienstag kommender Woche", "2025-08-19"),
    ),
    ("Morgen früh wird es neblig.", ("Morgen früh", "2025-08-17TMO")),
    (
        "Zu Beginn der kommenden Woche wird es kühler.",
        ("Zu Beginn der kommenden Woche", "2025-W34"),
    ),
    ("Eine Entscheidung wird nicht vor März fallen.", ("vor März", "2026-03")),
    ("Die Sitzung ist am Montag, dem 3. November.", ("am Montag, dem 3. November", "2025-11-03")),
    ("Karten gibt es ab Montag, 10 Uhr.", ("ab Montag, 10 Uhr", "2025-08-18T10:00")),
    ("Er ist seit 2018 Mitglied des Rates.", ("seit 2018", "2018")),
]


@pytest.mark.parametrize("text,expected", SMALL_RULES, ids=[r[0][:40] for r in SMALL_RULES])
def test_week_relative_days_appositions_and_clock_after_comma(text, expected):
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text", ["Er zahlte eine Strafe von 1500 Euro.", "Die Schule wurde nach August Bebel benannt."]
)
def test_amount_after_von_and_a_name_after_nach_are_not_time(text):
    assert found(text) == []
