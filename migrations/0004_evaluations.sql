-- Evaluations after a session (nabespreking) and safety incidents (issue 4).

-- One evaluation per session and author: the staff who ran the activity, the coordinator
-- and the lead each write their own; saving again changes it. user_id becomes NULL only when
-- an account is removed, so that the text stays with the session.
CREATE TABLE evaluations (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    went_well  TEXT NOT NULL,
    to_change  TEXT NOT NULL,
    as_planned TEXT NOT NULL CHECK (as_planned IN ('yes', 'partly', 'no')),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (session_id, user_id)
);

-- A safety incident at a session. The school and the activity are kept beside the session
-- so that an incident outlives a session that leaves the schedule (session_id then becomes
-- NULL) and is found by school without a join. occurred_on is the day it happened.
CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES schools(id),
    activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,
    session_id  INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    occurred_on TEXT NOT NULL,
    what        TEXT NOT NULL CHECK (what <> ''),
    involved    TEXT NOT NULL DEFAULT '',
    measures    TEXT NOT NULL CHECK (measures <> ''),
    severity    TEXT NOT NULL CHECK (severity IN ('laag', 'middel', 'hoog')),
    reported_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX incidents_school ON incidents(school_id, occurred_on);
CREATE INDEX incidents_session ON incidents(session_id);

-- Incidents are never deleted (PRODUCT.md rule 8: who changed what is kept).
CREATE TRIGGER incidents_never_deleted BEFORE DELETE ON incidents
BEGIN
    SELECT RAISE(ABORT, 'incidents are never deleted');
END;

-- The pupils involved, picked from those enrolled in the activity. A pupil who is deleted
-- (privacy) drops out of the list; the incident stays.
CREATE TABLE incident_pupils (
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    pupil_id    INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    PRIMARY KEY (incident_id, pupil_id)
) WITHOUT ROWID;
CREATE INDEX incident_pupils_pupil ON incident_pupils(pupil_id);
