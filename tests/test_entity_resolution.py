"""Resolution of entity mentions across articles: variants, partial names, roles, metonymy.

Mentions are placed by hand (not by the tagger) so that each test is about resolution alone.
"""

from __future__ import annotations

import re

import pytest

from lagebild.corpus import entities as resolution
from lagebild.corpus.entities import names
from lagebild.model import Article, Entity, EntityMention
from lagebild.resources import read_rows
from lagebild.stages import entities as stage
from lagebild.stages import linguistic


def article(
    text: str,
    names: list[tuple[str, str]],
    *,
    roles: tuple[str, ...] = (),
    pronouns: bool = False,
    ident: str = "a",
    outlet: str = "Blatt",
    published: str = "2025-08-16",
) -> Article:
    """An article with hand-placed mentions: (text, label) pairs in order of appearance."""
    art = Article(ident, ident, text, published=published, outlet=outlet)
    linguistic.annotate(art)
    mentions = []
    position = 0
    for name, label in names:
        start = text.index(name, position)
        mentions.append(EntityMention(start, start + len(name), name, label, source="ner"))
        position = start + len(name)
    for phrase in roles:
        start = text.index(phrase)
        mentions.append(EntityMention(start, start + len(phrase), phrase, "PER", source="role"))
    if pronouns:
        mentions += [
            EntityMention(t.start, t.end, t.text, "PER", source="pronoun")
            for t in art.tokens
            if t.text in ("er", "Er")
        ]
    art.entities = sorted(mentions, key=lambda m: m.start)
    return art


def entity_of(art: Article, text: str, source: str | None = None) -> str | None:
    for m in art.entities:
        if m.text == text and (source is None or m.source == source):
            return m.entity
    raise AssertionError(f"no mention {text!r}")


def by_name(found: list[Entity], name: str) -> Entity:
    return next(e for e in found if e.name == name)


@pytest.mark.parametrize(
    "variants",
    [
        ("Selenskyj", "Selenskij", "Zelensky", "Zelenskyy"),
        ("Lawrow", "Lavrov"),
        ("Peskow", "Peskov"),
        ("Wolodymyr", "Wolodimir", "Volodymyr"),
        ("Schoigu", "Shoigu"),
    ],
)
def test_transliteration_variants_share_a_key(variants: tuple[str, ...]) -> None:
    assert len({names.name_key(v) for v in variants}) == 1


@pytest.mark.parametrize(("a", "b"), [("Putin", "Peskow"), ("Merz", "Marz"), ("Lawrow", "Lara")])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert names.name_key(a) != names.name_key(b)


def test_transliteration_file_examples_hold() -> None:
    rows = read_rows(stage.DATA / "transliteration.tsv", 3)
    for _, (_pattern, _replacement, example) in rows:
        name, key = (part.strip() for part in example.split("->"))
        assert names.name_key(name) == key, example


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (["Dmitri"], ["Dimitri"], True),
        (["Wolodymyr"], ["Wolodimir"], True),
        (["D."], ["Dmitri"], True),
        (["Anna"], ["Peter"], False),
        (["Jan"], ["Jon"], False),
    ],
)
def test_given_names_agree_on_variants_and_initials(a: list, b: list, agree: bool) -> None:
    assert names.given_names_agree(a, b) is agree


def test_inflected_and_partial_names_join_the_full_name_across_articles() -> None:
    first = article(
        "Wladimir Putin traf sich mit Donald Trump. Putins Sprecher schwieg.",
        [("Wladimir Putin", "PER"), ("Donald Trump", "PER"), ("Putins", "PER")],
    )
    second = article(
        "Trump lobte Putin.", [("Trump", "PER"), ("Putin", "PER")], ident="b", outlet="Zeitung"
    )
    found = resolution.resolve([first, second])
    putin = by_name(found, "Wladimir Putin")
    assert entity_of(first, "Putins") == entity_of(second, "Putin") == putin.id
    assert entity_of(second, "Trump") == by_name(found, "Donald Trump").id
    assert putin.mentions == 3
    assert putin.mentions_per_outlet == {"Blatt": 2, "Zeitung": 1}
    assert set(putin.variants) == {"Wladimir Putin", "Putins", "Putin"}


