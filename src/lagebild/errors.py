"""Exceptions of the library; the CLI turns them into one clear message and a non-zero exit."""


class LagebildError(Exception):
    """Base class of everything lagebild raises on purpose."""


class InputError(LagebildError):
    """An input cannot be read as an article: names the file (and line) and what is wrong."""

    def __init__(self, source: str, reason: str, line: int | None = None):
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {reason}")


class ResourceError(LagebildError):
    """A data file of lagebild (or one the user gave) is malformed: names file and line."""


class PipelineError(LagebildError):
    """The stages asked for do not fit together."""


class StoreError(LagebildError):
    """The SQLite store cannot be opened or is of an unknown schema."""
