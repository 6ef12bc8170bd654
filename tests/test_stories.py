from __future__ import annotations

import copy
import random

import numpy as np
import pytest
from scipy import sparse

from lagebild.corpus.compare import compare_stored_stories, compare_story
from lagebild.corpus.stories import StoryUpdate, cluster_articles, update_stories
from lagebild.corpus.stories.clustering import shift
from lagebild.corpus.stories.describe import split_sentences
from lagebild.corpus.stories.embedding import DIMENSIONS, MODEL, decode_embedding
from lagebild.corpus.stories.state import decode_vector, encode_vector
from lagebild.corpus.stories.vectors import N_FEATURES, stem, stopwords, topic_terms
from lagebild.errors import ResourceError
from lagebild.model import Article, EntityMention
from lagebild.resources import parse_tsv
from lagebild.store import Store
from lagebild.store import stories as queries
from lagebild.store.stories import StoryTables
from story_articles import labelled_articles, seed_articles


@pytest.fixture(scope="module")
def labelled() -> list[tuple[Article, str, str]]:
    return labelled_articles()


@pytest.fixture(scope="module")
def clustering(labelled):
    return cluster_articles([a for a, _, _ in labelled])


def _partition(groups) -> set[frozenset[str]]:
    return {frozenset(g) for g in groups}


def test_articles_of_one_event_form_one_story_per_event(labelled, clustering):
    gold: dict[str, set[str]] = {}
    for article, story, _ in labelled:
        gold.setdefault(story, set()).add(article.id)
    assert _partition(s.article_ids for s in clustering.stories) == _partition(gold.values())


def test_same_town_same_day_but_different_event_stays_apart(clustering):
    bridge = clustering.story_of("bruecke-gesperrt-Tagblatt")
    assert "radwege-Tagblatt" not in bridge.article_ids


def test_follow_up_months_later_is_own_story_in_same_storyline(clustering):
    closed = clustering.story_of("bruecke-gesperrt-Kurier")
    reopened = clustering.story_of("bruecke-frei-Kurier")
    assert closed.id != reopened.id
    assert closed.storyline == reopened.storyline
    assert clustering.story_of("streik-Kurier").storyline != closed.storyline


def test_agency_text_in_two_outlets_is_marked_syndicated(clustering):
    marks = {d.article_id: d for d in clustering.duplicates}
    assert marks["streik-Kurier"].duplicate_of == "streik-Tagblatt"
    assert marks["streik-Kurier"].kind == "syndicated"
    assert "streik-Rundschau" not in marks


def test_copy_in_the_same_outlet_is_marked_duplicate(labelled):
    original = next(a for a, _, _ in labelled if a.id == "hochwasser-Rundschau")
    copy = Article(
        id="copy",
        source="copy.txt",
        text=original.text + "\nEin Nachtrag zur Lage.",
        title=original.title,
        published="2026-03-04",
        outlet="Rundschau",
    )
    duplicates = cluster_articles([original, copy]).duplicates
    assert [(d.article_id, d.duplicate_of, d.kind) for d in duplicates] == [
        ("copy", "hochwasser-Rundschau", "duplicate")
    ]


def test_story_title_is_the_title_of_a_member(labelled, clustering):
    titles = {a.id: a.title for a, _, _ in labelled}
    for story in clustering.stories:
        assert story.title in {titles[i] for i in story.article_ids}


def test_summary_sentences_come_from_the_articles_they_cite(labelled, clustering):
    texts = {a.id: a.text for a, _, _ in labelled}
    for story in clustering.stories:
        assert story.summary
        for item in story.summary:
            assert item["article_id"] in story.article_ids
            assert item["text"] in texts[item["article_id"]]


