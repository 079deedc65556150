-- Norms and ambitions per figure (issue 5, PRODUCT.md section 5 "signals"), coalition-wide.
-- The figures themselves and their bounds are a table in src/domain/norms.c, so figure is not
-- a foreign key; a row for a figure this program no longer knows is ignored when read. A row
-- exists only while at least one of the two is set: clearing both deletes it. The order of
-- norm and ambition depends on the figure's direction (higher or lower is better), so it is
-- checked by the program, not here.
CREATE TABLE norms (
    figure     TEXT PRIMARY KEY CHECK (figure <> ''),
    norm       REAL,
    ambition   REAL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    CHECK (norm IS NOT NULL OR ambition IS NOT NULL)
);
