-- The mailer (issue 3): when an unsent message may be tried next, in Unix seconds. A failed
-- attempt moves it back (1 min, 5 min, 30 min, 2 h, 6 h); while a message is being sent the
-- mailer holds it ahead as a lease, so that no second sender takes the same row.
ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