def test_derived_words_and_compounds_are_forms_not_spellings_of_a_place() -> None:
    found = resolution.resolve(
        [
            article(
                "Die Ukraine und der ukrainische Präsident reagierten auf den Ukraine-Krieg.",
                [("Ukraine", "LOC"), ("ukrainische", "LOCderiv"), ("Ukraine-Krieg", "LOCpart")],
            )
        ]
    )
    ukraine = by_name(found, "Ukraine")
    assert ukraine.variants == ["Ukraine"]
    assert set(ukraine.forms) == {"ukrainische", "Ukraine-Krieg"}
    assert ukraine.mentions == 3


def test_spelling_variants_of_one_person_merge() -> None:
    first = article(
        "Dmitri Peskow und Wolodymyr Selenskyj äußerten sich.",
        [("Dmitri Peskow", "PER"), ("Wolodymyr Selenskyj", "PER")],
    )
    second = article(
        "Dimitri Peskov widersprach Zelensky.",
        [("Dimitri Peskov", "PER"), ("Zelensky", "PER")],
        ident="b",
    )
    found = resolution.resolve([first, second])
    assert len([e for e in found if e.label == "PER"]) == 2
    assert entity_of(first, "Dmitri Peskow") == entity_of(second, "Dimitri Peskov")
    assert entity_of(first, "Wolodymyr Selenskyj") == entity_of(second, "Zelensky")


def test_people_sharing_a_surname_are_not_merged_without_evidence() -> None:
    first = article(
        "Anna Schmidt und Peter Schmidt kandidieren.",
        [("Anna Schmidt", "PER"), ("Peter Schmidt", "PER")],
    )
    second = article("Schmidt gewann knapp.", [("Schmidt", "PER")], ident="b")
    found = resolution.resolve([first, second])
    ids = {entity_of(first, "Anna Schmidt"), entity_of(first, "Peter Schmidt")}
    assert len(ids) == 2
    assert entity_of(second, "Schmidt") not in ids
    assert len([e for e in found if e.label == "PER"]) == 3


def test_bare_surname_prefers_the_full_name_in_its_own_article() -> None:
    first = article(
        "Anna Schmidt sprach. Schmidt blieb ruhig.", [("Anna Schmidt", "PER"), ("Schmidt", "PER")]
    )
    second = article("Peter Schmidt schwieg.", [("Peter Schmidt", "PER")], ident="b")
    resolution.resolve([first, second])
    assert entity_of(first, "Schmidt") == entity_of(first, "Anna Schmidt")


def test_roles_are_attached_with_article_date_and_affiliation() -> None:
    art = article(
        "Der russische Außenminister Sergej Lawrow reiste ab. Kremlsprecher Dmitri Peskow "
        "schwieg. Das sagte Kirill Dmitrijew, Leiter des Investitionsfonds, am Abend.",
        [("Sergej Lawrow", "PER"), ("Dmitri Peskow", "PER"), ("Kirill Dmitrijew", "PER")],
        roles=("russische Außenminister", "Kremlsprecher", "Leiter des Investitionsfonds"),
    )
    found = resolution.resolve([art])
    lawrow = by_name(found, "Sergej Lawrow")
    assert lawrow.roles == [{"role": "Außenminister", "article": "a", "date": "2025-08-16"}]
    assert lawrow.affiliation == "Russland"
    peskow = by_name(found, "Dmitri Peskow")
    assert [r["role"] for r in peskow.roles] == ["Kremlsprecher"]
    assert peskow.affiliation == "Russland"  # from the role lexicon
    assert [r["role"] for r in by_name(found, "Kirill Dmitrijew").roles] == [
        "Leiter des Investitionsfonds"
    ]
    assert entity_of(art, "Kremlsprecher", "role") == peskow.id


def test_lone_role_mention_resolves_to_the_holder_of_that_role() -> None:
    art = article(
        "Der russische Außenminister Sergej Lawrow kam an. Der russische Chefdiplomat lobte "
        "die Gespräche.",
        [("Sergej Lawrow", "PER")],
        roles=("russische Außenminister", "russische Chefdiplomat"),
    )
    found = resolution.resolve([art])
    lawrow = by_name(found, "Sergej Lawrow")
    assert entity_of(art, "russische Chefdiplomat", "role") == lawrow.id