def test_undated_article_joins_the_story_it_is_about(labelled):
    articles = [a for a, story, _ in labelled if story == "hochwasser"]
    undated = Article(
        id="ohne-datum",
        source="x.txt",
        published=None,
        outlet="Blatt",
        title="Mulde: Pegel in Grimmstein steigt weiter",
        text="Die Feuerwehr in Grimmstein pumpt weiter Keller leer, der Pegel der Mulde steigt.",
    )
    result = cluster_articles([*articles, undated])
    assert len(result.stories) == 1


def test_empty_input_gives_no_stories():
    assert cluster_articles([]).stories == []


def test_topic_terms_keep_capitalised_content_words_only():
    assert topic_terms("Die Feuerwehr pumpte am Montag die Keller leer.") == [
        stem("feuerwehr"),
        stem("keller"),
    ]


def test_fallback_sentence_split_never_crosses_lines():
    text = "Erster Satz hier. Zweiter Satz dort.\nDritte Zeile ohne Punkt"
    assert split_sentences(text) == [
        "Erster Satz hier.",
        "Zweiter Satz dort.",
        "Dritte Zeile ohne Punkt",
    ]


def test_stopwords_file_is_lower_case_and_covers_articles():
    words = stopwords()
    assert {"der", "die", "das", "montag"} <= words
    assert all(w == w.lower() for w in words)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Kopf\nfalsch\tspalten\n", r"x\.tsv:2: header lacks column\(s\) a, b"),
        ("a\tb\nnur-eine-spalte\n", r"x\.tsv:2: expected 2 tab-separated columns"),
        ("a\tb\nwert\t\n", r"x\.tsv:2: empty column\(s\) b"),
        ("# nur Kommentar\n", r"x\.tsv: no header row"),
    ],
)
def test_bad_data_file_names_file_and_line(text, message):
    with pytest.raises(ResourceError, match=message):
        parse_tsv("x.tsv", text, ("a", "b"), non_empty=True)


def test_vectors_survive_the_blob_round_trip():
    vector = sparse.csr_matrix(
        (np.array([0.5, 0.25], dtype=np.float32), np.array([3, N_FEATURES - 1]), [0, 2]),
        shape=(1, N_FEATURES),
    )
    back = decode_vector(encode_vector(vector))
    assert (back != vector).nnz == 0


# -- the store ---------------------------------------------------------------------------------


def _store_with(path, articles) -> Store:
    store = Store(path)
    for article in articles:
        store.add_article(article)
    return store


def test_update_stories_agrees_with_clustering_in_memory(tmp_path, labelled, clustering):
    with _store_with(tmp_path / "s.db", [a for a, _, _ in labelled]) as store:
        update = update_stories(StoryTables(store))
        stored = {}
        for row in store.db.execute("SELECT article_id, story_id FROM story_articles"):
            stored.setdefault(row[1], set()).add(row[0])
        assert update.articles == len(labelled)
        assert update.stories_new == len(clustering.stories)
        assert update.duplicates == 1
    assert _partition(stored.values()) == _partition(s.article_ids for s in clustering.stories)


def test_update_stories_adds_new_articles_to_existing_stories(tmp_path, labelled):
    first = [a for a, story, _ in labelled if story in ("streik", "hochwasser")]
    with _store_with(tmp_path / "s.db", first[:-1]) as store:
        update_stories(StoryTables(store))
        story_ids = {r[0] for r in store.db.execute("SELECT id FROM stories")}
        store.add_article(first[-1])
        update = update_stories(StoryTables(store))
        joined = queries.article_story(store, first[-1].id)
        assert update == StoryUpdate(articles=1, stories_changed=1, changed=[joined])
        assert {r[0] for r in store.db.execute("SELECT id FROM stories")} == story_ids
        assert update_stories(StoryTables(store)).articles == 0


