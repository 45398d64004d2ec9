package microblog.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
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
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
