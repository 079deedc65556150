-- The families' contacts and the consents of a pupil (issue 14): filled in by the school.
-- emergency: the number to call when something happens at an activity (the register shows it
-- to the activity's staff). Consents: the kind, whether given, and on which day it was said.
CREATE TABLE pupil_contacts (
    id        INTEGER PRIMARY KEY,
    pupil_id  INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    relation  TEXT NOT NULL DEFAULT '',
    phone     TEXT NOT NULL DEFAULT '',
    email     TEXT NOT NULL DEFAULT '',
    emergency INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1))
);
CREATE INDEX pupil_contacts_pupil ON pupil_contacts(pupil_id, position);
CREATE TABLE pupil_consents (
    pupil_id INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('photos', 'home_alone')),
    given    INTEGER NOT NULL CHECK (given IN (0, 1)),
    given_on TEXT NOT NULL,
    PRIMARY KEY (pupil_id, kind)
) WITHOUT ROWID;
