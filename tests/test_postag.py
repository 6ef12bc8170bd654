from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagebild.errors import ResourceError
from lagebild.stages import postag


@pytest.fixture(scope="module")
def model() -> tuple[postag.Tagger, postag.Lemmatiser]:
    return postag.load_model()


def pairs(sentence: str) -> list[str]:
    words = sentence.split()
    return [f"{w}/{lemma}/{tag}" for w, (lemma, tag) in zip(words, postag.tag(words), strict=True)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Die Ministerin sagte , dass der Stadtrat den Haushalt beschließen werde .",
            "Die/der/ART Ministerin/Ministerin/NN sagte/sagen/VVFIN ,/,/$, dass/dass/KOUS "
            "der/der/ART Stadtrat/Stadtrat/NN den/der/ART Haushalt/Haushalt/NN "
            "beschließen/beschließen/VVINF werde/werden/VAFIN ././$.",
        ),
        (
            "Der Bürgermeister hat den neuen Radweg eröffnet .",
            "Der/der/ART Bürgermeister/Bürgermeister/NN hat/haben/VAFIN den/der/ART "
            "neuen/neu/ADJA Radweg/Radweg/NN eröffnet/eröffnen/VVPP ././$.",
        ),
        (
            "Die Kosten sind im vergangenen Jahr deutlich gestiegen .",
            "Die/der/ART Kosten/Kosten/NN sind/sein/VAFIN im/in/APPRART "
            "vergangenen/vergangen/ADJA Jahr/Jahr/NN deutlich/deutlich/ADJD "
            "gestiegen/steigen/VVPP ././$.",
        ),
        (
            "Sie kann nicht kommen , weil sie krank ist .",
            "Sie/sie/PPER kann/können/VMFIN nicht/nicht/PTKNEG kommen/kommen/VVINF ,/,/$, "
            "weil/weil/KOUS sie/sie/PPER krank/krank/ADJD ist/sein/VAFIN ././$.",
        ),
        (
            "Er versucht , die Brücke zu reparieren .",
            "Er/er/PPER versucht/versuchen/VVFIN ,/,/$, die/der/ART Brücke/Brücke/NN "
            "zu/zu/PTKZU reparieren/reparieren/VVINF ././$.",
        ),
        (
            "Die Feuerwehr rückte mit 40 Einsatzkräften aus .",
            "Die/der/ART Feuerwehr/Feuerwehr/NN rückte/rücken/VVFIN mit/mit/APPR 40/40/CARD "
            "Einsatzkräften/Einsatzkraft/NN aus/aus/PTKVZ ././$.",
        ),
    ],
)
def test_tag_gives_hanta_style_lemmas_and_stts_tags(sentence: str, expected: str) -> None:
    assert " ".join(pairs(sentence)) == expected


def test_tag_of_empty_sentence_is_empty() -> None:
    assert postag.tag([]) == []


def test_tags_are_normalised_stts_without_parentheses(model) -> None:
    tagger, _ = model
    assert "VVFIN" in tagger.tags
    # HanTa writes VV(FIN); bench/hanta.py drops the parentheses from the training data, "$(" is
    # the one tag with one
    assert all(t == "$(" or not ({"(", ")"} & set(t)) for t in tagger.tags)


def test_opening_quote_is_tagged_as_punctuation() -> None:
    assert postag.tag(["„", "Ja", "“", ",", "sagte", "sie", "."])[0] == ("„", "$(")


@pytest.mark.parametrize(
    ("word", "tag", "lemma"),
    [
        ("Bundesländer", "NN", "Bundesland"),
        ("ihn", "PPER", "ihn"),
        ("mich", "PRF", "sich"),
        ("Zum", "APPRART", "zu"),
        ("Leipzig", "NE", "Leipzig"),
        ("2025", "CARD", "2025"),
        (";", "$.", ";"),
        ("wurden", "VAFIN", "werden"),
        ("gelesen", "VVPP", "lesen"),
    ],
)
def test_rule_lemma_follows_hanta_conventions(word: str, tag: str, lemma: str) -> None:
    assert postag.rule_lemma(word, tag) == lemma


def test_lemma_table_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "lemmas.tsv"
    path.write_text("# version: 1\nform\ttag\tlemma\nam\tAPPRART\tan\nAm\tAPPRART\tan\n", "utf-8")
    with pytest.raises(ResourceError, match=r"lemmas\.tsv:4: duplicate"):
        postag.read_lemma_table(path)


def test_known_place_names_carry_the_gazetteer_feature() -> None:
    assert "gaz" in postag.word_features("Nordhausen", False)
    assert "gaz" in postag.word_features("Nordhausens", False)
    assert "gaz" not in postag.word_features("Rathaus", False)


def test_shipped_lemma_table_loads() -> None:
    assert postag.closed_class_lemmas()[("dem", "ART")] == "der"


TOY = [
    (["Der", "Hund", "bellt", "."], ["ART", "NN", "VVFIN", "$."]),
    (["Die", "Katze", "schläft", "."], ["ART", "NN", "VVFIN", "$."]),
    (["Ein", "Vogel", "singt", "."], ["ART", "NN", "VVFIN", "$."]),
    (["Der", "Vogel", "schläft", "."], ["ART", "NN", "VVFIN", "$."]),
]


