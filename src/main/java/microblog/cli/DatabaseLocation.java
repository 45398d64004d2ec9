package microblog.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import microblog.Settings;

/**
 * Which database a command works on and which setting named it: {@code --db}, else the server's own setting
 * ({@code microblog.db} as a system property, else {@code MICROBLOG_DB}), else the default file.
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

    /** The file a plain path or a {@code jdbc:sqlite:} URL names. */
    Path file() {
        String path = location.startsWith("jdbc:sqlite:") ? location.substring("jdbc:sqlite:".length()) : location;
        int query = path.indexOf('?');
        return Path.of(query < 0 ? path : path.substring(0, query)).toAbsolutePath();
    }

    /** A database the commands may use exists; they never create one (a typo would make an empty database). */
    DatabaseLocation requireFile() {
        if (location.startsWith("jdbc:") && !location.startsWith("jdbc:sqlite:")) {
            throw new CommandFailed("The commands work on SQLite files; " + location + " (from " + source
                    + ") is not one.");
        }
        Path file = file();
        if (!Files.isRegularFile(file)) {
            throw new CommandFailed("No database at " + file + " (from " + source + "). Give the "
                    + "server's database with --db PATH, -Dmicroblog.db=PATH before -jar, or MICROBLOG_DB.");
        }
        return this;
    }
}
