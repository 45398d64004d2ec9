-- AUTOINCREMENT: an id is never reused, so a deleted user's session or remember-me cookie can never name a newer user.
-- Usernames and emails are unique ignoring case; the schema enforces it, so two racing registrations cannot both win.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL COLLATE NOCASE,
    email         TEXT    NOT NULL COLLATE NOCASE,
    password_hash TEXT    NOT NULL
);
CREATE UNIQUE INDEX users_username ON users (username COLLATE NOCASE);
CREATE UNIQUE INDEX users_email ON users (email COLLATE NOCASE);

-- timestamp: milliseconds since the epoch, UTC.
CREATE TABLE posts (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    body      TEXT    NOT NULL,
    timestamp INTEGER NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX posts_timestamp ON posts (timestamp);
CREATE INDEX posts_user ON posts (user_id, timestamp);

-- Remember-me: the cookie carries selector:validator; only a SHA-256 of the validator is kept. previous_hash and
-- rotated_at let the token just replaced work for a few seconds, so parallel tabs do not look like theft.
CREATE TABLE remember_tokens (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    selector       TEXT    NOT NULL UNIQUE,
    validator_hash TEXT    NOT NULL,
    previous_hash  TEXT,
    rotated_at     INTEGER,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at     INTEGER NOT NULL
);
CREATE INDEX remember_tokens_user ON remember_tokens (user_id);
CREATE INDEX remember_tokens_expires ON remember_tokens (expires_at);

-- Per-installation secrets (the key that signs cookies), made at first start; never in the repository.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