def test_pronoun_links_to_the_only_person_named_just_before() -> None:
    art = article(
        "Kremlsprecher Dmitri Peskow trat am Morgen vor die Presse. Er wies alle Vorwürfe zurück.",
        [("Dmitri Peskow", "PER")],
        roles=("Kremlsprecher",),
        pronouns=True,
    )
    found = resolution.resolve([art])
    peskow = by_name(found, "Dmitri Peskow")
    assert entity_of(art, "Er", "pronoun") == peskow.id
    assert peskow.mentions == 2


def test_pronoun_with_two_candidates_is_dropped() -> None:
    art = article(
        "Dmitri Peskow traf Sergej Lawrow im Kreml. Er wollte danach nichts sagen.",
        [("Dmitri Peskow", "PER"), ("Sergej Lawrow", "PER")],
        pronouns=True,
    )
    resolution.resolve([art])
    assert not [m for m in art.entities if m.source == "pronoun"]


def test_pronoun_after_a_quote_ignores_names_inside_it() -> None:
    art = article(
        "„Wir haben mit Anna Berger gesprochen“, sagte er am Abend.",
        [("Anna Berger", "PER")],
        pronouns=True,
    )
    resolution.resolve([art])
    assert not [m for m in art.entities if m.source == "pronoun"]


def test_lone_role_with_other_nationality_is_not_linked() -> None:
    art = article(
        "Der russische Außenminister Sergej Lawrow kam an. Der französische Chefdiplomat fehlte.",
        [("Sergej Lawrow", "PER")],
        roles=("russische Außenminister", "französische Chefdiplomat"),
    )
    resolution.resolve([art])
    assert entity_of(art, "französische Chefdiplomat", "role") is None


@pytest.mark.parametrize(
    ("text", "name", "metonymic"),
    [
        ("Moskau erklärte am Abend, man sei bereit.", "Moskau", True),
        ("Die Delegation landete am Abend in Moskau.", "Moskau", False),
        ("Der Kreml wies die Vorwürfe zurück.", "Kreml", True),
        ("Washington drohte mit neuen Zöllen.", "Washington", True),
        ("Moskau seinerseits verwies auf den Vertrag.", "Moskau", True),
        ("Man glaubt, dass Moskau es ernst meine.", "Moskau", True),
        ("Moskau und Kiew wollen weiter reden.", "Moskau", True),
        ("Moskau und Umgebung liegen im Schnee.", "Moskau", False),
        ("Für Peking ist der Hafen wichtig, hieß es.", "Peking", True),
        ("Die Sanktionen gegen Moskau bleiben bestehen.", "Moskau", True),
        ("Der Streit zwischen Berlin und Washington schwelt weiter.", "Washington", True),
        ("Die Bemühungen Washingtons um eine Einigung stocken.", "Washingtons", True),
        ("Moskaus Antwort kam noch am selben Tag.", "Moskaus", True),
        ("Im Zentrum Moskaus fiel am Abend der Strom aus.", "Moskaus", False),
        ("Moskaus Bürgermeister eröffnete die neue Brücke.", "Moskaus", False),
    ],
)
def test_metonymy_is_marked_only_where_the_place_acts(
    text: str, name: str, metonymic: bool
) -> None:
    art = article(text, [(name, "LOC")])
    found = resolution.resolve([art])
    mention = art.entities[0]
    assert (mention.source == "metonym") is metonymic
    entity = next(e for e in found if e.id == mention.entity)
    assert entity.id.startswith("gov:") is metonymic
    if metonymic:
        assert entity.roles[0]["role"] == f"Metonymie: {name}"


def test_a_common_noun_for_a_speaker_read_as_a_person_is_no_entity() -> None:
    art = article(
        "Eine den Gesprächen nahe Quelle berichtete von Fortschritten. Lena Vogt schwieg.",
        [("Quelle", "PER"), ("Lena Vogt", "PER")],
    )
    found = resolution.resolve([art])
    assert [e.name for e in found] == ["Lena Vogt"]
    assert [m.text for m in art.entities] == ["Lena Vogt"]


def test_derived_forms_join_their_country() -> None:
    art = article(
        "Russland und die russische Regierung, die USA und der US-Präsident.",
        [
            ("Russland", "LOC"),
            ("russische", "LOCderiv"),
            ("USA", "LOC"),
            ("US-Präsident", "LOCpart"),
        ],
    )
    resolution.resolve([art])
    assert entity_of(art, "russische") == entity_of(art, "Russland")
    assert entity_of(art, "US-Präsident") == entity_of(art, "USA")


