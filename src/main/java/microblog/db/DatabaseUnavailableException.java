package microblog.db;

/** The configured database cannot be created, opened or written; the message names the place and the setting. */
public final class DatabaseUnavailableException extends RuntimeException {
    private final String location;

    DatabaseUnavailableException(String location, Throwable cause) {
        super("Cannot use the database at " + Database.shown(location) + " (" + message(cause) + "). Set microblog.db "
                + "(system property, MICROBLOG_DB environment variable or context parameter) to a writable file path, "
                + "or to a reachable jdbc:postgresql: URL with microblog.db.user and microblog.db.password.", cause);
        this.location = Database.shown(location);
    }

    /** The database's location, without a PostgreSQL URL's query string (which may hold a password). */
    public String location() {
        return location;
    }

    /** Why, on one line: the driver's message, and the root cause's when that says more (an unknown host). */
    public String reason() {
        return reason(getCause());
    }

    private static String message(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().strip();
    }

    private static String reason(Throwable cause) {
        String message = message(cause);
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != cause && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getClass().getSimpleName() + ": " + root.getMessage().strip() + ")";
        }
        return message.replaceAll("\\s+", " ");
    }
}
