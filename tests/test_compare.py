from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagebild.corpus.compare import compare_story, preload
from lagebild.corpus.compare.discrepancies import quantities, sentence_dates
from lagebild.corpus.compare.facts import align_facts
from lagebild.corpus.compare.lexicons import camps, loaded_language
from lagebild.corpus.compare.units import sentences_of
from lagebild.corpus.compare.voices import heuristic_voices, voices
from lagebild.corpus.compare.wording import wording
from lagebild.model import Article, EntityMention, Quote, SpeakerMention
from lagebild.stages import linguistic
from story_articles import labelled_articles, seed_articles


def _compare(articles: list[Article], show_all: bool = False) -> dict:
    return compare_story(articles, show_all=show_all).to_dict()


@pytest.fixture(scope="module")
def bridge() -> list[Article]:
    return [a for a, story, _ in labelled_articles() if story == "bruecke-gesperrt"]


@pytest.fixture(scope="module")
def result(bridge) -> dict:
    return _compare(bridge)


def _article(id_: str, outlet: str, text: str, published: str = "2026-05-08", **layers) -> Article:
    return Article(
        id=id_,
        source=f"{id_}.txt",
        text=text,
        title=None,
        published=published,
        outlet=outlet,
        **layers,
    )


def test_comparison_is_plain_json(result):
    assert json.loads(json.dumps(result)) == result


def test_fact_every_outlet_reports_is_aligned_across_wordings(result):
    everywhere = [f for f in result["coverage"]["facts"] if f["coverage"] == "all"]
    assert everywhere, "the closure of the bridge is in all three articles"
    for fact in everywhere:
        assert all(fact["outlets"][o] for o in ("Kurier", "Rundschau", "Tagblatt"))


def test_fact_only_one_outlet_reports_is_exclusive_with_its_source(result, bridge):
    exclusive = [f for f in result["coverage"]["facts"] if f["coverage"] == "one"]
    bus = [f for f in exclusive if "Buslinie 7" in f["text"]]
    assert len(bus) == 1 and bus[0]["outlets"]["Rundschau"]
    cite = bus[0]["outlets"]["Rundschau"][0]
    article = next(a for a in bridge if a.id == cite["article_id"])
    assert article.text[cite["start"] : cite["end"]] == cite["text"]


def test_voices_without_quote_layer_name_speaker_camp_and_outlet(result):
    voices = result["voices"]
    assert not voices["from_quote_layer"]
    kurier = voices["outlets"]["Kurier"]["speakers"]
    assert [(s["speaker"], s["camp"], s["kind"]) for s in kurier] == [
        ("Jens Ohlsen", "unknown", "named")
    ]
    assert {"speaker": "Jens Ohlsen", "outlet": "Kurier"} in voices["exclusive_speakers"]


def test_voices_from_quote_layer_count_named_and_anonymous_per_camp():
    text = "„Wir bleiben hart“, sagte Präsident Wladimir Putin. Ein Insider sagte, es gebe Streit."

    def span(words: str) -> tuple[int, int, str]:
        start = text.index(words)
        return start, start + len(words), words

    quotes = [
        Quote(
            *span("„Wir bleiben hart“"),
            "direct",
            SpeakerMention(*span("Wladimir Putin"), None, "named"),
        ),
        Quote(
            *span("es gebe Streit"),
            "indirect",
            SpeakerMention(*span("Ein Insider"), None, "anonymous"),
        ),
    ]
    other = _article("b", "Zweitblatt", "Wolodymyr Selenskyj sagte, man verhandle weiter.")
    found = _compare([_article("a", "Erstblatt", text, quotes=quotes), other])["voices"]
    first = found["outlets"]["Erstblatt"]
    assert (first["named"], first["anonymous"]) == (1, 1)
    assert first["camps"]["ru_official"] == 1
    assert {"speaker": "Wladimir Putin", "outlet": "Erstblatt"} in found["exclusive_speakers"]
    assert found["outlets"]["Zweitblatt"]["camps"] == {"ua": 1}


def _quoted(article_id: str, outlet: str, text: str, said: list[tuple[str, str, str]]):
    """An article whose quotes (words, speaker words, speaker kind) all name Anke Brandt."""

    def span(words: str) -> tuple[int, int, str]:
        start = text.index(words)
        return start, start + len(words), words

    quotes = [
        Quote(*span(words), "indirect", SpeakerMention(*span(who), "per:anke-brandt", kind))
        for words, who, kind in said
    ]
    mentions = [
        EntityMention(*span(who), "PER", "per:anke-brandt", source="" if kind == "named" else kind)
        for _, who, kind in said
    ]
    return _article(article_id, outlet, text, quotes=quotes, entities=mentions)