def test_training_learns_a_toy_corpus_deterministically() -> None:
    first = postag.train(TOY, iterations=5, tagdict_min_count=100)
    assert first == postag.train(TOY, iterations=5, tagdict_min_count=100)
    tags, weights, tagdict = first
    tagger = postag.Tagger.from_weights(tags, weights, tagdict)
    assert tagger.tag(["Die", "Hund", "singt", "."]) == TOY[0][1]


def test_saved_model_loads_back(tmp_path: Path) -> None:
    tags, weights, tagdict = postag.train(TOY, iterations=3)
    path = tmp_path / "model.bin.gz"
    postag.save_model(path, tags, weights, tagdict, {"Vogel\tNN": "Vögelchen"})
    tagger, lemmatiser = postag.load_model(path)
    assert tagger.tag(["Ein", "Vogel", "singt", "."]) == TOY[2][1]
    assert lemmatiser.lemma("Vogel", "NN") == "Vögelchen"


def test_unreadable_model_raises_resource_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.bin.gz"
    path.write_bytes(b"not gzip")
    with pytest.raises(ResourceError, match="broken.bin.gz"):
        postag.load_model(path)


def test_truncated_model_raises_resource_error(tmp_path: Path) -> None:
    tags, weights, tagdict = postag.train(TOY, iterations=3)
    path = tmp_path / "model.bin.gz"
    postag.save_model(path, tags, weights, tagdict, {})
    whole = gzip.decompress(path.read_bytes())
    path.write_bytes(gzip.compress(whole[:-3]))
    with pytest.raises(ResourceError, match="model.bin.gz: cannot read POS model"):
        postag.load_model(path)


def test_saving_a_model_twice_gives_identical_bytes(tmp_path: Path) -> None:
    tags, weights, tagdict = postag.train(TOY, iterations=3)
    first, second = tmp_path / "first.bin.gz", tmp_path / "second.bin.gz"
    for path in (first, second):
        postag.save_model(path, tags, weights, tagdict, {"Vogel\tNN": "Vogel"})
    assert first.read_bytes() == second.read_bytes()


def test_loads_and_tags_a_corpus_sized_batch(model) -> None:
    # Usability, not a timing assertion: 30,000 tokens of varied sentences go through in one go.
    words = "Die Stadt Nordhausen plant im Jahr 2031 einen neuen Bahnhof für 12 Millionen Euro ."
    sentences = [[f"{w}{n % 97}" if w.istitle() else w for w in words.split()] for n in range(2000)]
    tagged = [postag.tag(s) for s in sentences]
    assert sum(len(t) for t in tagged) == sum(len(s) for s in sentences)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), max_size=12))
def test_tag_never_crashes_and_gives_one_pair_per_word(words: list[str]) -> None:
    tagged = postag.tag(words)
    assert len(tagged) == len(words)
    assert all(isinstance(lemma, str) and tag for lemma, tag in tagged)


def test_a_names_genitive_s_is_dropped_where_its_ending_says_so() -> None:
    endings = frozenset({"els", "ers"})
    assert postag.rule_lemma("Wendels", "NE", endings) == "Wendel"
    assert postag.rule_lemma("Gärtners", "NE", endings) == "Gärtner"
    assert postag.rule_lemma("Paris", "NE", endings) == "Paris"
    assert postag.rule_lemma("Els", "NE", endings) == "Els"  # too short to be a genitive


def test_shipped_model_knows_name_genitive_endings(model) -> None:
    _, lemmatiser = model
    assert "ens" in lemmatiser.genitive_endings
    assert lemmatiser.lemma("Brandenbergens", "NE") == "Brandenbergen"


def _tag_of(word: str, sentence: str) -> str:
    words = sentence.split()
    return dict(zip(words, (t for _, t in postag.tag(words)), strict=True))[word]


@pytest.mark.parametrize(
    ("sentence", "word", "tag"),
    [
        (
            "Vorher hatte sie gezögert , nun erläuterte Trump im Radio :",
            "erläuterte",
            "VVFIN",
        ),
        ("Die sehr bekannte Marlene Dietrich sang .", "bekannte", "ADJA"),
        ("Der geplante Umbau beginnt im Mai .", "geplante", "ADJA"),
    ],
)
def test_a_preterite_read_as_an_adjective_before_a_name_without_determiner_is_the_verb(
    sentence: str, word: str, tag: str
) -> None:
    assert _tag_of(word, sentence) == tag


@pytest.mark.parametrize(
    ("sentence", "word", "tag"),
    [
        (
            "Die Gewerkschaft hatte noch vor der Wahl in Kiel mehr Lohn verlangt , danach schwieg"
            " sie .",
            "verlangt",
            "VVPP",
        ),
        (
            "Die Ärztin hatte auf der Fahrt nach Bonn vor Kollegen eine Pause verlangt , dann fuhr"
            " sie weiter .",
            "verlangt",
            "VVPP",
        ),
        # a conjunction opens a clause of its own, with a finite verb of its own
        ("Sie hat gekocht und er spült .", "spült", "VVFIN"),
    ],
)
def test_a_second_finite_verb_at_the_end_of_a_clause_after_its_auxiliary_is_the_participle(
    sentence: str, word: str, tag: str
) -> None:
    assert _tag_of(word, sentence) == tag
