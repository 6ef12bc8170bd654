-- lagebild store, schema version 1: articles and their annotation layers, runs, skipped inputs.
-- Offsets index articles.text ([start, end) in Python characters).

CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    version TEXT NOT NULL,
    command TEXT NOT NULL,
    settings TEXT NOT NULL,           -- JSON: inputs, outlet, genre, stages
    articles_added INTEGER DEFAULT 0,
    articles_known INTEGER DEFAULT 0,
    skipped INTEGER DEFAULT 0
);

CREATE TABLE articles (
    id TEXT PRIMARY KEY,              -- content hash of the cleaned text and its metadata
    source TEXT NOT NULL,
    title TEXT,
    published TEXT,                   -- YYYY-MM-DD[THH:MM] or NULL, never invented
    outlet TEXT,
    author TEXT,
    url TEXT,
    language TEXT NOT NULL,
    genre TEXT NOT NULL DEFAULT 'news',
    text TEXT NOT NULL,
    words INTEGER NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    added_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);

CREATE TABLE removed (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    rule TEXT,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE warnings (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);

-- Tokens are stored compactly per article (JSON array of [start, end, pos, lemma]).
CREATE TABLE tokens (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    data TEXT NOT NULL
);

CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    mentions INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL                -- JSON of the whole Entity record
);
CREATE INDEX entities_label ON entities(label);

CREATE TABLE entity_mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    entity_id TEXT,
    source TEXT,
    PRIMARY KEY (article_id, start, end)
);
CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);

CREATE TABLE quotes (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    speaker_text TEXT,
    speaker_kind TEXT,
    speaker_entity TEXT,
    cue_text TEXT,
    data TEXT NOT NULL,               -- JSON of the whole Quote record
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX quotes_speaker_entity ON quotes(speaker_entity);

CREATE TABLE timexes (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    mod TEXT,
    PRIMARY KEY (article_id, start, end)
);
CREATE INDEX timexes_value ON timexes(value);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    text TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX events_date ON events(date);

CREATE TABLE skipped (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER REFERENCES runs(id),
    source TEXT NOT NULL,
    line INTEGER,
    reason TEXT NOT NULL
);

CREATE TABLE outlets (
    name TEXT PRIMARY KEY,
    country TEXT,
    kind TEXT,
    notes TEXT
);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
END;
