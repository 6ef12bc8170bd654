-- lagebild store, schema version 5: the entity mentions as the stages found them, kept beside
-- the resolved ones in entity_mentions, so that every resolution of the corpus starts from the
-- same input: what a run resolves no longer depends on what earlier runs resolved (the result is
-- the same whether articles arrive in one run or in many, in any order, and a second run over
-- the same store changes nothing). And the corpus state: which articles the corpus steps have
-- seen, so that a run that adds nothing skips them.

CREATE TABLE stage_mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    source TEXT,
    PRIMARY KEY (article_id, start, end)
);

-- A store written before this version kept only the resolved mentions: they are the best input
-- there is, without the names a resolution added from other articles (source 'corpus'), which
-- the next resolution finds again where they still apply.
INSERT INTO stage_mentions
    SELECT article_id, start, end, text, label, source FROM entity_mentions
    WHERE source IS NOT 'corpus';

CREATE TABLE corpus_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
