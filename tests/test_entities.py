"""The entities stage: CRF named entities, role phrases, seats of power, data files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lagebild.errors import ResourceError
from lagebild.model import Article
from lagebild.resources import read_rows
from lagebild.stages import build_pipeline, entities, linguistic
from lagebild.stages.entities import consistency as entity_consistency
from lagebild.stages.entities import extra as entity_extra
from lagebild.stages.entities import features as entity_features
from lagebild.stages.entities import resources as entity_resources
from lagebild.stages.entities import spans as entity_spans
from lagebild.stages.entities import tagging as entity_tagging


def analysed(text: str) -> Article:
    article = Article("t", "test", text)
    linguistic.annotate(article)
    entities.annotate(article)
    return article


def found(article: Article, source: str = "ner") -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in article.entities if m.source == source}


@pytest.fixture(scope="module", autouse=True)
def warm_models() -> None:
    analysed("Ein Satz zum Laden der Modelle.")


def test_entities_stage_is_registered_after_linguistic() -> None:
    names = [s.name for s in build_pipeline(("linguistic", "entities"))]
    assert names == ["linguistic", "entities"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gestern besuchte Angela Merkel die Stadt Hamburg.", {("Angela Merkel", "PER")}),
        ("Die Bundeswehr übt seit Montag in Litauen.", {("Litauen", "LOC")}),
        ("Olaf Scholz sprach in Berlin mit Journalisten.", {("Olaf Scholz", "PER")}),
        ("Die russische Armee rückte weiter vor.", {("russische", "LOCderiv")}),
    ],
)
def test_tagger_finds_names_in_our_sentences(text: str, expected: set) -> None:
    assert expected <= found(analysed(text))


def test_plain_sentence_without_names_has_no_entities() -> None:
    assert found(analysed("Am Abend regnete es in der ganzen Gegend sehr stark.")) == set()


def test_role_before_name_becomes_role_mention() -> None:
    article = analysed("Kremlsprecher Dmitri Peskow wies das zurück.")
    assert ("Kremlsprecher", "PER") in found(article, "role")


def test_role_apposition_after_comma_takes_its_complement() -> None:
    article = analysed("Das sagte Jana Weber, Leiterin der Abteilung für Statistik, am Montag.")
    assert ("Leiterin der Abteilung für Statistik", "PER") in found(article, "role")


def test_role_with_nationality_adjective_is_one_phrase() -> None:
    article = analysed("Der russische Chefdiplomat reiste nach Genf.")
    assert ("russische Chefdiplomat", "PER") in found(article, "role")


def test_pronoun_er_is_offered_to_the_resolution() -> None:
    article = analysed("Der Minister kam spät. Er entschuldigte sich.")
    assert ("Er", "PER") in found(article, "pronoun")


def test_seat_of_power_is_found_even_in_genitive() -> None:
    article = analysed("Die Haltung des Kremls bleibt unklar, hieß es im Weißen Haus.")
    texts = {m.text for m in article.entities if m.label in ("ORG", "LOC")}
    assert {"Kremls", "Weißen Haus"} <= texts
    assert all(m.entity is None and m.source for m in article.entities)


def test_mentions_keep_the_offset_invariant() -> None:
    article = analysed(
        "US-Präsident Donald Trump traf Wladimir Putin in Anchorage.\n"
        "Der ukrainische Präsident Wolodymyr Selenskyj war nicht dabei."
    )
    assert article.entities
    for m in article.entities:
        assert article.text[m.start : m.end] == m.text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="abcXYZ äöüß-,.„“\n0123", max_size=80))
def test_annotate_never_crashes_and_keeps_offsets(text: str) -> None:
    article = analysed(text)
    for m in article.entities:
        assert article.text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["O", "I-ORG", "I-ORG"], [(1, 3, "ORG")]),
        (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
        (["B-LOC", "I-PER"], [(0, 1, "LOC"), (1, 2, "PER")]),
    ],
)
def test_iob_spans_reads_stray_inside_tags_as_new_spans(tags: list, spans: list) -> None:
    assert entities.iob_spans(tags) == spans


@pytest.mark.parametrize(
    ("word", "expected"), [("Putin-Regierung", "Xx-Xx"), ("G7", "Xd"), ("USA", "X")]
)
def test_shape_collapses_character_classes(word: str, expected: str) -> None:
    assert entity_features.shape(word) == expected


def test_lexicon_knows_german_place_names_and_demonyms() -> None:
    lex = entities.lexicon()
    assert {"Saporischschja", "Donezk", "Moskau", "Anchorage"} <= set(lex.places)
    assert lex.demonym("russische") == "Russland"
    assert lex.demonym("US-amerikanischen") == "Vereinigte Staaten"
    assert lex.demonym("Russland") is None


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("Außenministers", "Außenminister"),
        ("Politologen", "Politologe"),
        ("Kreml-Sprecher", "Kreml-Sprecher"),
        ("US-Sondergesandten", "US-Sondergesandte"),
    ],
)
def test_role_nouns_are_recognised_inflected_and_in_compounds(word: str, base: str) -> None:
    assert entities.lexicon().role_base(word) == base


def test_every_role_example_contains_its_role() -> None:
    lex = entities.lexicon()
    for _, (role, same_as, _aff, example) in read_rows(entities.DATA / "roles.tsv", 4):
        assert any(lex.role(word) for word in example.split()), example
        assert not same_as or same_as in lex.roles or lex.role(same_as), role


def test_malformed_data_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "roles.tsv"
    bad.write_text("# version: 1\nsprecher\t\t\tder Sprecher\nkaputt\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"roles\.tsv:3"):
        read_rows(bad, 4)


@pytest.mark.parametrize(
    ("word", "derived"), [("Fürther", True), ("Iraner", True), ("Lehrer", False)]
)
def test_inhabitant_nouns_of_known_places_are_marked(word: str, derived: bool) -> None:
    assert ("place_er" in entity_features._word_features(word)) is derived


@pytest.mark.parametrize(
    ("word", "features"),
    [
        ("Kowalski", {"name_family"}),
        ("Kowalskis", {"name_family"}),  # genitive
        ("Demir", {"name_family"}),
        ("Aylin", {"name_given"}),
        ("Brücke", set()),
    ],
)
def test_family_and_given_names_of_many_countries_are_marked(word: str, features: set) -> None:
    assert {f for f in entity_features._word_features(word) if f.startswith("name_")} == features


def test_an_unknown_name_locale_names_file_and_line(tmp_path: Path) -> None:
    locales = tmp_path / "name_locales.tsv"
    locales.write_text("# version: 1\nde_DE\nxx_NOWHERE\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"name_locales\.tsv:3: Faker has no person names"):
        entity_resources._faker_names(locales)


@pytest.mark.parametrize(
    ("words", "tags", "label", "kept"),
    [
        ("der Pakt von Lindau", "ART NN APPR NE", "OTH", "Pakt von Lindau"),
        ("Von Lindau", "NE NE", "OTH", "Lindau"),
        ("Pakt von Lindau “ in", "NN APPR NE $( APPR", "OTH", "Pakt von Lindau"),
        ("Von der Heide", "NE ART NE", "PER", "Von der Heide"),
        ("Von Kessland", "APPR NE", "ORG", "Kessland"),
    ],
)
def test_mention_spans_drop_leading_function_words_and_stop_at_a_quotation_mark(
    words: str, tags: str, label: str, kept: str
) -> None:
    assert _names_in(words, tags, label) == [(kept, label)]


def _names_in(words: str, tags: str, label: str) -> list[tuple[str, str]]:
    """The names ``name_spans`` keeps of one tagged span (tokens with the given POS tags)."""
    from lagebild.model import Token

    pairs = list(zip(words.split(), tags.split(), strict=True))
    tokens = [Token(0, 0, word, tag, word, 0) for word, tag in pairs]
    found = entity_spans.name_spans(tokens, 0, len(tokens), label)
    return [(" ".join(w for w, _ in pairs[a:b]), kind) for a, b, kind in found]


@pytest.mark.parametrize(
    ("words", "tags", "label", "names"),
    [
        ("Beisein Selenskijs", "NN NE", "LOC", [("Selenskijs", "LOC")]),
        ("Deponie Hollerbach", "NN NE", "LOC", [("Hollerbach", "LOC")]),
        ("Universität Hollerbach", "NN NE", "ORG", [("Universität Hollerbach", "ORG")]),
        ("Wagen brannte", "NN VVFIN", "ORG", []),
        ("Sunniten , Kurden", "NE $, NE", "LOC", [("Sunniten", "LOC"), ("Kurden", "LOC")]),
        ("russischen Armee", "ADJA NN", "ORG", [("russischen", "LOCderiv")]),
        ("beiden Fahrtrichtungen", "PIAT NN", "LOC", []),
        ("Friedensverhandlungen", "NN", "LOC", []),
        ("Bundeswehr", "NN", "ORG", [("Bundeswehr", "ORG")]),
        ("Geist von Lindau", "NN APPR NE", "OTH", [("Geist von Lindau", "OTH")]),
        ("Hollerbach Platz", "NE NN", "LOC", [("Hollerbach", "LOC")]),
        ("Regiments und der Division", "NN KON ART NN", "OTH", []),
        ("Herren 12 Starter", "NN CARD NN", "ORG", []),
        ("Lyon ( Frankreich )", "NE $( NE $(", "LOC", [("Lyon", "LOC"), ("Frankreich", "LOC")]),
        ("Gebietsgewinne Moskaus", "ADJA NE", "LOC", [("Moskaus", "LOC")]),
        ("Vereinigten Staaten", "ADJA NE", "LOC", [("Vereinigten Staaten", "LOC")]),
        (
            "Lena Hollerbach Frankreich",
            "NE NE NE",
            "LOC",
            [("Lena Hollerbach", "PER"), ("Frankreich", "LOC")],
        ),
        ("Hans Georg Ukraine", "NE NE NE", "PER", [("Hans Georg", "PER"), ("Ukraine", "LOC")]),
        # a place that is also a family name may close a person's name ("Jack London")
        ("Hans Georg Berlin", "NE NE NE", "PER", [("Hans Georg Berlin", "PER")]),
        ("Stiftung Nordhafen Berlin", "NN NE NE", "ORG", [("Stiftung Nordhafen Berlin", "ORG")]),
        ("Moskau Souvenir-Läden", "NE NN", "LOC", [("Moskau", "LOC")]),
        ("Finnische", "ADJA", "LOC", [("Finnische", "LOCderiv")]),
    ],
)
def test_only_noun_phrase_heads_that_name_something_are_mentions(
    words: str, tags: str, label: str, names: list
) -> None:
    assert _names_in(words, tags, label) == names


@pytest.mark.parametrize(
    ("text", "label", "person"),
    [
        ("Stiftung Nordhafen Dirk Mahler", "ORG", "Dirk Mahler"),
        ("Fonds Kirill Petrow", "ORG", "Kirill Petrow"),
        ("Robert Bosch GmbH", "ORG", None),  # the name does not close the mention
        ("Stiftung Nordhafen Dirk Mahler", "PER", None),
    ],
)
def test_a_person_name_closing_an_organisation_mention_is_split_off(
    text: str, label: str, person: str | None
) -> None:
    article = Article(id="t", source="t", text=text)
    linguistic.annotate(article)
    tokens = article.tokens
    split = entity_tagging._person_at_end(tokens, 0, len(tokens), label)
    found = text[tokens[split].start :] if split is not None else None
    assert found == person


def _article_with(text: str, tagged: list[tuple[str, str]]) -> tuple[Article, list]:
    """An analysed article and the mentions a tagger would have found (first occurrences)."""
    from lagebild.model import EntityMention

    article = Article(id="t", source="t", text=text)
    linguistic.annotate(article)
    mentions = []
    for name, label in tagged:
        start = text.index(name)
        mentions.append(EntityMention(start, start + len(name), name, label, source="ner"))
    return article, mentions


def test_a_recognised_name_is_a_mention_wherever_it_recurs_in_the_article() -> None:
    text = (
        "Brunnhuber trifft Okafor\n"
        "Die Bürgermeisterin Greta Brunnhuber empfing am Montag Delegierte aus Tessin. "
        "Später sprach Brunnhuber über Okafor. Brunnhubers Plan gilt als mutig."
    )
    article, tagged = _article_with(text, [("Greta Brunnhuber", "PER"), ("Okafor", "PER")])
    found = entity_consistency.document_mentions(article, tagged)
    assert [(m.text, m.label, m.source) for m in found] == [
        ("Brunnhuber", "PER", "document"),
        ("Brunnhuber", "PER", "document"),
        ("Okafor", "PER", "document"),
        ("Brunnhubers", "PER", "document"),
    ]


def test_a_surname_after_an_article_is_the_common_noun_it_also_is() -> None:
    text = "Trainer Jonas Koch lobte das Team. Der Koch des Hotels kochte Nudeln."
    article, tagged = _article_with(text, [("Jonas Koch", "PER")])
    assert entity_consistency.document_mentions(article, tagged) == []


def test_a_known_outlet_the_tagger_cut_short_is_taken_whole() -> None:
    text = "Das sagte er dem Sender Fox News am Abend."
    article, tagged = _article_with(text, [("Fox", "PER")])
    added, replaced = entity_extra.known_name_mentions(article, tagged)
    assert [(m.text, m.label, m.source) for m in added] == [("Fox News", "ORG", "gazetteer")]
    assert replaced == tagged


def test_a_one_word_organisation_name_that_is_a_common_word_is_not_taken() -> None:
    article, _ = _article_with("Die Welt schaut auf die Bahn und die Union.", [])
    assert entity_extra.known_name_mentions(article, []) == ([], [])


def test_a_listed_organisation_that_is_never_a_common_word_is_taken_alone() -> None:
    article, _ = _article_with("Seit dem Abzug regieren die Taliban das Land.", [])
    added, _ = entity_extra.known_name_mentions(article, [])
    assert [(m.text, m.label, m.source) for m in added] == [("Taliban", "ORG", "gazetteer")]


def test_the_articles_own_outlet_is_a_mention_also_as_its_lowercase_agency_code() -> None:
    article, _ = _article_with("Lindau (kpa) - Der Hafen schließt, sagte er dem Seeblatt.", [])
    article.outlet = "KPA"
    added, _ = entity_extra.known_name_mentions(article, [])
    assert [(m.text, m.label) for m in added] == [("kpa", "ORG")]


def test_name_words_are_the_capitalised_words_outside_the_mentions_and_their_next_word() -> None:
    text = "Die Grünen loben Ortrud Pelzer. Pelzers Antrag scheitert."
    article, tagged = _article_with(text, [("Ortrud Pelzer", "PER")])
    words = entity_consistency.name_words(article, tagged)
    assert {"Die", "Die Grünen", "Grünen", "Pelzers", "Pelzer", "Pelzers Antrag"} <= words
    assert not {"Ortrud", "Pelzer", "Ortrud Pelzer", "loben", "Antrag scheitert"} <= words
    assert not {"Ortrud", "Ortrud Pelzer", "loben", "Pelzer .", "Pelzers ."} & words


def test_an_article_without_a_key_of_the_corpus_names_gets_none_of_them() -> None:
    text = "Die Grünen loben Ortrud Pelzer. Am Abend widersprach Pelzer den Grünen."
    article, tagged = _article_with(text, [("Ortrud Pelzer", "PER")])
    words = entity_consistency.name_words(article, tagged)
    names = {("Pelzer",): "PER", ("Die", "Linke"): "ORG", ("Ortrud", "Pelzer"): "PER"}
    keys = entity_consistency.name_keys(names)
    assert keys == {"Pelzer", "Die Linke", "Ortrud Pelzer"}
    assert words & keys == {"Pelzer"}  # the second Pelzer: the first is inside a mention
    found = entity_consistency.document_mentions(article, tagged, names, "corpus")
    assert [(m.text, m.start) for m in found] == [("Pelzer", text.rindex("Pelzer"))]
    del names[("Pelzer",)]
    assert words.isdisjoint(entity_consistency.name_keys(names))
    assert entity_consistency.document_mentions(article, tagged, names, "corpus") == []
