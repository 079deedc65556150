-- Absence follow-up handled (issue 10, point 6): the coordinator notes that a run of absences
-- of a pupil in an activity was followed up (who called, what was agreed). The flag leaves the
-- start page until an absence after through_date starts a new run; the note stays, shown
-- with the next flag. One row per (activity, pupil): a new note replaces the old.
CREATE TABLE followup_handled (
    activity_id  INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    pupil_id     INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    through_date TEXT NOT NULL,
    note         TEXT NOT NULL,
    user_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (activity_id, pupil_id)
) WITHOUT ROWID;
CREATE INDEX followup_handled_pupil ON followup_handled(pupil_id);
