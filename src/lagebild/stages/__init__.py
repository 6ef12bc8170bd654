"""Per-article analysis stages.

A stage is a function from an article to nothing, filling one layer of it from the cleaned text
and the layers earlier stages produced. Stages register under a name with what they need and
what they add (``registry.stage``), so a pipeline is checked when it is built, not halfway
through a corpus. A new stage module is imported here and named in ``DEFAULT_PIPELINE``.
"""

from __future__ import annotations

from ..errors import PipelineError

# imported for their registration: each module registers its stage
from . import entities, linguistic, quotes, timex  # noqa: F401
from .registry import REGISTRY, Stage

DEFAULT_PIPELINE = ("linguistic", "timex", "entities", "quotes")


def build_pipeline(names: tuple[str, ...] | None = None) -> list[Stage]:
    """The stages in order, checked so that each finds the layers it needs."""
    wanted = names or DEFAULT_PIPELINE
    available = {"text", "published", "genre"}
    pipeline = []
    for name in wanted:
        if name not in REGISTRY:
            raise PipelineError(f"unknown stage {name!r}; known: {', '.join(sorted(REGISTRY))}")
        st = REGISTRY[name]
        missing = [n for n in st.needs if n not in available]
        if missing:
            raise PipelineError(
                f"stage {name!r} needs {', '.join(missing)} which no stage before adds"
            )
        available.update(st.adds)
        pipeline.append(st)
    return pipeline
