from __future__ import annotations

from pathlib import Path

import lagebild
from lagebild.outlets import outlet_for_folder


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(" date 2026-03-02\n" + text, encoding="utf-8")


def test_a_folder_per_outlet_names_the_outlet_of_its_plain_text_files(tmp_path):
    _write(tmp_path / "Landesbote" / "a.txt", "Die Elsterbrücke in Waldheim ist gesperrt.")
    _write(tmp_path / "kurier" / "2026" / "b.txt", "Seit Montag ist die Elsterbrücke zu.")
    _write(tmp_path / "c.txt", "In Waldheim bleibt die Brücke gesperrt.")
    corpus = lagebild.analyze([str(tmp_path)], stages=("linguistic",))
    outlets = {Path(a.source).name: a.outlet for a in corpus.articles}
    assert outlets == {"a.txt": "Landesbote", "b.txt": "kurier", "c.txt": None}


def test_a_folder_takes_the_spelling_of_the_outlet_profile_of_that_name():
    profiles = [{"name": "Kurier am Sonntag"}, {"name": "Kurier"}]
    assert outlet_for_folder(profiles, "in/kurier/x.txt", ["in"]) == "Kurier"


def test_a_file_given_by_itself_gets_no_outlet_from_its_folder():
    assert outlet_for_folder([], "in/kurier/x.txt", []) is None
