package microblog.db;

/**
 * The database named is not one the operator's commands may use: no such file, not a SQLite database, not
 * microblog's, or of another schema version. The message is one line that says which and what to do.
 */
public final class WrongDatabaseException extends RuntimeException {
    WrongDatabaseException(String message) {
        super(message);
    }

    WrongDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
