package microblog.db;

import java.util.List;
import java.util.Locale;

/**
 * What differs between the two databases microblog runs on, in one place: the migration scripts, the table that
 * records them, how migrations keep out of each other's way, how the operator's commands list the tables, and the
 * SQL fragments the DAOs use through Jdbi's defined attributes ({@code <lower>}, {@code <forUpdate>}). Everything
 * else in the DAOs is SQL both accept.
 */
public enum Dialect {
    /** The embedded default: one file, {@code COLLATE NOCASE} columns, a write lock per transaction. */
    SQLITE("sqlite", "", "",
            "CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at INTEGER NOT NULL)",
            null,
            "SELECT name FROM sqlite_master WHERE type = 'table'",
            List.of("V1__users_posts_remember_tokens.sql",
                    "V2__sign_ins_password_resets_outbox.sql",
                    "V3__users_created_at.sql",
                    "V4__limits.sql",
                    "V5__change_notifications.sql")),
    /** Several servers on one shared database. */
    POSTGRESQL("postgresql", "lower", "FOR NO KEY UPDATE",
            "CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            // Taken before even the CREATE TABLE IF NOT EXISTS, which two sessions racing on an empty database
            // can both attempt (one then fails on the catalog's unique index); released when the transaction ends.
            "SELECT 1 FROM pg_advisory_xact_lock(7236975620943761185)",
            // The schema the migrations' unqualified CREATE TABLEs wrote to: the first of the search_path.
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
            List.of("V1__users_posts_remember_tokens.sql",
                    "V2__sign_ins_password_resets_outbox.sql",
                    "V3__users_created_at.sql",
                    "V4__limits.sql",
                    "V5__change_notifications.sql"));

    /**
     * The defined attribute DAOs write as {@code <lower>(username) = <lower>(:username)} for a case-insensitive
     * match of a username or an email. On SQLite it is empty: those columns are {@code COLLATE NOCASE}, and a bare
     * column keeps its unique index in use. On PostgreSQL it is {@code lower}, matching the unique indexes on
     * {@code lower(username)} and {@code lower(email)}. The two agree on every value that can be stored, since
     * usernames are ASCII letters, digits and {@code ._-} and emails follow the HTML rule, which is ASCII too.
     */
    public static final String LOWER = "lower";

    /**
     * The defined attribute ending a {@code SELECT} of one row that the transaction goes on to change: it locks the
     * row until the transaction ends, so that a concurrent transaction doing the same waits and then reads what this
     * one wrote, instead of both acting on what was there before. On PostgreSQL it is {@code FOR NO KEY UPDATE},
     * the lock an {@code UPDATE} of the row's other columns takes (it leaves foreign keys pointing at the row
     * alone). On SQLite it is empty: a transaction holds the database's write lock from its start.
     */
    public static final String FOR_UPDATE = "forUpdate";

    private final String folder;
    private final String lower;
    private final String forUpdate;
    private final String schemaVersionTable;
    private final String migrationLock;
    private final String tablesQuery;
    private final List<String> scripts;

    Dialect(String folder, String lower, String forUpdate, String schemaVersionTable, String migrationLock,
            String tablesQuery, List<String> scripts) {
        this.folder = folder;
        this.lower = lower;
        this.forUpdate = forUpdate;
        this.schemaVersionTable = schemaVersionTable;
        this.migrationLock = migrationLock;
        this.tablesQuery = tablesQuery;
        this.scripts = scripts;
    }

    /** The dialect of a {@code microblog.db} setting: a {@code jdbc:postgresql:} URL, else SQLite. */
    public static Dialect of(String location) {
        return location.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:") ? POSTGRESQL : SQLITE;
    }

    /** The migration scripts in order; a new one goes at the end, and a released one is never edited. */
    List<String> scripts() {
        return scripts;
    }

    /** The class-path resource of one of {@link #scripts()}. */
    String scriptPath(String script) {
        return "/db/migration/" + folder + "/" + script;
    }

    String schemaVersionTable() {
        return schemaVersionTable;
    }

    /** A query (one row) making concurrent migrations wait for one another, or null where the transaction does. */
    String migrationLock() {
        return migrationLock;
    }

    /** A query listing the names of the tables microblog's migrations made (and any others beside them). */
    String tablesQuery() {
        return tablesQuery;
    }

    /** The value of the {@code <lower>} attribute (see {@link #LOWER}). */
    String lower() {
        return lower;
    }

    /** The value of the {@code <forUpdate>} attribute (see {@link #FOR_UPDATE}). */
    String forUpdate() {
        return forUpdate;
    }
}