def test_resolution_keeps_offsets_and_points_only_at_listed_entities() -> None:
    art = article(
        "Kremlsprecher Dmitri Peskow sprach über Putin.",
        [("Dmitri Peskow", "PER"), ("Putin", "PER")],
        roles=("Kremlsprecher",),
    )
    found = resolution.resolve([art])
    ids = {e.id for e in found}
    assert len(ids) == len(found)
    for m in art.entities:
        assert art.text[m.start : m.end] == m.text
        assert m.entity in ids
        assert re.fullmatch(r"[a-z]+:[a-z0-9-]+", m.entity)


def test_resolution_is_idempotent() -> None:
    art = article(
        "Kremlsprecher Dmitri Peskow sprach. Der Kreml schwieg.",
        [("Dmitri Peskow", "PER"), ("Kreml", "ORG")],
        roles=("Kremlsprecher",),
    )
    first = [e.to_dict() for e in resolution.resolve([art])]
    assert [e.to_dict() for e in resolution.resolve([art])] == first


# -- the real seeds (skipped without ../shared) --------------------------------------------


@pytest.fixture(scope="module")
def seed_entities() -> list[Entity]:
    from pathlib import Path

    from lagebild.pipeline import analyze

    seeds = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared is not present")
    paths = [str(p) for p in sorted(seeds.glob("*.txt"))]
    return analyze(paths, stages=("linguistic", "entities")).entities


def _people_named(found: list[Entity], surname: str) -> list[Entity]:
    key = names.name_key(surname)
    return [
        e
        for e in found
        if e.label == "PER" and any(names.name_key(v.split()[-1]) == key for v in e.variants)
    ]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("surname", "variants"),
    [
        ("Putin", {"Putin", "Putins"}),
        ("Peskow", {"Dmitri Peskow", "Dimitri Peskow"}),
        ("Selenskyj", {"Selenskyj", "Selenskij"}),
        ("Lawrow", {"Lawrow"}),
        ("Trump", {"Trump", "Donald Trump"}),
    ],
)
def test_seeds_have_each_person_once_with_variants_merged(
    seed_entities: list[Entity], surname: str, variants: set[str]
) -> None:
    people = _people_named(seed_entities, surname)
    assert len(people) == 1, [p.name for p in people]
    assert variants <= set(people[0].variants)


@pytest.mark.shared
@pytest.mark.parametrize(
    ("surname", "role"),
    [
        ("Lawrow", "Außenminister"),
        ("Peskow", "Kremlsprecher"),
        ("Witkoff", "US-Sondergesandte"),
        ("Dmitrijew", "Leiter des Direktinvestitionsfonds"),
    ],
)
def test_seeds_attach_roles(seed_entities: list[Entity], surname: str, role: str) -> None:
    (person,) = _people_named(seed_entities, surname)
    assert role in {r["role"] for r in person.roles}


@pytest.mark.shared
def test_seeds_know_politologists_and_governments(seed_entities: list[Entity]) -> None:
    roles = {r["role"] for e in seed_entities for r in e.roles}
    assert "Politologe" in roles
    governments = {e.name for e in seed_entities if e.id.startswith("gov:")}
    assert {"Regierung Russlands", "Regierung der USA"} <= governments


def test_media_names_are_organisations_whatever_the_tagger_said() -> None:
    art = article(
        "Der Sender Fox News zeigte das Interview. Fox News hatte es angekündigt.",
        [("Fox News", "PER"), ("Fox News", "ORG")],
    )
    found = resolution.resolve([art])
    assert [(e.name, e.label) for e in found] == [("Fox News", "ORG")]
    assert [m.label for m in art.entities] == ["ORG", "ORG"]


def test_one_name_takes_the_label_most_of_its_mentions_carry() -> None:
    first = article(
        "Brenninger kündigte Widerstand an. Brenninger blieb dabei.",
        [("Brenninger", "PER"), ("Brenninger", "PER")],
    )
    second = article(
        "Auch Brenninger äußerte sich.", [("Brenninger", "ORG")], ident="b", outlet="Zeitung"
    )
    found = resolution.resolve([first, second])
    assert [(e.name, e.label, e.mentions) for e in found] == [("Brenninger", "PER", 3)]


