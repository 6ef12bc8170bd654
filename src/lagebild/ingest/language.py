"""The language identifier (py3langid), restricted to the languages our corpora mix, started
from a per-user snapshot of the model its package builds (``lagebild.snapshots``). Loading the
package's LZMA-compressed model costs about 0.5 s CPU per process; the snapshot a few
hundredths, with bit-identical scores (tests/test_snapshots.py)."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..snapshots import cached, snapshot_folder

# News corpora we see mix German with its neighbours; restricting avoids exotic guesses.
LANGUAGES = ("de", "en", "fr", "it", "es", "nl", "pl", "ru", "uk", "tr", "pt")


@cache
def language_identifier(languages: tuple[str, ...] = LANGUAGES) -> Any:
    """py3langid's identifier over ``languages`` (its ``classify(text)`` gives
    ``(language, score)``)."""
    from py3langid import langid

    folder = snapshot_folder("py3langid", langid.MODEL_DIR, languages)

    def normally() -> dict[str, Any]:
        return {"identifier": load_normally(languages)}

    return cached(folder, normally, owners=("py3langid",))["identifier"]


def load_normally(languages: tuple[str, ...]) -> Any:
    """The identifier as py3langid's own ``set_languages`` builds it."""
    from py3langid import langid

    identifier = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE)
    identifier.set_languages(list(languages))
    return identifier
