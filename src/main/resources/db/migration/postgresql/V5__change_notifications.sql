-- Change notifications for the read caches of every server (db/DataVersion): each statement that changes one of
-- these tables notifies the channel microblog_changes, which PostgreSQL delivers to the listening watchers of every
-- server when the transaction commits (and not at all when it rolls back). One notification per transaction at most:
-- PostgreSQL folds a transaction's identical notifications into one. limits and outbox are left out: they change at
-- every failed login and every mail, and no cache reads them; a cache of another table needs its trigger here.
-- The function's body is a plain quoted string, since the migration runner splits scripts at semicolons.
CREATE FUNCTION microblog_notify_change() RETURNS trigger LANGUAGE plpgsql AS
'BEGIN PERFORM pg_notify(''microblog_changes'', ''''); RETURN NULL; END';

CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION microblog_notify_change();
CREATE TRIGGER posts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON posts
    FOR EACH STATEMENT EXECUTE FUNCTION microblog_notify_change();
CREATE TRIGGER sign_ins_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sign_ins
    FOR EACH STATEMENT EXECUTE FUNCTION microblog_notify_change();
CREATE TRIGGER remember_tokens_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON remember_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION microblog_notify_change();
CREATE TRIGGER password_resets_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON password_resets
    FOR EACH STATEMENT EXECUTE FUNCTION microblog_notify_change();
CREATE TRIGGER secrets_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON secrets
    FOR EACH STATEMENT EXECUTE FUNCTION microblog_notify_change();