def test_follow_up_added_later_joins_the_stored_storyline(tmp_path, labelled):
    bridge = [a for a, _, line in labelled if line == "elsterbruecke"]
    earlier = [a for a in bridge if a.published < "2026-04"]
    with _store_with(tmp_path / "s.db", earlier) as store:
        update_stories(StoryTables(store))
        for article in bridge:
            if article not in earlier:
                store.add_article(article)
        update = update_stories(StoryTables(store))
        assert update.stories_new == 1 and update.storylines_new == 0
        lines = store.db.execute("SELECT storyline_id, count(*) FROM stories GROUP BY 1").fetchall()
        assert [tuple(r) for r in lines] == [(1, 2)]
        line = queries.get_storyline(store, 1)
        assert line["stories"] == 2 and line["articles"] == len(bridge)


def test_comparisons_of_multi_outlet_stories_are_kept_in_the_store(tmp_path, labelled):
    articles = [a for a, story, _ in labelled if story in ("hochwasser", "pokal")]
    with _store_with(tmp_path / "s.db", articles) as store:
        tables = StoryTables(store)
        update_stories(tables)
        assert compare_stored_stories(tables, tables.uncompared_stories()) == 2
        assert tables.uncompared_stories() == []
        story = queries.article_story(store, "pokal-Kurier")
        assert queries.get_comparison(store, story)["coverage"]["outlets"] == [
            "Kurier",
            "Rundschau",
        ]


# -- the five seed articles (../shared) --------------------------------------------------------


@pytest.mark.shared
def test_seeds_summit_and_follow_up_are_two_stories_of_one_storyline(shared_dir):
    result = cluster_articles(seed_articles())
    by_story = sorted(sorted(s.article_ids) for s in result.stories)
    assert by_story == [["000"], ["001", "002", "003", "004"]]
    assert len(result.storylines) == 1


def test_an_article_with_a_date_at_the_edge_of_the_calendar_does_not_break_clustering():
    assert shift("0001-01-02", -3) == "0001-01-01"
    assert shift("9999-12-30", 400) == "9999-12-31"


def test_an_english_report_joins_the_german_story_it_is_about():
    german = [a for a, story, _ in labelled_articles() if story == "hochwasser"]
    english = Article(
        id="flood-en",
        source="flood-en.txt",
        title="River Mulde bursts its banks in Grimmstein",
        text=(
            "After days of rain the river Mulde has burst its banks in Grimmstein. "
            "Firefighters pumped out dozens of flooded cellars during the night, and helpers "
            "stacked sandbags along the river."
        ),
        published=german[0].published,
        outlet="Daily Wire Service",
        language="en",
    )
    result = cluster_articles([*german, english])
    assert {a.id for a in german} | {"flood-en"} == set(result.story_of("flood-en").article_ids)


def test_article_embeddings_are_kept_and_not_computed_again(tmp_path, labelled):
    articles = [a for a, story, _ in labelled if story == "pokal"]
    with _store_with(tmp_path / "s.db", articles) as store:
        tables = StoryTables(store)
        update_stories(tables)
        kept = tables.article_embeddings([a.id for a in articles], MODEL)
        assert set(kept) == {a.id for a in articles}
        assert len(decode_embedding(kept[articles[0].id])) == DIMENSIONS


def _one_at_a_time(path, articles) -> tuple[list[list[str]], Store]:
    """Each article stored and clustered on its own, as separate runs would do."""
    store = Store(path)
    tables = StoryTables(store)
    for article in articles:
        store.add_article(article)
        update_stories(tables)
        compare_stored_stories(tables, tables.uncompared_stories())
    groups: dict[int, list[str]] = {}
    for article_id, story_id in store.db.execute("SELECT article_id, story_id FROM story_articles"):
        groups.setdefault(story_id, []).append(article_id)
    return sorted(sorted(g) for g in groups.values()), store


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stories_and_facts_do_not_depend_on_input_order(tmp_path, labelled, seed):
    articles = [a for a, _, _ in labelled]
    batch = sorted(sorted(s.article_ids) for s in cluster_articles(articles).stories)
    shuffled = articles[:]
    random.Random(seed).shuffle(shuffled)
    assert sorted(sorted(s.article_ids) for s in cluster_articles(shuffled).stories) == batch
    found, store = _one_at_a_time(tmp_path / "s.db", shuffled)
    with store:
        assert found == batch
        story = queries.article_story(store, "bruecke-gesperrt-Kurier")
        members = [a for a in articles if a.id.startswith("bruecke-gesperrt")]
        kept = queries.get_comparison(store, story)
        assert kept["coverage"] == compare_story(members).to_dict()["coverage"]


