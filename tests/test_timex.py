"""Time expressions: what is found, how it is resolved, and what is left alone.

All example sentences are written for these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagebild.model import Article
from lagebild.stages import build_pipeline, linguistic, timex
from lagebild.store import Store


def analyse(text: str, published: str | None = "2025-08-16", genre: str = "news") -> Article:
    article = Article(id="t", source="t", text=text, published=published, genre=genre)
    linguistic.annotate(article)
    timex.annotate(article)
    return article


def found(text: str, published: str | None = "2025-08-16", genre: str = "news"):
    return [(t.text, t.value) for t in analyse(text, published, genre).timexes]


# (sentence, publication date, expected (expression, value) pairs); 2025-08-16 is a Saturday
RESOLVED = [
    ("Das Konzert am Freitag fiel wegen Regens aus.", "2025-08-16", [("Freitag", "2025-08-15")]),
    (
        "Am Sonnabend erklärte die Ministerin ihren Rücktritt.",
        "2025-08-18",
        [("Sonnabend", "2025-08-16")],
    ),
    (
        "Noch am Mittwoch hatte die Ministerin neue Zölle abgelehnt.",
        "2025-08-18",
        [("Mittwoch", "2025-08-13")],
    ),
    (
        "Für Montag bat die Präsidentin die Gewerkschaften zum Gespräch.",
        "2025-08-18",
        [("Montag", "2025-08-18")],
    ),
    (
        "Der Sprecher bestätigte am Montag den Rücktritt.",
        "2026-02-11T08:25",
        [("Montag", "2026-02-09")],
    ),
    (
        "Die Ministerin wird am Freitag nach Rom reisen.",
        "2025-08-16",
        [("Freitag", "2025-08-22")],
    ),
    (
        "Am 15. August unterschrieben beide den Vertrag.",
        "2025-08-18",
        [("15. August", "2025-08-15")],
    ),
    (
        "Die Frist endet am 15.8.2025, nicht am 15.08.25.",
        "2025-08-01",
        [("15.8.2025", "2025-08-15"), ("15.08.25", "2025-08-15")],
    ),
    (
        "Ende Oktober 2025 einigten sich die Unterhändler.",
        "2026-02-11",
        [("Ende Oktober 2025", "2025-10")],
    ),
    (
        "Im Frühjahr 2024 begann der Bau, im August 2025 endete er.",
        "2025-08-16",
        [("Frühjahr 2024", "2024-SP"), ("August 2025", "2025-08")],
    ),
    (
        "Die Fabrik ruhte zwischen 1942 und 1945 vollständig.",
        "2025-08-16",
        [("1942", "1942"), ("1945", "1945")],  # TIMEX3: a range is two dates
    ),
    ("Die Brücke wurde im Jahr 1867 gebaut.", "2025-08-16", [("Jahr 1867", "1867")]),
    ("2014 gewann die Mannschaft den Titel.", "2025-08-16", [("2014", "2014")]),
    (
        "Heute Abend beginnt das Konzert, der Sender überträgt ab 20 Uhr.",
        "2025-08-15",
        [("Heute Abend", "2025-08-15TEV"), ("20 Uhr", "2025-08-15T20:00")],
    ),
    (
        "Die Gewerkschaft streikte gestern, vergangene Woche hatte sie gedroht.",
        "2025-08-16",
        [("gestern", "2025-08-15"), ("vergangene Woche", "2025-W32")],
    ),
    (
        "Vor vier Jahren gewann sie, im kommenden Jahr tritt sie wieder an.",
        "2025-08-16",
        [("Vor vier Jahren", "2021"), ("kommenden Jahr", "2026")],
    ),
    (
        "Die Wahl war am 3. Mai, zwei Tage später trat er zurück.",
        "2025-08-16",
        [("3. Mai", "2025-05-03"), ("zwei Tage später", "P2D")],
    ),
    ("11 Feb. 2026 08:25 Uhr", "2026-02-11", [("11 Feb. 2026 08:25 Uhr", "2026-02-11T08:25")]),
]


@pytest.mark.parametrize("text,published,expected", RESOLVED, ids=[r[0][:40] for r in RESOLVED])
def test_expressions_resolve_against_publication_date_and_tense(text, published, expected):
    assert found(text, published) == expected


DURATIONS_AND_SETS = [
    (
        "Die Minister reden zum ersten Mal seit sieben Jahren miteinander.",
        "sieben Jahren",
        "DURATION",
        "P7Y",
        None,
    ),
    ("Der Verband verlangt seit Monaten höhere Löhne.", "Monaten", "DURATION", "PXM", None),
    (
        "Die Sitzung dauerte etwa drei Stunden.",
        "etwa drei Stunden",
        "DURATION",
        "PT3H",
        "APPROX",
    ),
    ("Die kommenden Stunden bleiben spannend.", "kommenden Stunden", "DURATION", "PTXH", None),
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
    assert found("Im Dezember sank der Absatz.", "2026-01-20") == [("Dezember", "2025-12")]
    assert found("Ab Januar steigt der Preis.", "2025-12-20") == [("Januar", "2026-01")]


def test_verb_inside_a_quote_does_not_set_the_tense_outside_it():
    text = "Die Trainerin sagte am Sonnabend: »Es ist gut so.«"
    assert found(text, "2025-08-18") == [("Sonnabend", "2025-08-16")]


def test_clock_time_after_a_date_is_its_own_expression_on_that_date():
    # TIMEX3 keeps "20. August" and "18 Uhr" apart; the clock time takes the date before it
    assert found("Am 20. August um 18 Uhr beginnt das Spiel.", "2025-08-16") == [
        ("20. August", "2025-08-20"),
        ("18 Uhr", "2025-08-20T18:00"),
    ]
    # also a date far from the publication date
    assert found("Am 9. November 1989 um 18:53 Uhr verlas er die Regelung.", "2025-08-16") == [
        ("9. November 1989", "1989-11-09"),
        ("18:53 Uhr", "1989-11-09T18:53"),
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
    assert found(text, "2024-07-11")[-1] == ("21 Uhr", "2024-07-14T21:00")


def test_clock_time_in_news_ignores_a_historic_day():
    text = "Am 27. Januar 1945 endete das Leid. Die Gedenkfeier beginnt um 10 Uhr."
    assert found(text, "2025-01-27")[-1] == ("10 Uhr", "2025-01-27T10:00")


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
    ("Der Umzug startet am Rosenmontag.", "2027-01-10", ("Rosenmontag", "DATE", "2027-02-08")),
    (
        "In der Karwoche 2027 bleibt das Rathaus zu.",
        "2025-08-16",
        ("Karwoche 2027", "DATE", "2027-W12"),
    ),
    (
        "Über das Pfingstwochenende 2027 wird viel Verkehr erwartet.",
        "2025-08-16",
        ("Über das Pfingstwochenende 2027", "DATE", "2027-W19-WE"),
    ),
    (
        "Der Basar findet am zweiten Advent statt.",
        "2025-11-20",
        ("zweiten Advent", "DATE", "2025-12-07"),
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
    assert typed("Die Sprechstunde ist immer am Mittwoch.") == [("Mittwoch", "SET", "XXXX-WXX-3")]
    assert typed("Die Sprechstunde ist am Mittwoch.") == [("Mittwoch", "DATE", "2025-08-20")]
    # "noch immer" is no habit, and a past sentence tells of one day
    assert typed("Am Mittwoch war die Praxis noch immer geschlossen.") == [
        ("Mittwoch", "DATE", "2025-08-13")
    ]


def test_weekend_next_to_a_frequency_recurs():
    assert typed("Die Fähre fährt stündlich, am Wochenende alle zwei Stunden.")[1] == (
        "Wochenende",
        "SET",
        "XXXX-WXX-WE",
    )


def test_haben_with_a_state_participle_and_no_object_is_present():
    assert typed("Die Apotheke hat am Montag geschlossen.") == [("Montag", "DATE", "2025-08-18")]
    assert typed("Der Konzern hat am Montag sein Werk geschlossen.") == [
        ("Montag", "DATE", "2025-08-11")
    ]


def test_zu_infinitive_clause_is_a_plan_unless_perfect():
    assert found("Die Stadt kündigte an, die Brücke bis Ostern zu sanieren.") == [
        ("Ostern", "2026-04-05")
    ]
    assert found("Er bestreitet, am Montag in der Stadt gewesen zu sein.") == [
        ("Montag", "2025-08-11")
    ]


SMALL_RULES = [
    (
        "Die Messe öffnet am Dienstag kommender Woche.",
        ("Dienstag kommender Woche", "2025-08-19"),
    ),
    ("Morgen früh wird es neblig.", ("Morgen früh", "2025-08-17TMO")),
    (
        "Zu Beginn der kommenden Woche wird es kühler.",
        ("Beginn der kommenden Woche", "2025-W34"),
    ),
    ("Eine Entscheidung wird nicht vor März fallen.", ("März", "2026-03")),
    ("Die Sitzung ist am Montag, dem 3. November.", ("Montag, dem 3. November", "2025-11-03")),
    ("Er ist seit 2018 Mitglied des Rates.", ("2018", "2018")),
]


@pytest.mark.parametrize("text,expected", SMALL_RULES, ids=[r[0][:40] for r in SMALL_RULES])
def test_week_relative_days_appositions_and_clock_after_comma(text, expected):
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text", ["Er zahlte eine Strafe von 1500 Euro.", "Die Schule wurde nach August Bebel benannt."]
)
def test_amount_after_von_and_a_name_after_nach_are_not_time(text):
    assert found(text) == []


# -- TIMEX3 spans, narrative reference time, anchored durations (issue 17) ----------------------


def test_preposition_is_the_signal_and_stays_out_of_the_span():
    (t,) = analyse("Der Verein besteht seit 1974 in dieser Form.").timexes
    assert (t.text, t.value, t.signal) == ("1974", "1974", "seit")
    (t,) = analyse("Die Fraktionen einigten sich in der vergangenen Woche.").timexes
    assert (t.text, t.signal) == ("vergangenen Woche", "in")  # the article is no signal


def test_before_as_modifier_is_cut_but_ago_stays_in_the_span():
    (t,) = analyse("Vor dem 1. September wird nichts entschieden.").timexes
    assert (t.text, t.mod, t.signal) == ("1. September", "BEFORE", "vor")
    (t,) = analyse("Vor drei Jahren zog die Firma nach Kassel.").timexes
    assert (t.text, t.signal) == ("Vor drei Jahren", None)


def test_approximators_stay_in_the_span_and_set_mod():
    (t,) = analyse("Die Sitzung dauerte etwa drei Stunden.").timexes
    assert (t.text, t.mod) == ("etwa drei Stunden", "APPROX")
    (t,) = analyse("Der Zug kam gegen 18 Uhr an.").timexes
    assert (t.text, t.mod) == ("gegen 18 Uhr", "APPROX")
    (t,) = analyse("Die Prüfung dauert mindestens vier Stunden.").timexes
    assert (t.text, t.value, t.mod) == ("mindestens vier Stunden", "PT4H", "EQUAL_OR_MORE")


def test_idioms_keep_their_preposition():
    assert found("Das Amt will in Kürze entscheiden.") == [("in Kürze", "FUTURE_REF")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ende des Jahres 1871 zogen die Truppen ab.", [("Ende des Jahres 1871", "1871")]),
        (
            "Gegen Abend des 9. November 1989 kamen die ersten Menschen.",
            [("Gegen Abend des 9. November 1989", "1989-11-09TEV")],
        ),
        (
            "Der Wahlkampf dauerte vier Wochen und zwei Tage.",
            [("vier Wochen und zwei Tage", "P30D")],
        ),
        (
            "Er wurde zu drei Jahren und sechs Monaten verurteilt.",
            [("drei Jahren und sechs Monaten", "P3Y6M")],
        ),
    ],
)
def test_compound_expressions_are_one_timex(text, expected):
    assert found(text) == expected


def test_duration_after_a_point_carries_the_point_as_anchor():
    article = analyse(
        "Die Fabrik wurde am 3. Mai 1887 gegründet. Drei Jahre später brannte sie.",
        published=None,
        genre="narrative",
    )
    later = article.timexes[1]
    assert (later.text, later.type, later.value, later.anchor) == (
        "Drei Jahre später",
        "DURATION",
        "P3Y",
        "1890",
    )


def test_duration_after_an_event_is_one_expression():
    text = "Gewählt wurde am 26. März 2023. Drei Tage nach der Wahl begannen die Gespräche."
    timexes = analyse(text, published=None, genre="narrative").timexes
    assert [(t.text, t.value, t.anchor) for t in timexes] == [
        ("26. März 2023", "2023-03-26", None),
        ("Drei Tage nach der Wahl", "P3D", "2023-03-29"),
    ]


def test_story_moves_on_with_an_anchored_duration():
    text = "Das Werk öffnete im Januar 1950. Zwei Jahre später, im Mai, kam der erste Streik."
    assert found(text, published=None, genre="narrative")[-1] == ("Mai", "1952-05")


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Der Vertrag wurde am 4. Juli 1921 geschlossen. Am selben Tag trat er zurück.",
            ("selben Tag", "1921-07-04"),
        ),
        (
            "Die Wahl fand am 4. Juli 1921 statt. An diesem Tag regnete es in der ganzen Stadt.",
            ("diesem Tag", "1921-07-04"),
        ),
        (
            "Der Streik begann am 4. Juli 1921. Im selben Monat entließ die Firma viele.",
            ("selben Monat", "1921-07"),
        ),
        (
            "Der Brand brach am 4. Juli 1921 aus. Am Nachmittag desselben Tages war er gelöscht.",
            ("Nachmittag desselben Tages", "1921-07-04TAF"),
        ),
        (
            "Die Bank entstand 1898 in Talheim. Im Herbst desselben Jahres zog sie um.",
            ("Herbst desselben Jahres", "1898-FA"),
        ),
    ],
)
def test_anaphoric_expressions_resolve_to_the_last_date_of_the_story(text, expected):
    assert found(text, published=None, genre="narrative")[-1] == expected


def test_two_digit_year_in_a_story_follows_the_story_century():
    text = "Die Zuckerfabrik wurde 1881 gegründet. Eröffnet wurde sie am 20.9.81 mit einem Fest."
    assert found(text, published=None, genre="narrative")[-1] == ("20.9.81", "1881-09-20")


def test_two_digit_year_without_a_story_date_keeps_the_usual_century():
    text = "Der Flug am 12.4.61 dauerte 108 Minuten. Am 5.5. flog der zweite Pilot."
    assert found(text, published=None, genre="narrative") == [
        ("12.4.61", "1961-04-12"),
        ("108 Minuten", "PT108M"),
        ("5.5.", "1961-05-05"),
    ]


def test_today_in_a_story_is_the_present_of_the_writer():
    text = "Die Brauerei wurde 1743 gegründet. Heute gehört sie einer Genossenschaft."
    assert found(text, published="2026-05-08", genre="narrative")[-1] == ("Heute", "PRESENT_REF")
    assert found("Heute gehört sie einer Genossenschaft.", "2026-05-08") == [
        ("Heute", "2026-05-08")
    ]


def test_story_season_after_an_earlier_one_moves_to_the_next_year():
    text = "Im Dezember 1894 brannte die Werkstatt ab. Im Frühjahr wurde wieder gearbeitet."
    assert found(text, published=None, genre="narrative")[-1] == ("Frühjahr", "1895-SP")


def test_same_weekday_in_the_pluperfect_is_the_week_before():
    # 2026-03-12 is a Thursday
    text = "Schon am Donnerstag hatte der Ausschuss über die Kürzungen beraten."
    assert found(text, "2026-03-12") == [("Donnerstag", "2026-03-05")]
    assert found("Am Donnerstag beriet der Ausschuss.", "2026-03-12") == [
        ("Donnerstag", "2026-03-12")
    ]


def test_plan_with_sollen_looks_ahead():
    text = "Der nächste Haushalt soll im Herbst vorgelegt werden."
    assert found(text, "2026-03-12") == [("Herbst", "2026-FA")]


def test_clock_time_in_a_sentence_with_a_daily_frequency_is_on_no_date():
    assert typed("Der Markt öffnet täglich ab 11 Uhr.") == [
        ("täglich", "SET", "P1D"),
        ("11 Uhr", "TIME", "XXXX-XX-XXT11:00"),
    ]


def test_timex_json_carries_signal_and_anchor():
    (t,) = analyse("Seit 2018 ist sie Mitglied.").timexes
    assert t.to_dict() == {
        "start": 5,
        "end": 9,
        "text": "2018",
        "type": "DATE",
        "value": "2018",
        "mod": None,
        "signal": "seit",
        "anchor": None,
    }


def test_range_of_years_is_two_dates_even_before_a_noun():
    assert found("Die Firma zahlte zwischen 2015 und 2019 Abgaben nach.") == [
        ("2015", "2015"),
        ("2019", "2019"),
    ]
    assert found("Er war von 2018 bis 2021 Botschafter.") == [("2018", "2018"), ("2021", "2021")]
    assert found("Der Krieg dauerte 1914–1918 an.") == [("1914–1918", "1914/1918")]


def test_story_season_begins_in_its_first_month():
    # "Winter 1894" begins in December 1894, so the autumn after it is that of 1895
    text = "Im Winter 1894 brannte die Werkstatt ab. Im Herbst wurde wieder gearbeitet."
    assert found(text, published=None, genre="narrative")[-1] == ("Herbst", "1895-FA")


def test_before_the_end_of_the_decade_keeps_before_out_of_the_span():
    text = "Die Mondlandung kam 1969. Er hatte sie noch vor Ende des Jahrzehnts angekündigt."
    assert found(text, published=None, genre="narrative")[-1] == ("Ende des Jahrzehnts", "196")


def test_signal_and_anchor_survive_the_store(tmp_path):
    article = analyse(
        "Seit dem 3. Mai 1887 besteht die Firma. Drei Jahre später zog sie um.",
        published="2025-08-16",
        genre="narrative",
    )
    article.id = "timex-store"
    with Store(tmp_path / "s.db") as store:
        assert store.add_article(article)
        loaded = store.load_article("timex-store")
    assert [(t.text, t.signal, t.anchor) for t in loaded.timexes] == [
        ("3. Mai 1887", "seit", None),
        ("Drei Jahre später", None, "1890"),
    ]


def test_decade_named_by_its_word_is_of_the_twentieth_century():
    assert found("In den Zwanzigerjahren baute die Firma Wanduhren.") == [
        ("Zwanzigerjahren", "192")
    ]
    (t,) = analyse("Mitte der achtziger Jahre kam der Computer ins Büro.").timexes
    assert (t.text, t.value, t.mod) == ("Mitte der achtziger Jahre", "198", "MID")


def test_range_of_amounts_is_one_duration_valued_by_its_upper_bound():
    assert found("Die Reparatur der Schleuse dauert zwei bis drei Wochen.") == [
        ("zwei bis drei Wochen", "P3W")
    ]
    assert found("Die Landstraße bleibt drei bis vier Tage gesperrt.") == [
        ("drei bis vier Tage", "P4D")
    ]
    (t,) = analyse("Der Umzug der Bibliothek dauert etwa 10-12 Tage.").timexes
    assert (t.text, t.type, t.value, t.mod) == ("etwa 10-12 Tage", "DURATION", "P12D", "APPROX")
    (t,) = analyse("Nach zwei bis drei Monaten war das Dach wieder dicht.").timexes
    assert (t.text, t.value, t.signal) == ("zwei bis drei Monaten", "P3M", "nach")


def test_range_of_amounts_keeps_the_reading_of_its_rule():
    # "vor ... Jahren" stays a date (ago), "... später" a duration anchored on the story
    assert found("Vor drei bis vier Jahren hatte der Verein den Pokal gewonnen.") == [
        ("Vor drei bis vier Jahren", "2021")
    ]
    text = "Die Werft schloss 1931. Zwei oder drei Jahre später kaufte sie ein Reeder."
    (_, later) = analyse(text, published=None, genre="narrative").timexes
    assert (later.text, later.value, later.anchor) == ("Zwei oder drei Jahre später", "P3Y", "1934")


def test_range_of_ages_is_no_time_expression():
    assert found("Das Zeltlager ist für Kinder von sechs bis zehn Jahren gedacht.") == []
    assert found("Im Alter von zwei bis drei Jahren sprechen Kinder erste Sätze.") == []
    assert found("Die Fohlen auf der Weide sind zwei bis drei Jahre alt.") == []


def test_season_across_the_turn_of_the_year_is_the_season_of_its_first_year():
    text = "Im Winter 1946/47 froren die Kanäle zu. Im Frühjahr fuhren wieder Schiffe."
    assert found(text, published=None, genre="narrative") == [
        ("Winter 1946/47", "1946-WI"),
        ("Frühjahr", "1947-SP"),
    ]
    assert found("Der Winter 1962/1963 brachte Eis auf allen Seen.", published=None) == [
        ("Winter 1962/1963", "1962-WI")
    ]


def test_whole_day_is_a_duration_anchored_on_the_day_in_context():
    (day, whole) = analyse("Am Donnerstag regnete es in der Stadt den ganzen Tag.").timexes
    assert (whole.text, whole.type, whole.value, whole.anchor) == (
        "ganzen Tag",
        "DURATION",
        "P1D",
        day.value,
    )
    text = "Am 3. Mai 1945 zogen die Truppen ab. Die ganze Nacht brannten Feuer am Hafen."
    (_, night) = analyse(text, published=None, genre="narrative").timexes
    assert (night.text, night.value, night.anchor) == ("ganze Nacht", "P1D", "1945-05-03")
    text = "Im März 1950 begann der Streik. Den ganzen Monat standen die Webstühle still."
    (_, month) = analyse(text, published=None, genre="narrative").timexes
    assert (month.text, month.value, month.anchor) == ("ganzen Monat", "P1M", "1950-03")
