-- The pupil's rights (issue 14, PRODUCT.md rule 8). A deleted pupil stays as an anonymous row
-- (anonymised = 1: no name, number, notes, link code, parents, contacts), so that its
-- enrolments and marks keep every report of every past period the same. privacy_purges: each
-- run of the purge of pupils who left long ago, for the lead to see.
ALTER TABLE pupils ADD COLUMN anonymised INTEGER NOT NULL DEFAULT 0 CHECK (anonymised IN (0, 1));
CREATE TABLE privacy_purges (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    removed INTEGER NOT NULL,
    by      TEXT NOT NULL -- 'serve' (the daily run) or 'command' (verrijkt purge)
);
