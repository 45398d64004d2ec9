package microblog.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Arrays;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Tells a database that is unavailable for now (locked, read-only, full, gone) from a bug in a query. */
public final class DatabaseFaults {
    /** SQLite's primary result codes that say "not now", not "wrong query". */
    private static final Set<Integer> UNAVAILABLE = Set.of(
            SQLiteErrorCode.SQLITE_BUSY.code, SQLiteErrorCode.SQLITE_LOCKED.code,
            SQLiteErrorCode.SQLITE_READONLY.code, SQLiteErrorCode.SQLITE_IOERR.code,
            SQLiteErrorCode.SQLITE_FULL.code, SQLiteErrorCode.SQLITE_CANTOPEN.code,
            SQLiteErrorCode.SQLITE_PROTOCOL.code, SQLiteErrorCode.SQLITE_NOTADB.code,
            SQLiteErrorCode.SQLITE_CORRUPT.code);

    /**
     * PostgreSQL's SQL states that say "not now": the server is out of reach or shutting down ({@code 57P01}
     * admin_shutdown, {@code 57P02} crash_shutdown, {@code 57P03} cannot_connect_now); class {@code 08}, connection
     * exceptions, is matched by its prefix.
     */
    private static final Set<String> POSTGRESQL_UNAVAILABLE = Set.of("57P01", "57P02", "57P03");
    private static final String POSTGRESQL_CONNECTION_CLASS = "08";
    /**
     * PostgreSQL's serialization_failure and deadlock_detected: the transaction was rolled back only because of
     * another one running at the same time, so running it again may succeed.
     */
    private static final Set<String> POSTGRESQL_RETRY = Set.of("40001", "40P01");
    /** PostgreSQL's unique_violation. */
    private static final String POSTGRESQL_UNIQUE = "23505";

    /** How HikariCP says its pool was closed (it gives no error code or SQL state for it). */
    private static final String POOL_CLOSED = "has been closed.";

    private DatabaseFaults() {
    }

    public static boolean isUnavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;                                  // no pooled connection came free in time
            }
            if (cause instanceof SQLException closed && String.valueOf(closed.getMessage()).endsWith(POOL_CLOSED)) {
                return true;                                  // the app is stopping while a request still runs
            }
            if (cause instanceof SQLiteException sqlite && UNAVAILABLE.contains(sqlite.getResultCode().code & 0xff)) {
                return true;
            }
            if (cause instanceof PSQLException postgres && postgres.getSQLState() != null
                    && (postgres.getSQLState().startsWith(POSTGRESQL_CONNECTION_CLASS)
                    || POSTGRESQL_UNAVAILABLE.contains(postgres.getSQLState()))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether the database rolled the transaction back because of a concurrent one (a deadlock victim, a
     * serialization failure), so that the same transaction run again may succeed: see {@link TransactionRetries}.
     */
    public static boolean mustRetry(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException postgres && POSTGRESQL_RETRY.contains(postgres.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether the error is the unique index on {@code table.column} refusing a duplicate, in either dialect: SQLite
     * says {@code UNIQUE constraint failed: users.username} (the column; its code is SQLITE_CONSTRAINT_UNIQUE),
     * PostgreSQL gives SQL state 23505 and the index's name, which its scripts make {@code users_username}.
     */
    public static boolean violatesUnique(Throwable error, String table, String column) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite
                    && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                String message = String.valueOf(sqlite.getMessage());
                int columns = message.indexOf(": ", message.indexOf("UNIQUE constraint failed"));
                String named = columns < 0 ? "" : message.substring(columns + 2).replace(")", "").strip();
                return Arrays.asList(named.split(",\\s*")).contains(table + "." + column);
            }
            if (cause instanceof PSQLException postgres && POSTGRESQL_UNIQUE.equals(postgres.getSQLState())) {
                ServerErrorMessage details = postgres.getServerErrorMessage();
                return details != null && (table + "_" + column).equals(details.getConstraint());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
