-- lagebild store, schema version 4: meaning-level vectors of the multilingual sentence encoder,
-- computed once per article (its title and lead) and kept, so that clustering and comparison
-- never embed a stored article again.

CREATE TABLE article_embeddings (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    model TEXT NOT NULL,              -- which encoder made it
    vector BLOB NOT NULL              -- float32 little-endian, unit length
);

-- The sentences the outlet comparison aligned, embedded once (only sentences long enough to be
-- facts, of articles in stories of two or more).
CREATE TABLE sentence_embeddings (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    model TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (article_id, start, end)
);
