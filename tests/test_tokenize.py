from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagebild.errors import ResourceError
from lagebild.resources import data_path
from lagebild.stages import tokenize
from lagebild.stages.tokenize import read_lexicon, split


def tokens(text: str) -> list[str]:
    return [text[s:e] for sentence in split(text)[1] for s, e in sentence]


def sentences(text: str) -> list[str]:
    return [sentence.text for sentence in split(text)[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Anke Vogt kam.", "Dr. | Anke | Vogt | kam | ."),
        ("Das gilt z. B. für Nr. 7 bzw. ca. 40 Fälle.", "Das | gilt | z. | B. | für | Nr. | 7"),
        ("Das gilt z.B. und u.a. für alle.", "Das | gilt | z. | B. | und | u. | a. | für"),
        ("Es kostet 5 Mio. oder 2 Mrd. Euro.", "Es | kostet | 5 | Mio. | oder | 2 | Mrd. | Euro"),
        ("Im Feb. und Okt. tagte Prof. Lenz.", "Im | Feb. | und | Okt. | tagte | Prof. | Lenz"),
        ("Er fuhr nach St. Gallen.", "Er | fuhr | nach | St. | Gallen | ."),
        ("Am 15. August begann es.", "Am | 15. | August | begann"),
        (
            "Am 15.8.2025 und am 03.10.25 war es.",
            "Am | 15. | 8. | 2025 | und | am | 03. | 10. | 25",
        ),
        ("Es kamen 3.900 Leute.", "Es | kamen | 3.900 | Leute"),
        ("Das Brot kostet 9,99 Euro.", "Das | Brot | kostet | 9,99 | Euro"),
        ("Sie zahlte 15.000€ dafür.", "Sie | zahlte | 15.000 | € | dafür"),
        ("Ein 1,5-prozentiger Zuwachs.", "Ein | 1,5-prozentiger | Zuwachs"),
        ("Um 08:25 Uhr ging es los.", "Um | 08:25 | Uhr | ging"),
        ("Der Anteil stieg auf 12% oder 13 %.", "auf | 12 | % | oder | 13 | %"),
        ("Sie lief 5km in 20 min.", "Sie | lief | 5 | km | in | 20 | min | ."),
        ("Die Jahre 1999-2005 waren ruhig.", "Die | Jahre | 1999 | - | 2005 | waren"),
        ("Der US-Präsident sprach.", "Der | US-Präsident | sprach"),
        ("Staats- und Regierungschefs tagten.", "Staats- | und | Regierungschefs | tagten"),
        ("Ein 28-Punkte-Plan liegt vor.", "Ein | 28-Punkte-Plan | liegt | vor"),
        ("So geht's nicht, sagte Ivanow's Sprecher.", "So | geht's | nicht | , | sagte | Ivanow's"),
        ("Sie rief: „Wir bleiben!“", "Sie | rief | : | „ | Wir | bleiben | ! | “"),
        ('Er schrieb *"Nie wieder"* an alle.', 'Er | schrieb | * | " | Nie | wieder | " | *'),
        ("Sie las »Die Flut« und ‚Ebbe‘.", "Sie | las | » | Die | Flut | « | und | ‚ | Ebbe | ‘"),
        ("Er sagte 'kein Kommentar' und ging.", "Er | sagte | ' | kein | Kommentar | ' | und"),
        ("Der Plan – so heißt es — steht.", "Der | Plan | – | so | heißt | es | — | steht"),
        ("Und dann... nichts…", "Und | dann | ... | nichts | …"),
        ("Die Partei (gegründet 1990) wuchs.", "Die | Partei | ( | gegründet | 1990 | ) | wuchs"),
        ("Mehr unter https://example.org/a?b=1.", "unter | https://example.org/a?b=1 | ."),
        ("Schreiben Sie an leser@example.de bitte.", "an | leser@example.de | bitte"),
        ("Unter #Hochwasser schrieb @wetterdienst viel.", "Unter | #Hochwasser | schrieb"),
        ("Schön 😀 und 👍🏽 gut :-) oder?", "Schön | 😀 | und | 👍🏽 | gut | :-) | oder | ?"),
        ("Benedikt XVI. reiste ab.", "Benedikt | XVI. | reiste | ab"),
        ("Das war im Jahr 2024.", "Das | war | im | Jahr | 2024 | ."),
    ],
)
def test_tokens_of_german_news(text: str, expected: str) -> None:
    # expected is a run of consecutive tokens somewhere in the text
    assert f" | {expected} | " in f" | {' | '.join(tokens(text))} | "


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er kam. Sie ging.", ["Er kam.", "Sie ging."]),
        ("Kommt er? Ja! Gut.", ["Kommt er?", "Ja!", "Gut."]),
        ("Sie sagte: „Wir gehen.“ Dann ging sie.", ["Sie sagte: „Wir gehen.“", "Dann ging sie."]),
        ("Das stimmt (wie immer.) Weiter geht es.", ["Das stimmt (wie immer.)", "Weiter geht es."]),
        ("Er wartete… Dann kam sie.", ["Er wartete…", "Dann kam sie."]),
        ("Er zählte bis 3. 4 Leute kamen.", ["Er zählte bis 3. 4 Leute kamen."]),
        ("Dr. Lenz kam am 3. Mai nach Kiel.", ["Dr. Lenz kam am 3. Mai nach Kiel."]),
        (
            "Sie kaufte Brot, Milch usw. Dann ging sie.",
            ["Sie kaufte Brot, Milch usw.", "Dann ging sie."],
        ),
        ("Das Ziel: Ein neuer Plan.", ["Das Ziel: Ein neuer Plan."]),
        ("Es endet. und geht weiter.", ["Es endet. und geht weiter."]),
        ("Er nannte es 2012/13. Dann ging er.", ["Er nannte es 2012/13.", "Dann ging er."]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_sentences_never_cross_a_line_and_paragraphs_count_non_empty_lines() -> None:
    text = "Titel ohne Punkt\n\n  \nErster Satz. Zweiter Satz.\nLetzte Zeile"
    found = split(text)[0]
    assert [s.text for s in found] == [
        "Titel ohne Punkt",
        "Erster Satz.",
        "Zweiter Satz.",
        "Letzte Zeile",
    ]
    assert [s.paragraph for s in found] == [0, 1, 1, 2]


def test_empty_and_blank_text_has_no_sentences() -> None:
    assert split("") == ([], [])
    assert split(" \n\t\n") == ([], [])


def test_abbreviations_file_is_valid_and_knows_common_forms() -> None:
    lexicon = read_lexicon(data_path(tokenize.ABBREVIATIONS_FILE))
    assert {"dr.", "bzw.", "mio.", "okt."} <= lexicon.abbreviations
    assert "usw." in lexicon.sentence_final
    assert "km" in lexicon.units


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Dr\tabbreviation", "letters ending in a dot"),
        ("Dr.\tabkürzung", "kind must be one of"),
        ("Dr.", "expected 2 tab-separated columns"),
    ],
)
def test_bad_abbreviations_file_names_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "abbreviations.tsv"
    path.write_text(
        f"# a test file\n# version: 1\nform\tkind\nNr.\tabbreviation\n{row}\n", encoding="utf-8"
    )
    with pytest.raises(ResourceError, match=rf"abbreviations\.tsv:5: .*{message}"):
        read_lexicon(path)