@pytest.mark.shared
def test_seeds_august_articles_form_one_story_however_they_are_fed_in(shared_dir, tmp_path):
    seeds = seed_articles()
    for seed in range(3):
        shuffled = seeds[:]
        random.Random(seed).shuffle(shuffled)
        found, store = _one_at_a_time(tmp_path / f"s{seed}.db", shuffled)
        store.close()
        assert found == [["000"], ["001", "002", "003", "004"]]


def test_names_in_cyrillic_are_the_same_terms_as_their_german_spelling():
    assert (
        topic_terms("Президент Орлов прибыл в Белград")[1:]
        == topic_terms("Präsident Orlow kam nach Belgrad")[1:]
    )


def _sluice_articles() -> list[Article]:
    """Three reports of one invented event; the most complete one has a loaded headline."""
    day = "2025-10-07"
    texts = [
        (
            "Schleuse in Kranzbach gesperrt",
            "Das Wasseramt hat die Schleuse in Kranzbach gesperrt. Am Obertor der Schleuse wurde "
            "ein Schaden entdeckt, die Reparatur dauert mehrere Tage.",
        ),
        (
            "Frachtschiffe stauen sich vor Kranzbach",
            "Vor der Schleuse in Kranzbach stauen sich die Frachtschiffe. Die Reedereien warten, "
            "der Kanal bleibt nach Angaben des Wasseramts mehrere Tage gesperrt.",
        ),
        (
            "Katastrophe an der Schleuse Kranzbach: Obertor kaputt, Frachtschiffe stauen sich",
            "Das Wasseramt hat die Schleuse in Kranzbach gesperrt, am Obertor wurde ein Schaden "
            "entdeckt. Vor der Schleuse stauen sich die Frachtschiffe, die Reedereien warten "
            "mehrere Tage auf die Reparatur.",
        ),
    ]
    return [
        Article(
            id=f"schleuse-{i}",
            source=f"s{i}.txt",
            published=day,
            outlet=f"Blatt {i}",
            title=title,
            text=text,
        )
        for i, (title, text) in enumerate(texts)
    ]


def test_story_title_is_the_most_typical_headline_without_loaded_words(monkeypatch):
    (story,) = cluster_articles(_sluice_articles()).stories
    assert story.title == "Schleuse in Kranzbach gesperrt"
    # without the penalty the loaded headline of the most complete report would name the story
    monkeypatch.setattr("lagebild.corpus.stories.describe.LOADED_TITLE_PENALTY", 0.0)
    (story,) = cluster_articles(_sluice_articles()).stories
    assert story.title.startswith("Katastrophe")


def test_a_shared_person_and_town_do_not_count_twice_as_shared_words(labelled):
    """The bridge closure and the cycle lanes happen in one town with one mayor: their resolved
    entities are the names they already share as words, not more evidence of one story."""
    articles = [
        copy.deepcopy(a) for a, story, _ in labelled if story in ("bruecke-gesperrt", "radwege")
    ]
    for article in articles:
        for name in ("Anke Brandt", "Waldheim"):
            start = article.text.find(name)
            if start >= 0:
                mention = EntityMention(start, start + len(name), name, "PER", name.lower())
                article.entities = [*article.entities, mention]
    assert any(a.entities for a in articles)
    result = cluster_articles(articles)
    assert sorted(sorted(s.article_ids) for s in result.stories) == sorted(
        sorted(a.id for a, story, _ in labelled if story == name)
        for name in ("bruecke-gesperrt", "radwege")
    )
