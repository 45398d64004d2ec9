-- Abuse limits shared by every server on this database (issue 12; microblog.throttle.store=database): one counter
-- per limit and key. The key is a SHA-256 of the address or username-address pair, so no address is stored.
-- Times are milliseconds since the epoch, UTC; expires_at is when the counter stops counting.
CREATE TABLE limits (
    name       TEXT    NOT NULL,
    key_hash   TEXT    NOT NULL,
    started_at INTEGER NOT NULL,
    last_at    INTEGER NOT NULL,
    count      INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (name, key_hash)
);
CREATE INDEX limits_expires ON limits (expires_at);
