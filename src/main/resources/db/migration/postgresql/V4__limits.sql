-- Abuse limits shared by every server on this database (microblog.throttle.store=database), as in SQLite's V4:
-- one counter per limit and key hash (a SHA-256: no address is stored); times in milliseconds since the epoch.
CREATE TABLE limits (
    name       TEXT    NOT NULL,
    key_hash   TEXT    NOT NULL,
    started_at BIGINT  NOT NULL,
    last_at    BIGINT  NOT NULL,
    count      INTEGER NOT NULL,
    expires_at BIGINT  NOT NULL,
    PRIMARY KEY (name, key_hash)
);
CREATE INDEX limits_expires ON limits (expires_at);
