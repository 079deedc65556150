-- The yearly review of a school (jaargesprek, issue 5): the conclusions of the conversation
-- between the school and the coalition lead, per theme of the quality plan (seed 000_…:
-- doelgerichtheid, verbinding thuis-school, personeel, duur en intensiteit, coördinatie) and
-- the agreements made. One row per school, school year and theme; year is the calendar year
-- the school year starts in (2025 = 2025–2026). The themes are a table in
-- src/domain/reviews.c, so theme is not a foreign key; a row of a theme the program no longer
-- knows is ignored when read. A theme emptied again loses its row (the audit log keeps who
-- did it). updated_by becomes NULL only when the account is removed.
CREATE TABLE review_conclusions (
    school_id  INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    theme      TEXT NOT NULL CHECK (theme <> ''),
    text       TEXT NOT NULL CHECK (text <> ''),
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (school_id, year, theme)
) WITHOUT ROWID;
