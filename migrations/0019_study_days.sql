-- Study days (studiedagen, issue 14): days on which one school's activities have no sessions,
-- handled like holidays for that school only (sessions with records are cancelled, never
-- deleted). note: what the day is, for the coordinator's list ("" when none).
CREATE TABLE study_days (
    id        INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    date      TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    UNIQUE (school_id, date)
);