def test_voices_are_one_per_person_with_her_mention_forms_under_it():
    first = _quoted(
        "a",
        "Erstblatt",
        "Anke Brandt sagte, die Brücke bleibe zu. Sie sagte auch, ein Gutachten folge bald.",
        [
            ("die Brücke bleibe zu", "Anke Brandt", "named"),
            ("ein Gutachten folge bald", "Sie", "pronoun"),
        ],
    )
    second = _quoted(
        "b",
        "Zweitblatt",
        "Die Bürgermeisterin sagte, die Sperrung dauere Monate.",
        [("die Sperrung dauere Monate", "Die Bürgermeisterin", "role")],
    )
    found = _compare([first, second])["voices"]
    [erst] = found["outlets"]["Erstblatt"]["speakers"]
    assert erst["speaker"] == "Anke Brandt" and erst["forms"] == ["Anke Brandt", "Sie"]
    assert len(erst["quotes"]) == 2
    [zweit] = found["outlets"]["Zweitblatt"]["speakers"]
    assert zweit["speaker"] == "Anke Brandt" and zweit["forms"] == ["Die Bürgermeisterin"]
    # heard in both outlets under two wordings: not an exclusive voice of either
    assert found["exclusive_speakers"] == []


def test_main_actors_are_people_not_word_forms():
    text = "Anke Brandt lud ein. Brandts Plan kam gut an. Brandt sprach lange."
    starts = {"Anke Brandt": text.index("Anke"), "Brandts": text.index("Brandts")}
    starts["Brandt"] = text.rindex("Brandt")
    mentions = [
        EntityMention(start, start + len(w), w, "PER", "per:anke-brandt")
        for w, start in starts.items()
    ]
    article = _article("a", "Erstblatt", text, entities=mentions)
    other = _article("b", "Zweitblatt", text, entities=mentions)
    assert _compare([article, other])["wording"]["actors"] == ["Brandt"]


@pytest.mark.parametrize(
    ("sentence", "speaker", "camp", "kind"),
    [
        (
            "Bundeskanzler Friedrich Merz sagte, die Lage sei ernst.",
            "Friedrich Merz",
            "eu_gov",
            "named",
        ),
        ("Die Lage sei ernst, sagte Petra Lange.", "Petra Lange", "unknown", "named"),
        (
            "Die Lage sei ernst, so Kremlsprecher Dmitri Peskow.",
            "Dmitri Peskow",
            "ru_official",
            "named",
        ),
        ("Laut Experten ist der Plan zu teuer.", "Laut Experten", "expert", "anonymous"),
        (
            "Eine mit den Gesprächen vertraute Quelle sagte, man sei nah dran.",
            "Eine mit den Gesprächen vertraute Quelle",
            "unknown",
            "anonymous",
        ),
    ],
)
def test_heuristic_voice_finds_speaker_nearest_to_the_cue(sentence, speaker, camp, kind):
    article = _article("a", "Blatt", sentence)
    [voice] = heuristic_voices(article, sentences_of(article, 0))
    assert (voice["speaker"], voice["camp"], voice["kind"]) == (speaker, camp, kind)


def test_sentence_without_cue_or_quote_has_no_voice():
    article = _article("a", "Blatt", "Olaf Merz fährt morgen mit dem Rad nach Waldheim.")
    assert heuristic_voices(article, sentences_of(article, 0)) == []


def test_loaded_words_are_counted_per_1000_words_but_not_inside_quotes():
    text = (
        "Die Opposition schürt Hysterie, meinen wir. „Das ist Hysterie“, sagte die Ministerin. "
        + "Die Sitzung dauerte lange. " * 4
    )
    found = wording(_article("a", "Blatt", text), sentences_of(_article("a", "Blatt", text), 0), [])
    assert [h["id"] for h in found["loaded"]] == ["LL001", "LL003"]
    assert found["loaded_per_1000_words"] == round(1000 * 2 / len(text.split()), 2)
    # first person is counted, but hidden by default: its measured precision is below 0.8
    assert found["opinion_signals_hidden"]["first_person"] == 1
    assert "first_person" not in found["opinion_signals"]


def test_rhetorical_question_outside_quotes_is_an_opinion_signal():
    article = _article("a", "Blatt", "Wer soll das bezahlen? Die Stadt schweigt dazu.")
    assert wording(article, sentences_of(article, 0), [])["opinion_signals"] == {
        "rhetorical_question": 1
    }


