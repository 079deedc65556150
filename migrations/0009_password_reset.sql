-- Forgotten passwords (issue 10): a one-time link by e-mail. Only a hash of the link's token is
-- kept; a link works until expires_at (unix seconds) and once (used_at).
CREATE TABLE password_resets (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX password_resets_user ON password_resets(user_id);

-- Every request for a link, known address or not, for throttling per address and per e-mail;
-- pruned to the last day.
CREATE TABLE password_reset_requests (
    email   TEXT NOT NULL COLLATE NOCASE,
    address TEXT NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX password_reset_requests_email ON password_reset_requests(email, at);
CREATE INDEX password_reset_requests_address ON password_reset_requests(address, at);
