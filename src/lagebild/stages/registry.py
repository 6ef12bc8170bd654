"""The stage registry: each stage registers itself under a name with what it needs and adds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Article

StageFn = Callable[[Article], None]


@dataclass(frozen=True)
class Stage:
    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    run: StageFn


REGISTRY: dict[str, Stage] = {}


def stage(name: str, *, needs: tuple[str, ...] = (), adds: tuple[str, ...] = ()):
    """Register a stage function under ``name``."""

    def register(fn: StageFn) -> StageFn:
        REGISTRY[name] = Stage(name, needs, adds, fn)
        return fn

    return register