def test_evaluative_sentence_without_source_is_listed_as_unsourced(result):
    kurier = next(a for a in result["wording"]["articles"] if a["outlet"] == "Kurier")
    judged = [s["text"] for s in kurier["evaluative_without_source"]]
    assert any("Skandal" in s for s in judged)
    rundschau = next(a for a in result["wording"]["articles"] if a["outlet"] == "Rundschau")
    assert not any("Experte" in s["text"] for s in rundschau["evaluative_without_source"])


def test_differing_dates_of_one_aligned_fact_are_listed_with_both_sources(bridge, result):
    dates = [d for d in _compare(bridge, show_all=True)["discrepancies"] if d["kind"] == "date"]
    closing = [d for d in dates if "Elsterbrücke" in d["about"]]
    assert closing
    values = {(v["outlet"], v["value"]) for d in closing for v in d["versions"]}
    assert ("Kurier", "2026-03-01") in values and ("Rundschau", "2026-03-02") in values
    # measured at 0.375 precision (data/de/finding_precision.tsv): counted, not shown by default
    assert not [d for d in result["discrepancies"] if d["kind"] == "date"]
    assert result["discrepancies_hidden"]["date"] == len(dates)


def test_a_thing_counted_twice_in_one_sentence_has_no_number_to_compare():
    assert quantities("Die Firma bot drei Prozent, die Gewerkschaft fordert acht Prozent.") == {}
    assert quantities("Die Gewerkschaft fordert acht Prozent mehr Lohn.") == {"prozent": "8"}


def test_differing_numbers_in_one_fact_are_listed():
    articles = [
        _article(
            "a", "Erstblatt", "Für Pendler beträgt der Umweg wegen der Sperrung zwölf Kilometer."
        ),
        _article(
            "b", "Zweitblatt", "Wegen der Sperrung beträgt der Umweg für Pendler 15 Kilometer."
        ),
    ]
    numbers = [d for d in _compare(articles)["discrepancies"] if d["kind"] == "number"]
    detour = [d for d in numbers if d["about"].startswith("kilomet")]
    assert detour
    assert {v["value"].split()[0] for v in detour[0]["versions"]} == {"12", "15"}


def test_a_date_in_two_sentences_that_say_different_things_is_no_discrepancy():
    articles = [
        _article("a", "Erstblatt", "Der Bürgermeister eröffnete am Montag das neue Hallenbad."),
        _article(
            "b", "Zweitblatt", "Am Dienstag beschloss der Stadtrat höhere Gebühren für Parkplätze."
        ),
    ]
    assert _compare(articles)["discrepancies"] == []


def test_same_quote_with_different_speakers_is_a_discrepancy():
    words = "Wir werden den Vertrag noch in diesem Jahr unterschreiben"
    first = f"„{words}“, sagte Anna Roth."
    second = f"„{words}“, sagte Bernd Kaiser."
    articles = [
        _article(
            "a",
            "Erstblatt",
            first,
            quotes=[
                Quote(
                    0,
                    len(words) + 2,
                    first[: len(words) + 2],
                    "direct",
                    SpeakerMention(first.index("Anna"), len(first) - 1, "Anna Roth"),
                )
            ],
        ),
        _article(
            "b",
            "Zweitblatt",
            second,
            quotes=[
                Quote(
                    0,
                    len(words) + 2,
                    second[: len(words) + 2],
                    "direct",
                    SpeakerMention(second.index("Bernd"), len(second) - 1, "Bernd Kaiser"),
                )
            ],
        ),
    ]
    found = _compare(articles, show_all=True)
    speakers = [d for d in found["discrepancies"] if d["kind"] == "speaker"]
    assert [{v["value"] for v in d["versions"]} for d in speakers] == [
        {"Anna Roth", "Bernd Kaiser"}
    ]
    # measured at 0.0 precision (data/de/finding_precision.tsv): counted, not shown by default
    by_default = _compare(articles)
    assert by_default["discrepancies"] == [] and by_default["discrepancies_hidden"] == {
        "speaker": 1
    }


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Das Interview lief am Sonnabend.", "2026-05-11", "2026-05-09"),  # a Monday
        ("Die Sitzung war am Freitag.", "2026-05-08", "2026-05-08"),  # the same Friday
        ("Am 3. Mai begann der Streik.", "2026-05-11", "2026-05-03"),
        ("Am 3.5.2025 begann der Streik.", "2026-05-11", "2025-05-03"),
    ],
)
def test_day_words_resolve_against_the_publication_date(text, published, expected):
    article = _article("a", "Blatt", text, published=published)
    [unit] = sentences_of(article, 0)
    assert [d for d, _ in sentence_dates(article, unit, None)] == [expected]


