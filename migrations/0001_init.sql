-- verrijkt: the initial schema.
-- Dates are ISO text 'YYYY-MM-DD', times 'HH:MM', moments 'YYYY-MM-DDTHH:MM' (local time)
-- or, for bookkeeping, 'YYYY-MM-DDTHH:MM:SS.SSS'. Keys are the stable identifiers of the
-- JSON load format; ids are internal.

CREATE TABLE coalition (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    city TEXT NOT NULL DEFAULT ''
);

CREATE TABLE domains (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE holidays (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    date_from TEXT NOT NULL,
    date_to   TEXT NOT NULL,
    CHECK (date_from <= date_to),
    UNIQUE (name, date_from)
);

CREATE TABLE schools (
    id   INTEGER PRIMARY KEY,
    key  TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'po' CHECK (kind IN ('po', 'vo'))
);

CREATE TABLE providers (
    id       INTEGER PRIMARY KEY,
    key      TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    external INTEGER NOT NULL DEFAULT 1 CHECK (external IN (0, 1))
);

CREATE TABLE staff (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    name        TEXT NOT NULL,
    level       TEXT NOT NULL DEFAULT 'start' CHECK (level IN ('start', 'basis', 'vak')),
    vog_date    TEXT
);
CREATE INDEX staff_provider ON staff(provider_id);

CREATE TABLE activities (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    school_id    INTEGER NOT NULL REFERENCES schools(id),
    provider_id  INTEGER REFERENCES providers(id),
    title        TEXT NOT NULL,
    goal         TEXT NOT NULL DEFAULT '',
    location     TEXT NOT NULL DEFAULT '',
    grade_min    INTEGER NOT NULL,
    grade_max    INTEGER NOT NULL,
    capacity     INTEGER NOT NULL CHECK (capacity > 0),
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_time   TEXT NOT NULL,
    end_time     TEXT NOT NULL,
    date_from    TEXT NOT NULL,
    date_until   TEXT NOT NULL,
    signup_from  TEXT,
    signup_until TEXT,
    open_to      TEXT NOT NULL DEFAULT 'school' CHECK (open_to IN ('school', 'coalition')),
    CHECK (grade_min <= grade_max),
    CHECK (start_time < end_time),
    CHECK (date_from <= date_until)
);
CREATE INDEX activities_school ON activities(school_id);
CREATE INDEX activities_provider ON activities(provider_id);

CREATE TABLE activity_domains (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    domain_id   INTEGER NOT NULL REFERENCES domains(id),
    PRIMARY KEY (activity_id, domain_id)
) WITHOUT ROWID;
CREATE INDEX activity_domains_domain ON activity_domains(domain_id);

CREATE TABLE activity_staff (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (activity_id, staff_id)
) WITHOUT ROWID;
CREATE INDEX activity_staff_staff ON activity_staff(staff_id);

-- One dated occurrence. slot_date is the date the weekly schedule gave it (stable, unique);
-- date/start/end are where it actually takes place (a moved session differs).
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    slot_date     TEXT NOT NULL,
    date          TEXT NOT NULL,
    start_time    TEXT NOT NULL,
    end_time      TEXT NOT NULL,
    cancelled     INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    reason        TEXT NOT NULL DEFAULT '',
    UNIQUE (activity_id, slot_date)
);
CREATE INDEX sessions_date ON sessions(date);
CREATE INDEX sessions_activity_date ON sessions(activity_id, date);

CREATE TABLE pupils (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    school_id    INTEGER NOT NULL REFERENCES schools(id),
    number       TEXT NOT NULL,
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    grade        INTEGER NOT NULL,
    class        TEXT NOT NULL DEFAULT '',
    priority     INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    link_code    TEXT UNIQUE,
    safety_notes TEXT NOT NULL DEFAULT '',
    left_on      TEXT,
    UNIQUE (school_id, number)
);
CREATE INDEX pupils_school_grade ON pupils(school_id, grade);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('lead', 'coordinator', 'staff', 'parent')),
    password_hash TEXT NOT NULL,
    school_id     INTEGER REFERENCES schools(id),
    staff_id      INTEGER REFERENCES staff(id),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now')),
    CHECK (role <> 'coordinator' OR school_id IS NOT NULL),
    CHECK (role <> 'staff' OR staff_id IS NOT NULL)
);

CREATE TABLE parent_children (
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    pupil_id INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, pupil_id)
) WITHOUT ROWID;
CREATE INDEX parent_children_pupil ON parent_children(pupil_id);

-- Login sessions: only a hash of the cookie's token is kept.
CREATE TABLE logins (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    flash      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX logins_user ON logins(user_id);

-- Failed logins, for throttling (per email and per address).
CREATE TABLE login_failures (
    id      INTEGER PRIMARY KEY,
    email   TEXT NOT NULL COLLATE NOCASE,
    address TEXT NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email, at);
CREATE INDEX login_failures_address ON login_failures(address, at);

-- Enrolments are never deleted; created_at orders the waiting list.
CREATE TABLE enrolments (
    id          INTEGER PRIMARY KEY,
    pupil_id    INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('enrolled', 'waitlisted', 'cancelled')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (pupil_id, activity_id)
);
CREATE INDEX enrolments_activity_status ON enrolments(activity_id, status, created_at);

CREATE TABLE enrolment_history (
    id           INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments(id) ON DELETE CASCADE,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    user_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at           TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX enrolment_history_enrolment ON enrolment_history(enrolment_id);

CREATE TABLE attendance (
    session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    pupil_id    INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    involvement INTEGER CHECK (involvement BETWEEN 1 AND 5),
    PRIMARY KEY (session_id, pupil_id)
) WITHOUT ROWID;
CREATE INDEX attendance_pupil ON attendance(pupil_id);

CREATE TABLE rounds (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    school_id     INTEGER NOT NULL REFERENCES schools(id),
    opens         TEXT NOT NULL,
    closes        TEXT NOT NULL,
    choices       INTEGER NOT NULL DEFAULT 3 CHECK (choices BETWEEN 1 AND 10),
    max_per_child INTEGER NOT NULL DEFAULT 1 CHECK (max_per_child BETWEEN 1 AND 10),
    seed          INTEGER,
    closed_at     TEXT
);

CREATE TABLE round_activities (
    round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, activity_id)
) WITHOUT ROWID;

CREATE TABLE preferences (
    round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    pupil_id    INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    rank        INTEGER NOT NULL CHECK (rank >= 1),
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, pupil_id, rank),
    UNIQUE (round_id, pupil_id, activity_id)
) WITHOUT ROWID;

-- Who changed what, and when.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now')),
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    action  TEXT NOT NULL,
    entity  TEXT NOT NULL,
    entity_id INTEGER,
    detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
