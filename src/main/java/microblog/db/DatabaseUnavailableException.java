package microblog.db;

/** The configured database cannot be created, opened or written; the message names the place and the setting. */
public final class DatabaseUnavailableException extends RuntimeException {
    DatabaseUnavailableException(String location, Throwable cause) {
        super("Cannot use the database at " + Database.shown(location) + " (" + reason(cause) + "). Set microblog.db "
                + "(system property, MICROBLOG_DB environment variable or context parameter) to a writable file path, "
                + "or to a reachable jdbc:postgresql: URL with microblog.db.user and microblog.db.password.", cause);
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.strip();
    }
}
