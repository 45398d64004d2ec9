-- The table Tomcat's DataSourceStore keeps the sessions of every node in (conf/Catalina/localhost/ROOT.xml names
-- it and its columns). Run once, in the sessions database, as its owner:  psql -d microblog_sessions -f sessions.sql
-- Tomcat writes and reads it with plain INSERT/SELECT/DELETE; it never creates or alters it.
CREATE TABLE tomcat_sessions (
    app         varchar(255) NOT NULL,  -- /Engine/Host/Context of the web application, e.g. /Catalina/localhost/
    id          varchar(100) NOT NULL,  -- the session id (JSESSIONID; 32 hex digits by default)
    valid       char(1)      NOT NULL,  -- '1' or '0'
    maxinactive integer      NOT NULL,  -- seconds (microblog.session.minutes * 60)
    lastaccess  bigint       NOT NULL,  -- milliseconds since 1970: with maxinactive, what the expiry sweep checks
    data        bytea        NOT NULL,  -- the serialized session: a few hundred bytes for microblog
    -- Every query of the store names both app and id; app first also serves the sweep's "WHERE app = ?".
    PRIMARY KEY (app, id)
);
