"""Per-article analysis stages.

A stage is a function from an article to nothing, filling one layer of it from the cleaned text
and the layers earlier stages produced. Stages are registered under a name with what they need
and what they add, so a pipeline is checked when it is built, not halfway through a corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import PipelineError
from ..model import Article

StageFn = Callable[[Article], None]


@dataclass(frozen=True)
class Stage:
    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    run: StageFn


_REGISTRY: dict[str, Stage] = {}


def stage(name: str, *, needs: tuple[str, ...] = (), adds: tuple[str, ...] = ()):
    """Register a stage function under ``name``."""

    def register(fn: StageFn) -> StageFn:
        _REGISTRY[name] = Stage(name, needs, adds, fn)
        return fn

    return register


def _load_builtin_stages() -> None:
    # Imported for their registration side effect; a stage whose module is missing is skipped.
    import importlib
    import importlib.util

    from . import linguistic  # noqa: F401

    for optional in OPTIONAL_STAGE_MODULES:
        if importlib.util.find_spec(f"{__name__}.{optional}") is not None:
            importlib.import_module(f"{__name__}.{optional}")


# modules of layers that plug in when present
OPTIONAL_STAGE_MODULES = ("timex", "entities", "quotes")
DEFAULT_PIPELINE = ("linguistic", "timex", "entities", "quotes")


def build_pipeline(names: tuple[str, ...] | None = None) -> list[Stage]:
    """The stages in order, checked so that each finds the layers it needs."""
    _load_builtin_stages()
    wanted = names or tuple(n for n in DEFAULT_PIPELINE if n in _REGISTRY)
    available = {"text", "published", "genre"}
    pipeline = []
    for name in wanted:
        if name not in _REGISTRY:
            raise PipelineError(f"unknown stage {name!r}; known: {', '.join(sorted(_REGISTRY))}")
        st = _REGISTRY[name]
        missing = [n for n in st.needs if n not in available]
        if missing:
            raise PipelineError(
                f"stage {name!r} needs {', '.join(missing)} which no stage before adds"
            )
        available.update(st.adds)
        pipeline.append(st)
    return pipeline
