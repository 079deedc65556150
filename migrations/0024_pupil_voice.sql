-- The pupil's voice (issue 15, part 2; seed 002_…: "vragenlijsten om leerlinginteresses te
-- peilen", evaluation "op het niveau van de leerlingen").
--
-- A questionnaire: what a coordinator (or the activity's staff) opens for one lesson, reached
-- on a shared tablet at /q/{code} without an account. kind 'interest': the pupils of one group
-- (school_id, class) say what they like; kind 'feedback': the pupils enrolled in activity_id
-- say how they found the session session_id. date: the date the answers get (the day it was
-- opened; a feedback's session date). expires_at: unix seconds after which the code opens
-- nothing. The code is the only key: 6 symbols of the link codes' unambiguous alphabet.
CREATE TABLE questionnaires (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('interest', 'feedback')),
    school_id   INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    class       TEXT NOT NULL DEFAULT '',
    activity_id INTEGER REFERENCES activities(id) ON DELETE CASCADE,
    session_id  INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    expires_at  INTEGER NOT NULL,
    created_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    CHECK ((kind = 'interest' AND class <> '') OR (kind = 'feedback' AND session_id IS NOT NULL))
);
CREATE INDEX questionnaires_expires ON questionnaires(expires_at);

-- Wrong (or expired) questionnaire codes typed, per client address, for throttling; kept apart
-- from link_failures so that a class guessing codes does not lock out parents linking a child.
CREATE TABLE questionnaire_failures (
    id      INTEGER PRIMARY KEY,
    address TEXT NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX questionnaire_failures_address ON questionnaire_failures(address, at);

-- A pupil's interests on a date: the domains named (interest_answer_domains) and whether
-- "iets anders" was tapped. source 'class': on the tablet; 'parent': on the parent's page. One
-- answer per pupil, date and source; answering again that day replaces it.
CREATE TABLE interest_answers (
    id         INTEGER PRIMARY KEY,
    pupil_id   INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    other      INTEGER NOT NULL DEFAULT 0 CHECK (other IN (0, 1)),
    source     TEXT NOT NULL DEFAULT 'class' CHECK (source IN ('class', 'parent')),
    created_at TEXT NOT NULL,
    UNIQUE (pupil_id, date, source)
);
CREATE INDEX interest_answers_date ON interest_answers(date, pupil_id);

CREATE TABLE interest_answer_domains (
    answer_id INTEGER NOT NULL REFERENCES interest_answers(id) ON DELETE CASCADE,
    domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    PRIMARY KEY (answer_id, domain_id)
) WITHOUT ROWID;

-- A pupil's feedback on an activity on a date (its session's): "Hoe vond je het?" 1–3 (three
-- faces) and "Wil je dit nog eens doen?". One per pupil, activity and date.
CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    pupil_id    INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 3),
    again       INTEGER NOT NULL CHECK (again IN (0, 1)),
    created_at  TEXT NOT NULL,
    UNIQUE (pupil_id, activity_id, date)
);
CREATE INDEX feedback_activity ON feedback(activity_id, date);
CREATE INDEX feedback_date ON feedback(date);
