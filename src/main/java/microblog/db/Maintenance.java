package microblog.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * The operator's {@code db check} (SQLite and PostgreSQL) and {@code db backup} (SQLite), also while servers use the
 * database. They read through a plain connection that never creates the file, changes its journal mode or migrates
 * it.
 */
public final class Maintenance {
    /** How long a command waits for a server's write to finish. */
    private static final int BUSY_TIMEOUT_MILLIS = 15_000;
    /** The tables this version's schema has; {@code db check} looks for each. */
    private static final List<String> TABLES = List.of("users", "posts", "remember_tokens", "secrets", "sign_ins",
            "password_resets", "outbox", "limits", "schema_version");
    private static final int PROBLEMS_SHOWN = 10;

    private Maintenance() {
    }

    /**
     * What {@code db check} found: sound when there are no problems. {@code integrityChecked}: whether the data's
     * integrity was checked too (SQLite), or only the schema (PostgreSQL, which has no integrity_check).
     */
    public record Health(int schemaVersion, int latestVersion, boolean integrityChecked, List<String> problems) {
        public boolean sound() {
            return problems.isEmpty();
        }
    }

    /** The database's schema version. @throws WrongDatabaseException when it is no microblog database */
    static int schemaVersion(String location, String user, String password) {
        try (Connection connection = inspecting(location, user, password)) {
            return schemaVersion(connection, location);
        } catch (SQLException e) {
            throw unusable(location, e);
        }
    }

    /** {@link #check(String, String, String)} of a SQLite database. */
    public static Health check(String location) {
        return check(location, null, null);
    }

    /**
     * On SQLite, its full integrity check, the foreign keys, the schema version and this version's tables; on
     * PostgreSQL ({@code user} and {@code password} are its), the schema version and the tables.
     *
     * @throws WrongDatabaseException when it is no microblog database
     * @throws DatabaseUnavailableException when PostgreSQL cannot be reached or refuses the user or password
     */
    public static Health check(String location, String user, String password) {
        Dialect dialect = Dialect.of(location);
        try (Connection connection = inspecting(location, user, password)) {
            int version = schemaVersion(connection, location);
            List<String> problems = new ArrayList<>();
            if (dialect == Dialect.SQLITE) {
                checkIntegrity(connection, problems);
            }
            int latest = Migrations.latestVersion(dialect);
            if (version > latest) {
                problems.add("schema version " + version + " is newer than this microblog's (" + latest + ")");
            } else if (version == latest) {
                List<String> tables = tables(connection, dialect);
                TABLES.stream().filter(table -> !tables.contains(table))
                        .forEach(table -> problems.add("table " + table + " is missing"));
            }
            return new Health(version, latest, dialect == Dialect.SQLITE, List.copyOf(problems));
        } catch (SQLException e) {
            throw unusable(location, e);
        }
    }

    private static void checkIntegrity(Connection connection, List<String> problems) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check(" + PROBLEMS_SHOWN + ")")) {
            while (rows.next()) {
                String row = rows.getString(1);
                if (!"ok".equals(row)) {
                    problems.add("integrity: " + row);
                }
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA foreign_key_check")) {
            int broken = 0;
            String first = null;
            while (rows.next()) {
                broken++;
                first = first == null ? rows.getString("table") : first;
            }
            if (broken > 0) {
                problems.add(broken + " rows refer to rows that do not exist (first in table " + first + ")");
            }
        }
    }

    /**
     * Copies the database, consistent as of one moment even while servers write to it, into {@code target}, which
     * must not exist: SQLite's {@code VACUUM INTO} writes a compact copy inside one read transaction (writers go
     * on meanwhile). The copy is written beside the target under a temporary name, readable by its owner only (it
     * holds password hashes and the cookie key), flushed to disk, checked, and only then given the target's name.
     * Answers the copy's size in bytes.
     */
    public static long backup(String location, Path target) {
        if (Dialect.of(location) != Dialect.SQLITE) {
            throw new IllegalArgumentException("db backup copies SQLite files; " + Database.shown(location)
                    + " is PostgreSQL: use pg_dump");
        }
        Path absolute = target.toAbsolutePath();
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".partial");
        try {
            if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(absolute.toString());
            }
            try (Connection connection = inspecting(location, null, null)) {
                schemaVersion(connection, location);
                try (PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
                    vacuum.setString(1, partial.toString());
                    vacuum.execute();
                }
            } catch (SQLException e) {
                throw unusable(location, e);
            }
            ownerOnly(partial);
            force(partial);
            Health health = check(partial.toString());
            if (!health.sound()) {
                throw new WrongDatabaseException("The copy did not pass the check: " + health.problems().get(0)
                        + "; " + location + " itself may be damaged: run db check on it.");
            }
            publish(partial, absolute);
            force(absolute.getParent());
            return Files.size(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a stray temporary file beside the target, named .NAME.*.partial; nothing else is at stake
            }
        }
    }

    /** Gives the copy its name; a hard link never replaces a file that appeared there meanwhile. */
    private static void publish(Path partial, Path target) throws IOException {
        try {
            Files.createLink(target, partial);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            Files.move(partial, target);        // without REPLACE_EXISTING: fails if the target exists
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** SQLite does not flush a VACUUM INTO copy to disk; this does (the file, then its folder's entry). */
    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.READ))) {
            channel.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(path)) {
                throw e;            // some systems cannot open a folder for flushing; a file must flush
            }
        }
    }

    /**
     * A connection that never creates the file and sets nothing that writes (no journal mode); on PostgreSQL, a
     * plain connection as the server's pool would make one.
     */
    private static Connection inspecting(String location, String user, String password) throws SQLException {
        if (Dialect.of(location) == Dialect.POSTGRESQL) {
            try {
                return Database.postgresql(location, user, password, Duration.ofMillis(BUSY_TIMEOUT_MILLIS))
                        .getConnection();
            } catch (SQLException e) {
                throw new DatabaseUnavailableException(location, e);
            }
        }
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(Database.urlOf(location));
        return source.getConnection();
    }

    private static int schemaVersion(Connection connection, String location) throws SQLException {
        Dialect dialect = Dialect.of(location);
        List<String> tables = tables(connection, dialect);
        if (!tables.contains("schema_version") || !tables.contains("users")) {
            // A new PostgreSQL database is empty until a server first starts on it; a SQLite file never is.
            String what = dialect == Dialect.POSTGRESQL
                    ? ": start this microblog's server on it once to create them, or name the server's database" : "";
            throw new WrongDatabaseException(Database.shown(location) + " is not a microblog database (it has no "
                    + "schema_version and users tables)" + what + ".");
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static List<String> tables(Connection connection, Dialect dialect) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(dialect.tablesQuery())) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    private static WrongDatabaseException unusable(String location, SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_NOTADB) {
                return new WrongDatabaseException(location + " is not a SQLite database.", e);
            }
            if (code == SQLiteErrorCode.SQLITE_CANTOPEN) {
                return new WrongDatabaseException("No database at " + location + ".", e);
            }
        }
        // PostgreSQL's messages may go on over several lines (Position:, Where:): one line for the operator.
        String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().strip().replaceAll("\\s+", " ");
        return new WrongDatabaseException("Cannot read the database at " + Database.shown(location) + ": " + reason,
                e);
    }
}
