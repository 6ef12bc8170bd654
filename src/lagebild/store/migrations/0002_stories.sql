-- lagebild store, schema version 2: stories (articles about the same event), storylines (stories
-- of one developing matter over months), near-duplicate marks, the incremental clustering state
-- and a cache of the outlet comparison per story.

CREATE TABLE storylines (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    first_date TEXT,
    last_date TEXT,
    stories INTEGER NOT NULL DEFAULT 0,
    articles INTEGER NOT NULL DEFAULT 0,
    centroid BLOB NOT NULL            -- sum of its stories' unit centroids, sparse (see below)
);
CREATE INDEX storylines_last_date ON storylines(last_date);

CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    storyline_id INTEGER REFERENCES storylines(id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '[]', -- JSON: [{"text", "article_id", "outlet", "sentence"}]
    first_date TEXT,
    last_date TEXT,
    articles INTEGER NOT NULL DEFAULT 0,
    outlets INTEGER NOT NULL DEFAULT 0,
    centroid BLOB NOT NULL,           -- sum of member vectors, sparse: int32 indices + float32 values
    norm2 REAL NOT NULL,              -- squared length of that sum
    updated_at TEXT NOT NULL
);
CREATE INDEX stories_last_date ON stories(last_date);
CREATE INDEX stories_storyline ON stories(storyline_id, first_date);
CREATE INDEX stories_size ON stories(articles DESC, last_date DESC);

CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    similarity REAL NOT NULL,         -- cosine to the story when it joined
    duplicate_of TEXT,                -- an earlier member this one copies, if any
    duplicate_kind TEXT,              -- "duplicate" (same outlet) or "syndicated" (another outlet)
    duplicate_score REAL
);
CREATE INDEX story_articles_story ON story_articles(story_id);

-- Unit-length hashed term vectors of clustered articles, kept so that new articles are compared
-- with stored ones without re-reading their text.
CREATE TABLE article_vectors (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    vector BLOB NOT NULL
);

-- Key/value state of the clustering: document frequencies of the hashed terms, article count.
CREATE TABLE story_state (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE story_comparisons (
    story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    data TEXT NOT NULL,               -- JSON of lagebild.corpus.compare.compare_story()
    updated_at TEXT NOT NULL
);

-- For the web app's quote explorer, entity pages and article lists.
CREATE INDEX IF NOT EXISTS quotes_speaker_text ON quotes(speaker_text);
CREATE INDEX IF NOT EXISTS entity_mentions_article ON entity_mentions(article_id, entity_id);
CREATE INDEX IF NOT EXISTS articles_outlet_published ON articles(outlet, published);
CREATE INDEX IF NOT EXISTS entities_mentions ON entities(mentions DESC, name);
