from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# A busy machine makes data generation slow, which Hypothesis reports as a failed health check:
# that says nothing about lagebild, so property tests do not fail on it. Deadlines stay per test.
settings.register_profile("lagebild", suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("lagebild")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the repository; tests that need it skip cleanly when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (evaluation data and seed articles)")
    return SHARED


@pytest.fixture
def write(tmp_path: Path):
    """Write a file under tmp_path and return its path as str."""

    def _write(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return _write
