"""Everything the package reads at run time ships in the wheel (issue 13: migrations did not)."""

from __future__ import annotations

import glob
import tomllib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "lagebild"
PYPROJECT = PACKAGE.parents[1] / "pyproject.toml"


def _shipped() -> set[str]:
    """The package's data files setuptools puts in the wheel: each package-data pattern
    expanded as a recursive glob."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["lagebild"]
    return {
        Path(found).relative_to(PACKAGE).as_posix()
        for pattern in patterns
        for found in glob.glob(str(PACKAGE / pattern), recursive=True)
    }


def test_every_data_file_in_the_package_is_listed_as_package_data():
    data_files = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file()
        and p.suffix not in {".py", ".pyc"}
        and "__pycache__" not in p.parts
        and not p.name.startswith(".")
    ]
    assert "store/migrations/0001_base.sql" in data_files
    assert sorted(set(data_files) - _shipped()) == []