def test_a_name_with_two_well_attested_labels_stays_two_entities() -> None:
    first = article(
        "Hollerbach liegt am Fluss. In Hollerbach regnet es.",
        [("Hollerbach", "LOC"), ("Hollerbach", "LOC")],
    )
    second = article(
        "Hollerbach schoss zwei Tore. Hollerbach jubelte.",
        [("Hollerbach", "PER"), ("Hollerbach", "PER")],
        ident="b",
    )
    found = resolution.resolve([first, second])
    assert sorted(e.label for e in found) == ["LOC", "PER"]


def test_a_name_the_tagger_reads_two_ways_within_one_article_stays_one_entity() -> None:
    # the tagger's slips ("von Kessarien" as a person) come in every article; the name is one
    first = article(
        "Kessarien schloss die Grenze. Wir lassen uns von Kessarien nicht drängen. "
        "Kessarien schweigt.",
        [("Kessarien", "LOC"), ("Kessarien", "PER"), ("Kessarien", "LOC")],
    )
    second = article(
        "Die Gespräche mit Kessarien stocken. Kessarien verlangt Garantien.",
        [("Kessarien", "PER"), ("Kessarien", "LOC")],
        ident="b",
    )
    found = resolution.resolve([first, second])
    assert [(e.name, e.label, e.mentions) for e in found] == [("Kessarien", "LOC", 5)]
    assert {m.label for m in first.entities + second.entities} == {"LOC"}


def test_role_after_a_possessive_in_apposition_is_attached() -> None:
    art = article(
        "Es verhandelte Marta Quist, Anna Hellers Sonderbeauftragte für Energiefragen, in Oslo.",
        [("Marta Quist", "PER"), ("Anna Hellers", "PER")],
        roles=("Sonderbeauftragte für Energiefragen",),
    )
    found = resolution.resolve([art])
    assert [r["role"] for r in by_name(found, "Marta Quist").roles] == [
        "Sonderbeauftragte für Energiefragen"
    ]
    assert by_name(found, "Anna Heller").roles == []


def test_a_full_name_ending_in_s_before_a_verb_keeps_its_s() -> None:
    art = article(
        "Nicolas Dubois kündigte einen Stellenabbau an. Dubois blieb vage.",
        [("Nicolas Dubois", "PER"), ("Dubois", "PER")],
    )
    found = resolution.resolve([art])
    assert [(e.name, e.mentions) for e in found] == [("Nicolas Dubois", 2)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("In der Amtszeit Joe Bidens stiegen die Zölle.", "Joe Bidens"),
        ("Man kennt Joe Bidens Rede vom Sommer.", "Joe Bidens"),
    ],
)
def test_a_full_name_in_the_genitive_drops_its_s(text: str, name: str) -> None:
    art = article(text, [(name, "PER")])
    found = resolution.resolve([art])
    assert [e.name for e in found] == ["Joe Biden"]


def test_place_part_compound_before_a_name_is_that_persons_role() -> None:
    art = article(
        "Der US-Sondergesandte Tom Brady landete. Die USA schwiegen.",
        [("US-Sondergesandte", "LOCpart"), ("Tom Brady", "PER"), ("USA", "LOC")],
    )
    found = resolution.resolve([art])
    brady = by_name(found, "Tom Brady")
    assert [r["role"] for r in brady.roles] == ["US-Sondergesandte"]
    assert brady.affiliation == "Vereinigte Staaten"
    assert entity_of(art, "US-Sondergesandte", "role") == brady.id
    assert by_name(found, "USA").mentions == 1


def test_lone_role_looks_beyond_its_article_when_no_holder_there_fits() -> None:
    first = article(
        "Der russische Präsident Wladimir Putin empfing Gäste.",
        [("Wladimir Putin", "PER")],
        roles=("russische Präsident",),
    )
    second = article(
        "Der US-Präsident Donald Trump flog nach Alaska, wo der russische Staatschef wartete.",
        [("Donald Trump", "PER")],
        roles=("US-Präsident", "russische Staatschef"),
        ident="b",
    )
    found = resolution.resolve([first, second])
    assert entity_of(second, "russische Staatschef", "role") == by_name(found, "Wladimir Putin").id


def test_a_country_the_tagger_called_an_organisation_is_a_place() -> None:
    art = article(
        "Die Sowjetunion zerfiel, die DDR auch.", [("Sowjetunion", "ORG"), ("DDR", "OTH")]
    )
    found = resolution.resolve([art])
    assert sorted((e.name, e.label) for e in found) == [("DDR", "LOC"), ("Sowjetunion", "LOC")]


