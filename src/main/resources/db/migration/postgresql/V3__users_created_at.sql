-- The command line (issue 11): `users list` shows when each account registered. Milliseconds since the epoch,
-- UTC, as elsewhere; NULL for accounts made before this version (nobody recorded it then).
ALTER TABLE users ADD COLUMN created_at BIGINT;
