-- lagebild store, schema version 3: time expressions in TIMEX3 spans keep the preposition they
-- follow as their signal ("seit", "am") and, for a duration counted from a point ("zwei Tage
-- später"), the point it reaches as their anchor.

ALTER TABLE timexes ADD COLUMN signal TEXT;
ALTER TABLE timexes ADD COLUMN anchor TEXT;
