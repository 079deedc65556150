-- Visits (issue 15, part 3): the coordinator's or the lead's observation of a session that took
-- place (seed 000_…, randvoorwaarde 3: the coordinator visits activities to watch their
-- quality). One visit per session and visitor; saving again changes it. The working factors
-- as short ratings ('nvt': not applicable), the group's overall Leuven involvement (1–5, as the
-- register's scale; NULL when not given), a note. user_id becomes NULL only when the account
-- is removed, so that the visit keeps counting.
CREATE TABLE visits (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    goal        TEXT NOT NULL CHECK (goal IN ('goed', 'voldoende', 'onvoldoende', 'nvt')),
    home_school TEXT NOT NULL CHECK (home_school IN ('goed', 'voldoende', 'onvoldoende', 'nvt')),
    duration    TEXT NOT NULL CHECK (duration IN ('goed', 'voldoende', 'onvoldoende', 'nvt')),
    staff       TEXT NOT NULL CHECK (staff IN ('goed', 'voldoende', 'onvoldoende', 'nvt')),
    interests   TEXT NOT NULL CHECK (interests IN ('goed', 'voldoende', 'onvoldoende', 'nvt')),
    involvement INTEGER CHECK (involvement BETWEEN 1 AND 5),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (session_id, user_id)
);
