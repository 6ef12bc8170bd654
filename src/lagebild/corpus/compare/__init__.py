"""How each outlet tells one story: facts, voices, wording, discrepancies, headlines and leads.

``compare_story(articles)`` works on the articles of one story and returns plain data (JSON-ready)
in which every finding cites its article and character offsets. Each layer plugs in when present:
quotes give the voices (else a cue-and-name heuristic over sentences stands in, marked as such),
person mentions of the entity layer give the actors whose tone is measured, timexes give the
dates of discrepancies (else weekday names, ``data/de/weekdays.tsv``, and the day phrases of
``data/de/discrepancy_dates.tsv`` are resolved against the publication date). Speaker camps
come from ``data/de/camps.tsv``.

Facts are sentences aligned across articles: sentences of different articles whose TF-IDF
vectors of stemmed content words are close are joined greedily (most similar pairs first, never
two sentences of one article in one fact). That aligns paraphrases that share their content
words; it misses paraphrases that share none, which sentence embeddings would catch.
"""

from .comparison import StoryComparison, compare_story
from .lexicons import preload
from .stored import MAX_COMPARED_ARTICLES, compare_stored_stories

__all__ = [
    "MAX_COMPARED_ARTICLES",
    "StoryComparison",
    "compare_story",
    "compare_stored_stories",
    "preload",
]
