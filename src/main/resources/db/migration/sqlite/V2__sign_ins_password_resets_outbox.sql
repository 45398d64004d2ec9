-- Account care (issue 10). Times are milliseconds since the epoch, UTC, as in V1.

-- An operator can disable an account (the command line); its sign-ins end and it cannot log in.
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

-- One row per password login: the browser's session and its remember-me token belong to it. Ending a sign-in is
-- deleting its row (its remember-me token goes with it), which every server sees at the browser's next request.
CREATE TABLE sign_ins (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at     INTEGER NOT NULL,
    last_active_at INTEGER NOT NULL,
    client_address TEXT    NOT NULL,
    user_agent     TEXT    NOT NULL
);
CREATE INDEX sign_ins_user ON sign_ins (user_id);

-- A remember-me token continues its sign-in; tokens issued before sign-ins existed get one at their next use.
ALTER TABLE remember_tokens ADD COLUMN sign_in_id INTEGER REFERENCES sign_ins (id) ON DELETE CASCADE;
CREATE INDEX remember_tokens_sign_in ON remember_tokens (sign_in_id);

-- Password reset links: only a SHA-256 of the token is kept. Rows stay (used or voided) for a day so that the
-- per-account limit on reset mails can count them.
CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT    NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);

-- The transactional outbox: a mail is recorded in the same transaction as the change it reports and sent by a
-- background sender. kind 'mail' holds the finished mail; kind 'reset' holds only the address as typed and the
-- base URL: the sender looks the account up and makes the link when it sends, so a reset request costs the same
-- whether or not the address has an account, and no token is ever stored in the clear.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT    NOT NULL,
    recipient       TEXT    NOT NULL,
    subject         TEXT,
    body            TEXT,
    base_url        TEXT,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    given_up_at     INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND given_up_at IS NULL;
