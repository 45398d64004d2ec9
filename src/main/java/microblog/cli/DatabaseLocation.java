package microblog.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import microblog.Settings;
import microblog.db.Database;
import microblog.db.DatabaseUnavailableException;
import microblog.db.Dialect;

/**
 * Which database a command works on and which setting named it: {@code --db}, else the server's own setting
 * ({@code microblog.db} as a system property, else {@code MICROBLOG_DB}), else the default file. A SQLite file, or
 * a {@code jdbc:postgresql:} URL, whose user and password come from the server's settings too.
 */
record DatabaseLocation(String location, String source) {
    static DatabaseLocation of(String option, Settings settings, Function<String, String> properties,
                               Map<String, String> environment) {
        if (option != null && !option.isBlank()) {
            return new DatabaseLocation(option.strip(), "--db");
        }
        String source;
        if (isSet(properties.apply(Settings.DB))) {
            source = "the system property " + Settings.DB;
        } else if (isSet(environment.get(Settings.environmentName(Settings.DB)))) {
            source = "the environment variable " + Settings.environmentName(Settings.DB);
        } else {
            source = "the default; no --db, " + Settings.DB + " or " + Settings.environmentName(Settings.DB);
        }
        return new DatabaseLocation(settings.database(), source);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    boolean postgresql() {
        return Dialect.of(location) == Dialect.POSTGRESQL;
    }

    /** The file a plain path or a {@code jdbc:sqlite:} URL names. */
    Path file() {
        String path = location.startsWith("jdbc:sqlite:") ? location.substring("jdbc:sqlite:".length()) : location;
        int query = path.indexOf('?');
        return Path.of(query < 0 ? path : path.substring(0, query)).toAbsolutePath();
    }

    /** The database as messages name it: the file, or the URL without its query string (it may hold a password). */
    String shown() {
        return postgresql() ? Database.shown(location) : file().toString();
    }

    /**
     * A database the commands may use exists; they never create one (a typo would make an empty database). Whether
     * a PostgreSQL database exists and is microblog's, only connecting tells.
     */
    DatabaseLocation requireExisting() {
        if (postgresql()) {
            return this;
        }
        if (location.startsWith("jdbc:") && !location.startsWith("jdbc:sqlite:")) {
            throw new CommandFailed("The commands work on SQLite files and jdbc:postgresql: URLs; " + location
                    + " (from " + source + ") is neither.");
        }
        Path file = file();
        if (!Files.isRegularFile(file)) {
            throw new CommandFailed("No database at " + file + " (from " + source + "). Give the "
                    + "server's database with --db PATH, -Dmicroblog.db=PATH before -jar, or MICROBLOG_DB.");
        }
        return this;
    }

    /** The one line for a database that cannot be reached: where, from which setting, why, and what to check. */
    CommandFailed unreachable(DatabaseUnavailableException e, Settings settings) {
        if (!postgresql()) {
            return new CommandFailed("Cannot open the database at " + shown() + " (from " + source + "): "
                    + sentence(e.reason()));
        }
        String user = settings.databaseUser() == null ? "no " + Settings.DB_USER + " set"
                : "user " + settings.databaseUser();
        return new CommandFailed("Cannot connect to " + shown() + " (from " + source + "; " + user + "): "
                + sentence(e.reason()) + " Check the URL, and the user and password the servers use: " + Settings.DB_USER
                + " and " + Settings.DB_PASSWORD + " (-D before -jar), or " + Settings.environmentName(Settings.DB_USER)
                + " and " + Settings.environmentName(Settings.DB_PASSWORD) + ".");
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }
}