def test_a_name_beginning_with_a_given_name_is_a_person_whatever_the_tagger_said() -> None:
    art = article(
        "Vermittelt hatte Beatrice Oberholzer. Danach sprach Oberholzer.",
        [("Beatrice Oberholzer", "LOC"), ("Oberholzer", "PER")],
    )
    found = resolution.resolve([art])
    assert [(e.name, e.label, e.mentions) for e in found] == [("Beatrice Oberholzer", "PER", 2)]


def test_known_organisations_are_organisations_whatever_the_tagger_said() -> None:
    art = article(
        "Die Bundesnetzagentur prüft den Fall, sagte ein Sprecher in Bonn.",
        [("Bundesnetzagentur", "LOC"), ("Bonn", "LOC")],
    )
    found = resolution.resolve([art])
    assert sorted((e.name, e.label) for e in found) == [
        ("Bonn", "LOC"),
        ("Bundesnetzagentur", "ORG"),
    ]


def _with_stage_pronouns(art: Article) -> Article:
    art.entities = sorted(art.entities + stage.pronoun_mentions(art), key=lambda m: m.start)
    return art


def test_singular_sie_is_a_pronoun_mention_but_plural_and_polite_sie_are_not() -> None:
    art = Article("a", "a", "Sie sagte nichts. Dann sagten sie ab. Kommen Sie herein, bat sie.")
    linguistic.annotate(art)
    found = [(m.text, m.start) for m in stage.pronoun_mentions(art)]
    assert found == [("Sie", 0), ("sie", art.text.rindex("sie"))]


def test_sie_links_to_the_woman_and_er_to_the_man_named_before() -> None:
    art = _with_stage_pronouns(
        article(
            "Henrike Valstad traf Tomasz Brenner in Bern. Sie lobte die Gespräche, er schwieg.",
            [("Henrike Valstad", "PER"), ("Tomasz Brenner", "PER")],
        )
    )
    found = resolution.resolve([art])
    assert entity_of(art, "Sie", "pronoun") == by_name(found, "Henrike Valstad").id
    assert entity_of(art, "er", "pronoun") == by_name(found, "Tomasz Brenner").id


def test_a_feminine_role_makes_a_woman_for_sie() -> None:
    art = _with_stage_pronouns(
        article(
            "Die Außenministerin Kim Okafor kam mit Luca Brandt an. Danach sagte sie wenig.",
            [("Kim Okafor", "PER"), ("Luca Brandt", "PER")],
            roles=("Außenministerin",),
        )
    )
    found = resolution.resolve([art])
    assert entity_of(art, "sie", "pronoun") == by_name(found, "Kim Okafor").id


def test_a_speaker_phrase_names_the_person_not_the_country_in_it() -> None:
    from lagebild.corpus.speakers import link_speakers
    from lagebild.model import Quote, SpeakerMention

    text = "Die Schweizer Vermittlerin sagte, man sei zufrieden."
    art = Article("a", "a", text)
    art.entities = [
        EntityMention(4, 13, "Schweizer", "LOCderiv", entity="loc:schweiz"),
        EntityMention(4, 26, "Schweizer Vermittlerin", "PER", entity="per:imhof", source="role"),
    ]
    speaker = SpeakerMention(0, 26, "Die Schweizer Vermittlerin")
    art.quotes = [Quote(34, 52, text[34:52], "indirect", speaker)]
    link_speakers([art])
    assert art.quotes[0].speaker.entity == "per:imhof"


@pytest.mark.parametrize(
    ("text", "speaker_end", "entity"),
    [
        ("Ein Stützpunkt bei Genf meldete, alles sei ruhig.", 23, None),
        ("Die Schweiz meldete, alles sei ruhig.", 11, "loc:schweiz"),
    ],
)
def test_a_place_speaks_only_as_the_head_of_the_speaker_phrase(
    text: str, speaker_end: int, entity: str | None
) -> None:
    from lagebild.corpus.speakers import link_speakers
    from lagebild.model import Quote, SpeakerMention

    art = Article("a", "a", text)
    place = "Genf" if "Genf" in text else "Schweiz"
    at = text.index(place)
    art.entities = [EntityMention(at, at + len(place), place, "LOC", entity="loc:" + place.lower())]
    speaker = SpeakerMention(0, speaker_end, text[:speaker_end], kind="other")
    content = text.index("alles")
    art.quotes = [Quote(content, len(text) - 1, text[content:-1], "indirect", speaker)]
    link_speakers([art])
    assert art.quotes[0].speaker.entity == entity


