-- lagebild store, schema version 6: for each article, the words where the resolution might find
-- a name the tagger missed (a capitalised word outside every mention the stages found, with and
-- without its genitive ending). The resolution looks for the corpus's names only in articles
-- that have one of their first words here, so it reads the tokens of those articles alone, not
-- of the whole store. Articles stored before this version get their row the first time the
-- corpus steps need it.

CREATE TABLE name_words (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    words TEXT NOT NULL               -- JSON array, sorted
);