def test_counted_things_exclude_dates_and_years():
    assert quantities("Am 15. August 2025 fuhren 3 Busse zwölf Kilometer weit.") == {
        "buss": "3",
        "kilomet": "12",
    }


def test_headlines_and_leads_side_by_side_cite_their_articles(result, bridge):
    assert [h["outlet"] for h in result["articles"]] == ["Rundschau", "Tagblatt", "Kurier"]
    for headline in result["articles"]:
        assert headline["title"] and headline["lead"]


def test_every_lexicon_line_loads_and_matches_its_example():
    preload()
    assert len(loaded_language()) >= 40
    assert {p.speaker_kind for p in camps()} == {"name", "role", "group"}


def test_story_of_empty_and_sentence_less_articles_does_not_fail():
    result = _compare([_article("a", "A", ""), _article("b", "B", "Kurz.")])
    assert result["coverage"]["facts"] == [] and result["discrepancies"] == []


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.text(alphabet='abcÄöü „“»«"?!.,:;0123456789\nMontag Experten sagte', max_size=80),
        min_size=1,
        max_size=3,
    )
)
def test_comparison_never_fails_on_any_text(texts):
    articles = [_article(str(i), f"O{i % 2}", t) for i, t in enumerate(texts)]
    result = _compare(articles)
    for fact in result["coverage"]["facts"]:
        for refs in fact["outlets"].values():
            for c in refs:
                text = next(a.text for a in articles if a.id == c["article_id"])
                assert text[c["start"] : c["end"]] == c["text"]


@pytest.mark.shared
def test_seeds_comparison_shows_who_reports_what(shared_dir):
    summit = [a for a in seed_articles() if a.id != "000"]
    result = _compare(summit)
    exclusive = {
        (v["speaker"].split()[-1], v["outlet"]) for v in result["voices"]["exclusive_speakers"]
    }
    assert {("Merz", "003"), ("Meloni", "003")} <= exclusive
    loaded = {a["outlet"]: {h["id"] for h in a["loaded"]} for a in result["wording"]["articles"]}
    assert "LL001" in loaded["001"]  # "Hysterie" about the Western media
    no_questions = [
        f for f in result["coverage"]["facts"] if "keine Fragen von Reportern" in f["text"]
    ]
    assert [f["coverage"] for f in no_questions] == ["one"] and no_questions[0]["outlets"]["004"]
    # a discrepancy is about one aligned fact, never about a bare name ("date: Fox")
    assert all(len(d["about"].split()) > 2 for d in result["discrepancies"])


def test_german_only_layers_say_they_did_not_run_for_an_english_article():
    german = _article("a", "Erstblatt", "Die Opposition schürt Hysterie, sagte die Ministerin.")
    english = Article(
        id="b",
        source="b.txt",
        text="The opposition is stoking hysteria, the minister said on Monday.",
        published="2026-05-08",
        outlet="Wire",
        language="en",
    )
    result = _compare([german, english])
    wire = next(a for a in result["wording"]["articles"] if a["outlet"] == "Wire")
    assert "nur in deutschen Texten" in wire["not_analysed"] and wire["loaded"] == []
    assert result["layers"]["german_only_not_run_for"] == ["b"]
    erst = next(a for a in result["wording"]["articles"] if a["outlet"] == "Erstblatt")
    assert "not_analysed" not in erst


def test_a_speaker_span_running_past_the_name_is_cut_to_the_persons_mentions():
    text = "Nach der Sitzung sagte Anke Brandt dem Stadtrat, die Brücke bleibe zu."
    who = "Anke Brandt dem Stadtrat"
    start = text.index(who)
    words = "die Brücke bleibe zu"
    quote = Quote(
        text.index(words),
        text.index(words) + len(words),
        words,
        "indirect",
        SpeakerMention(start, start + len(who), who, "per:anke-brandt", "named"),
    )
    name = EntityMention(start, start + 11, "Anke Brandt", "PER", "per:anke-brandt")
    article = _article("a", "Erstblatt", text, quotes=[quote], entities=[name])
    other = _article("b", "Zweitblatt", "Die Brücke bleibt nach Angaben der Stadt zu.")
    [voice] = _compare([article, other])["voices"]["outlets"]["Erstblatt"]["speakers"]
    assert voice["forms"] == ["Anke Brandt"]


