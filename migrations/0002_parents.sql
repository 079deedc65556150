-- Parents: sign-up, notifications, the outbox, link codes and calendar feeds (issue 3).

-- A link code (koppelcode) is used once: when and by whom, so that a second try says "used"
-- rather than "wrong".
ALTER TABLE pupils ADD COLUMN link_code_used_at TEXT;
ALTER TABLE pupils ADD COLUMN link_code_used_by INTEGER REFERENCES users(id) ON DELETE SET NULL;

-- The language a user chose ('' = follow the browser).
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT '';

-- A private calendar feed per parent and child: the token is the secret in its URL.
ALTER TABLE parent_children ADD COLUMN feed_token TEXT;
CREATE UNIQUE INDEX parent_children_feed ON parent_children(feed_token)
    WHERE feed_token IS NOT NULL;

-- Wrong link codes tried, for throttling (per account and per client address).
CREATE TABLE link_failures (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER,
    address TEXT NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX link_failures_user ON link_failures(user_id, at);
CREATE INDEX link_failures_address ON link_failures(address, at);

-- The round an enrolment came from (NULL: a direct sign-up).
ALTER TABLE enrolments ADD COLUMN round_id INTEGER REFERENCES rounds(id) ON DELETE SET NULL;
CREATE INDEX enrolments_pupil ON enrolments(pupil_id, status);

-- Rounds: who opened it, the allocation's outcome as shown on the result page.
ALTER TABLE rounds ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE rounds ADD COLUMN result TEXT;   -- JSON written by the allocation

-- What a parent should know about a child: shown on /parent until seen, and mailed.
-- kind: enrolled, waitlisted, promoted, place_lost, cancelled, session_cancelled,
-- session_moved, unplaced (a round gave no seat).
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    pupil_id    INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    activity_id INTEGER REFERENCES activities(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    seen_at     TEXT
);
CREATE INDEX notifications_user ON notifications(user_id, created_at);

-- Messages to send, rendered in the recipient's language when written.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER REFERENCES notifications(id) ON DELETE SET NULL,
    to_email        TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_unsent ON outbox(id) WHERE sent_at IS NULL;
