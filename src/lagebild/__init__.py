"""lagebild: a situation picture from many German news articles.

>>> import lagebild
>>> corpus = lagebild.analyze(["articles/"], db="lagebild.db")
>>> corpus.articles[0].quotes
"""

from .errors import InputError, LagebildError, ResourceError, StoreError
from .model import (
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
from .pipeline import analyze
from .store import Store
from .version import __version__

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
