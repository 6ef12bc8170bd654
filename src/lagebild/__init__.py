"""lagebild: a situation picture from many German news articles.

>>> import lagebild
>>> corpus = lagebild.analyze(["articles/"], db="lagebild.db")
>>> corpus.articles[0].quotes
"""

__version__ = "0.1.0"

from .errors import InputError, LagebildError, ResourceError, StoreError  # noqa: E402
from .model import (  # noqa: E402
    Article,
    Corpus,
    Entity,
    EntityMention,
    Quote,
    Removed,
    Sentence,
    Skipped,
    Span,
    SpeakerMention,
    Timex,
    Token,
)
from .pipeline import analyze  # noqa: E402
from .store import Store  # noqa: E402

__all__ = [
    "Article",
    "Corpus",
    "Entity",
    "EntityMention",
    "InputError",
    "LagebildError",
    "Quote",
    "Removed",
    "ResourceError",
    "Sentence",
    "Skipped",
    "SpeakerMention",
    "Span",
    "Store",
    "StoreError",
    "Timex",
    "Token",
    "__version__",
    "analyze",
]