def test_a_speaker_name_the_tagger_missed_there_links_to_the_same_name_elsewhere() -> None:
    from lagebild.corpus.speakers import link_speakers
    from lagebild.model import Quote, SpeakerMention

    text = "Brandt: „Wir bleiben“\n\nDer Bürgermeister Brandt sprach lange."
    art = Article("a", "a", text)
    at = text.rindex("Brandt")
    art.entities = [EntityMention(at, at + 6, "Brandt", "PER", entity="per:brandt")]
    art.quotes = [Quote(9, 20, text[9:20], "direct", SpeakerMention(0, 6, "Brandt"))]
    link_speakers([art])
    assert art.quotes[0].speaker.entity == "per:brandt"


def test_an_organisation_and_its_short_form_are_one_entity() -> None:
    first = article(
        "Die Europäische Union beriet lange.", [("Europäische Union", "ORG")], ident="a"
    )
    second = article("Die EU will handeln.", [("EU", "ORG")], ident="b")
    found = resolution.resolve([first, second])
    assert entity_of(first, "Europäische Union") == entity_of(second, "EU")
    assert by_name(found, "Europäische Union").variants == ["EU", "Europäische Union"]


def test_a_multiword_name_in_the_genitive_joins_its_nominative() -> None:
    first = article(
        "Der Pakt von Lindau gilt. Die Folgen des Paktes von Lindau sind groß.",
        [("Pakt von Lindau", "OTH"), ("Paktes von Lindau", "OTH")],
    )
    resolution.resolve([first])
    assert entity_of(first, "Pakt von Lindau") == entity_of(first, "Paktes von Lindau")


def test_inhabitant_words_join_their_place_also_one_only_this_corpus_names() -> None:
    first = article(
        "Die Pariser Polizei sperrte die Brücke. Aus Velmarien kam Protest.",
        [("Pariser", "LOCderiv"), ("Velmarien", "LOC")],
    )
    second = article(
        "Die velmarischen Fischer blieben im Hafen.", [("velmarischen", "LOCderiv")], ident="b"
    )
    found = resolution.resolve([first, second])
    assert by_name(found, "Paris").forms == ["Pariser"]
    assert entity_of(second, "velmarischen") == entity_of(first, "Velmarien")


def test_a_derived_word_built_on_nothing_known_gets_no_entity() -> None:
    art = article("Die mutmaßlichen Täter flohen über die Grenze.", [("mutmaßlichen", "LOCderiv")])
    found = resolution.resolve([art])
    assert found == []
    assert art.entities[0].entity is None


def test_a_tagged_compound_on_a_known_name_is_a_form_of_that_name() -> None:
    art = article(
        "Der Lindau-Gipfel begann am Morgen. In Lindau regnete es.",
        [("Lindau-Gipfel", "LOC"), ("Lindau", "LOC")],
    )
    found = resolution.resolve([art])
    assert [(e.name, e.forms) for e in found] == [("Lindau", ["Lindau-Gipfel"])]


def test_a_short_form_in_brackets_after_the_full_name_is_the_same_organisation() -> None:
    art = article(
        "Die Vereinigung der Kesselbauer (VdKB) warnt. Die VdKB fordert mehr Geld.",
        [("Vereinigung der Kesselbauer", "ORG"), ("VdKB", "ORG"), ("VdKB", "LOC")],
    )
    found = resolution.resolve([art])
    assert [(e.name, e.mentions) for e in found] == [("Vereinigung der Kesselbauer", 3)]


@pytest.mark.parametrize(
    ("text", "names", "one"),
    [
        (
            "Die Deutsche Bank zahlt. Chef der Deutschen Bank ist …",
            ["Deutsche Bank", "Deutschen Bank"],
            "Deutsche Bank",
        ),
        (
            "Die Kesselwerk AG wächst. Kesselwerk stellt ein.",
            ["Kesselwerk AG", "Kesselwerk"],
            "Kesselwerk",
        ),
        (
            "Sie reisten in die Niederlande. In den Niederlanden regnete es.",
            ["Niederlande", "Niederlanden"],
            "Niederlande",
        ),
    ],
)
def test_inflected_and_legal_forms_of_a_name_are_one_entity(
    text: str, names: list[str], one: str
) -> None:
    label = "LOC" if one == "Niederlande" else "ORG"
    art = article(text, [(name, label) for name in names])
    found = resolution.resolve([art])
    assert [e.name for e in found] == [one]