@pytest.mark.parametrize(
    "sentence",
    ["Diese Meinung vertritt der Forscher aus Waldheim.", "Die Stadt meint es ernst mit dem Plan."],
)
def test_meinung_and_meint_are_no_first_person(sentence):
    article = _article("a", "Blatt", sentence)
    found = wording(article, sentences_of(article, 0), [])
    assert "first_person" not in found["opinion_signals_hidden"]


def test_a_finding_kind_measured_below_the_bar_is_counted_but_not_shown():
    article = _article("a", "Blatt", "Wir berichten ab 20 Uhr live. Wer soll das bezahlen?")
    found = wording(article, sentences_of(article, 0), [])
    assert found["opinion_signals"] == {"rhetorical_question": 1}
    assert found["opinion_signals_hidden"] == {"first_person": 1}


def test_a_fact_another_outlet_words_differently_is_not_called_exclusive():
    first = (
        "Die Stadtwerke in Lindenau erhöhen den Gaspreis zum ersten Januar um zwölf Prozent. "
        "Im Rathaus stellte der Bürgermeister am Abend einen neuen Spielplatz am Stadtpark vor."
    )
    # similar enough that the alignment's miss is no evidence of a blind spot (0.47 here)
    second = "Gas wird in Lindenau im neuen Jahr spürbar teurer, teilte der örtliche Versorger mit."
    result = _compare([_article("a", "Erstblatt", first), _article("b", "Zweitblatt", second)])
    exclusive = [f["text"] for f in result["coverage"]["facts"] if f["exclusive"]]
    assert exclusive == [first.split(". ")[1]]
    assert result["coverage"]["exclusive_counts"] == {"Erstblatt": 1, "Zweitblatt": 0}
    assert [f["coverage"] for f in result["coverage"]["facts"]] == ["one", "one", "one"]


@pytest.mark.parametrize(
    ("text", "speaker_words", "shown"),
    [
        (
            "Nach Angaben der Feuerwehr brannte die Scheune zwei Stunden lang.",
            "Angaben der Feuerwehr",
            "der Feuerwehr",
        ),
        (
            "Nach Angaben aus Ermittlerkreisen wurde der Täter gefasst.",
            "Angaben",
            "aus Ermittlerkreisen",
        ),
        (
            "Nach RUNDSCHAU-Informationen tritt der Landrat zurück.",
            "RUNDSCHAU-Informationen",
            "RUNDSCHAU",
        ),
    ],
)
def test_a_source_noun_is_not_shown_as_the_speaker(text, speaker_words, shown):
    start = text.index(speaker_words)
    content = text[start + len(speaker_words) + 1 : -1]
    speaker = SpeakerMention(start, start + len(speaker_words), speaker_words)
    quote = Quote(text.index(content), len(text) - 1, content, "reported", speaker)
    article = _article("a", "Erstblatt", text, quotes=[quote])
    voice = voices([article], [sentences_of(article, 0)])["outlets"]["Erstblatt"]["speakers"][0]
    assert voice["speaker"] == shown


def test_two_sentences_that_share_only_a_name_are_not_one_fact():
    def analysed(id_: str, outlet: str, text: str) -> Article:
        article = _article(id_, outlet, text)
        linguistic.annotate(article)
        return article

    said = "Anke Brandt Kowalski wies die Vorwürfe der Opposition entschieden zurück."
    articles = [
        analysed("a", "Erstblatt", said),
        analysed(
            "b", "Zweitblatt", "Anke Brandt Kowalski reagierte auf Nachfragen sichtlich verärgert."
        ),
        analysed(
            "c", "Drittblatt", "Die Vorwürfe der Opposition wies Anke Brandt Kowalski zurück."
        ),
    ]
    units = [u for i, a in enumerate(articles) for u in sentences_of(a, i)]
    # a low bar, so that the encoder alone would join all three
    groups = align_facts(articles, units, threshold=0.4).groups
    assert sorted(groups) == [[0, 2], [1]]


def test_a_fact_whose_amount_another_outlet_names_is_not_exclusive():
    articles = [
        _article(
            "a",
            "Erstblatt",
            "Der Stadtrat verlegt den Beginn des Winterfests nach vorn. "
            "Die Wirte im Zentrum hoffen auf rund 35.000 Gäste aus der Region.",
        ),
        _article(
            "b",
            "Zweitblatt",
            "Das Winterfest beginnt in diesem Jahr früher, beschloss der Stadtrat. "
            "Etwa 35.000 Menschen werden zu den Buden am Rathaus erwartet.",
        ),
    ]
    facts = _compare(articles)["coverage"]["facts"]
    guests = [f for f in facts if "35.000" in f["text"]]
    assert guests and not any(f["exclusive"] for f in guests)
