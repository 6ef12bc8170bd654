"""Stories and storylines: which articles report the same event, and which events belong together.

An article becomes a hashed TF-IDF vector of its (lightly stemmed) content words, its title
counted twice, plus its resolved entity ids when the entity layer has run. Articles are clustered
in publication order, one day at a time, against the stories active in a date window (online
centroid clustering as in news-stream systems): an article joins the most similar story when the
cosine to the story's centroid reaches a threshold, otherwise it opens a new story. The date
window is the blocking that keeps 100,000 articles tractable and makes the clustering incremental:
new articles only meet the stories of their own days. Stories are then linked into storylines by a
looser centroid similarity over a window of months, so the summit and its follow-up half a year
later stay separate stories of one storyline.

Within a story, near-duplicates are found by word 5-gram containment, confirmed only where the
vectors are already close: a copy in the same outlet is a "duplicate", in another one
"syndicated" (agency text). Each story gets the title of its most central article and a short
extractive summary (MMR over lead sentences) whose sentences cite their articles.
"""

from .clustering import StorySettings
from .in_memory import Clustering, Story, cluster_articles
from .incremental import StoryUpdate, update_stories
from .record import StoryRecord, story_record
from .state import StoryRows

__all__ = [
    "Clustering",
    "Story",
    "StoryRecord",
    "StoryRows",
    "StorySettings",
    "StoryUpdate",
    "cluster_articles",
    "story_record",
    "update_stories",
]