def test_the_kremlin_is_the_russian_government_also_as_the_building() -> None:
    art = article(
        "Der Kreml schwieg. Im Kreml traf man sich am Abend.", [("Kreml", "ORG"), ("Kreml", "ORG")]
    )
    found = resolution.resolve([art])
    assert [e.name for e in found] == ["Regierung Russlands"]


def test_amerika_is_the_usa() -> None:
    art = article(
        "Amerika bleibt an Bord. Die USA zahlen mit.", [("Amerika", "ORG"), ("USA", "LOC")]
    )
    found = resolution.resolve([art])
    assert [(e.name, e.label, e.mentions) for e in found] == [("USA", "LOC", 2)]


def test_names_glued_into_one_organisation_span_are_split_into_the_people() -> None:
    first = article(
        "Wladimir Putin und Donald Trump trafen sich.",
        [("Wladimir Putin", "PER"), ("Donald Trump", "PER")],
    )
    second = article(
        "Man fürchtet, dass Putin Trumps Wunsch ausnutzt.",
        [("Putin Trumps Wunsch", "ORG")],
        ident="b",
    )
    found = resolution.resolve([first, second])
    assert sorted(m.text for m in second.entities) == ["Putin", "Trumps"]
    assert {e.name for e in found} == {"Wladimir Putin", "Donald Trump"}


def test_a_known_surname_in_the_genitive_read_together_with_its_noun_is_the_person() -> None:
    art = article(
        "Sprecherin Lotte Amberg nannte Zahlen. Ambergs Ministerium widersprach am Abend.",
        [("Lotte Amberg", "PER"), ("Ambergs Ministerium", "PER")],
    )
    found = resolution.resolve([art])
    assert [m.text for m in art.entities] == ["Lotte Amberg", "Ambergs"]
    assert [(e.name, e.mentions) for e in found] == [("Lotte Amberg", 2)]


def test_an_agency_after_a_dateline_place_is_not_a_short_form_of_the_place() -> None:
    art = article("Lindau (KPA) - Der Hafen schließt.", [("Lindau", "LOC"), ("KPA", "ORG")])
    found = resolution.resolve([art])
    assert sorted(e.name for e in found) == ["KPA", "Lindau"]


@pytest.mark.parametrize(
    "surname",
    [
        "Kowalski",
        pytest.param(
            "Okafor",
            marks=pytest.mark.xfail(
                strict=True,
                reason="our POS tagger reads 'sprach Okafor mit' as a common noun (NN; HanTa: NE), "
                "and a one-word name from elsewhere must look like a proper noun",
            ),
        ),
    ],
)
def test_a_name_found_twice_elsewhere_in_the_corpus_is_a_mention_where_the_tagger_missed_it(
    surname: str,
) -> None:
    first = article(
        f"Trainerin Ada {surname} lobte das Team. {surname} bleibt bis 2027.",
        [(f"Ada {surname}", "PER"), (surname, "PER")],
    )
    second = article(f"Am Abend sprach {surname} mit der Presse.", [], ident="b")
    found = resolution.resolve([first, second])
    mention = next(m for m in second.entities if m.text == surname)
    assert mention.source == "corpus"
    assert mention.entity == by_name(found, f"Ada {surname}").id


def test_a_listed_organisation_read_as_a_place_keeps_its_bracketed_short_form() -> None:
    text = "Der Bundesgerichtshof (BGH) hob das Urteil auf. Der BGH verwies den Fall zurück."
    art = article(text, [("Bundesgerichtshof", "LOC"), ("BGH", "ORG"), ("BGH", "ORG")])
    resolution.resolve([art])
    assert entity_of(art, "Bundesgerichtshof") == entity_of(art, "BGH")


def test_a_place_before_a_bracketed_agency_code_stays_apart_from_it() -> None:
    art = article("Lindenau (KPA) - Der Stadtrat tagte.", [("Lindenau", "LOC"), ("KPA", "ORG")])
    resolution.resolve([art])
    assert entity_of(art, "Lindenau") != entity_of(art, "KPA")