# Pieces of German news text that stress the tokenizer, joined at random with arbitrary text.
# fmt: off
PIECES = [
    "Dr.", "z.", "B.", "3.", "15.8.2025", "2025-08-15", "9,99", "€", "„", "“", '"', "'", "«",
    "(", ")", "...", "…", "!", "?", ":", "-", "–", "US-Präsident", "geht's", "5km", "@a", "#b",
    "😀", "\u200b", "\u00ad", "Satz", "und", "Ende.", "1,5-fach", ":-)", "\n", " ", "  ", "\t",
]
# fmt: on


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=30).map("".join))
def test_offsets_always_index_the_text(text: str) -> None:
    found, token_spans = split(text)
    assert len(found) == len(token_spans)
    previous_end = 0
    for sentence, spans in zip(found, token_spans, strict=True):
        assert spans, "a sentence has tokens"
        assert text[sentence.start : sentence.end] == sentence.text
        assert "\n" not in sentence.text
        assert (sentence.start, sentence.end) == (spans[0][0], spans[-1][1])
        for start, end in spans:
            assert previous_end <= start < end
            assert text[start:end].strip() == text[start:end]
            previous_end = end


@pytest.mark.shared
def test_agrees_with_somajo_on_news_texts(shared_dir: Path) -> None:
    """Token and sentence spans agree with SoMaJo, on which the NER and quote models train."""
    from lagebild.stages import somajo_reference

    corpus = shared_dir / "eval" / "quotes-de" / "train.jsonl"
    with corpus.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines][600:]
    agree = ours = reference = sentence_agree = sentence_ours = sentence_reference = 0
    for text in texts:
        ref_sentences, ref_tokens = somajo_reference.split(text)
        our_sentences, our_tokens = split(text)
        ref = {span for sentence in ref_tokens for span in sentence}
        own = {span for sentence in our_tokens for span in sentence}
        agree, ours, reference = agree + len(ref & own), ours + len(own), reference + len(ref)
        ref_s = {(s.start, s.end) for s in ref_sentences}
        own_s = {(s.start, s.end) for s in our_sentences}
        sentence_agree += len(ref_s & own_s)
        sentence_ours, sentence_reference = (
            sentence_ours + len(own_s),
            sentence_reference + len(ref_s),
        )
    assert 2 * agree / (ours + reference) >= 0.995
    assert 2 * sentence_agree / (sentence_ours + sentence_reference) >= 0.99
