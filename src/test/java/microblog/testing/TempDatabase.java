package microblog.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;
import microblog.db.Database;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database for each test, opened through the real migrations: a SQLite file in a new temp folder, or, under
 * {@code -Dmicroblog.test.db=postgresql}, a new database in the run's throwaway PostgreSQL cluster
 * ({@link PostgresCluster}: skipped where PostgreSQL is missing, failed under {@code -Dpostgres.required=true}).
 */
public final class TempDatabase implements BeforeEachCallback, AfterEachCallback {
    /** The system property that picks the database of the DAO and HTTP tests: {@code sqlite} (default) or
     * {@code postgresql}. */
    public static final String DIALECT_PROPERTY = "microblog.test.db";

    private Path folder;
    private PostgresCluster postgres;
    private String url;
    private Database database;

    /** Whether this test run's DAO and HTTP tests use PostgreSQL. */
    public static boolean onPostgresql() {
        return "postgresql".equalsIgnoreCase(System.getProperty(DIALECT_PROPERTY, "sqlite"));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (onPostgresql()) {
            // A cluster extension of our own per test: its class database is this test's, dropped after it.
            postgres = new PostgresCluster();
            postgres.beforeAll(context);
            url = postgres.jdbcUrl();
            database = Database.open(url, postgres.user(), postgres.password(), Database.DEFAULT_TIMEOUT);
            return;
        }
        folder = Files.createTempDirectory("microblog-db");
        url = "jdbc:sqlite:" + file();
        database = Database.open(file().toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (database != null) {
            database.close();
        }
        if (postgres != null) {
            postgres.afterAll(context);
        }
        if (folder != null) {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The SQLite file (SQLite only: a test of the file itself). */
    public Path file() {
        if (folder == null) {
            throw new IllegalStateException("a SQLite-only test ran on " + url);
        }
        return folder.resolve("microblog.db");
    }

    public Database database() {
        return database;
    }

    public Jdbi jdbi() {
        return database.jdbi();
    }

    public <T> T dao(Class<T> type) {
        return database.jdbi().onDemand(type);
    }

    /**
     * A connection of its own to the same database, outside the pool: what the sqlite3 shell, the command line or
     * a second server would use. The caller closes it.
     */
    public Connection otherConnection() throws SQLException {
        return postgres != null ? DriverManager.getConnection(url, postgres.user(), postgres.password())
                : DriverManager.getConnection(url);
    }

    /** As {@link #otherConnection()}, through a plain Jdbi (no pool, no dialect attributes). */
    public Jdbi otherJdbi() {
        return postgres != null ? Jdbi.create(url, postgres.user(), postgres.password()) : Jdbi.create(url);
    }
}
