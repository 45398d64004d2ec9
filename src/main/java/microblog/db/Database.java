package microblog.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * The database, SQLite (a file, the default) or PostgreSQL (a {@code jdbc:postgresql:} URL): a small pool of
 * connections set up for a web server, migrated at start-up, and its Jdbi with the dialect's SQL fragments defined.
 */
public final class Database implements AutoCloseable {
    /** Longest a request waits for another writer by default; far above any real write. */
    public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(15);
    private static final int POOL_SIZE = 8;

    /** How long a data-version watcher waits for a lock before its caches are skipped for that request. */
    private static final int DATA_VERSION_TIMEOUT_MILLIS = 100;
    /** Connections that watch for commits; a few, so that pages rarely wait for one another. */
    private static final int DATA_VERSION_WATCHERS = 4;

    private final Dialect dialect;
    private final String url;
    private final Path file;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final DataVersion dataVersion;

    private Database(Dialect dialect, String url, Path file, HikariDataSource dataSource, DataVersion dataVersion) {
        this.dialect = dialect;
        this.url = url;
        this.file = file;
        this.dataSource = dataSource;
        this.jdbi = jdbiOf(dataSource, dialect);
        this.dataVersion = dataVersion;
    }

    private static Jdbi jdbiOf(DataSource source, Dialect dialect) {
        Jdbi jdbi = Jdbi.create(source).installPlugin(new SqlObjectPlugin())
                .define(Dialect.LOWER, dialect.lower()).define(Dialect.FOR_UPDATE, dialect.forUpdate());
        if (dialect == Dialect.POSTGRESQL) {
            // SQLite runs one writing transaction at a time (BEGIN IMMEDIATE), which can neither deadlock nor fail
            // to serialize; PostgreSQL's transactions run side by side and may.
            jdbi.setTransactionHandler(new TransactionRetries(jdbi.getTransactionHandler()));
        }
        return jdbi;
    }

    /**
     * Opens (creating if need be) the database named by a path or a {@code jdbc:sqlite:} URL and brings its schema
     * up to date.
     *
     * @throws DatabaseUnavailableException when the location cannot be created, opened or written
     */
    public static Database open(String location) {
        return open(location, DEFAULT_TIMEOUT);
    }

    /** As {@link #open(String)}; {@code timeout} is how long a request waits for a lock or a pooled connection. */
    public static Database open(String location, java.time.Duration timeout) {
        return open(location, null, null, timeout);
    }

    /**
     * As {@link #open(String, java.time.Duration)}, for a database that may be PostgreSQL: {@code user} and
     * {@code password} are what it is opened with (SQLite takes neither; null leaves them to the URL).
     */
    public static Database open(String location, String user, String password, java.time.Duration timeout) {
        if (Dialect.of(location) == Dialect.POSTGRESQL) {
            return openPostgresql(location, user, password, timeout);
        }
        String url = urlOf(location);
        SQLiteDataSource sqlite = new SQLiteDataSource(config((int) timeout.toMillis()));
        sqlite.setUrl(url);
        try {
            createParentFolder(location);
            // Migrate on one plain connection first: an unwritable location then fails here with SQLite's own
            // reason, before a pool exists to retry and log it many times.
            try (Connection connection = sqlite.getConnection()) {
                new Migrations(Jdbi.create(connection), Dialect.SQLITE).apply();
            }
        } catch (IOException | SQLException | RuntimeException e) {
            throw new DatabaseUnavailableException(location, e);
        }
        return pooled(url, location, sqlite, timeout, true);
    }

    /**
     * Opens a microblog database that already exists and has this version's schema, as the operator's commands
     * do: nothing is created or migrated, so a mistyped path, another program's file or an empty PostgreSQL database
     * is left as it was. {@code user} and {@code password} are PostgreSQL's (SQLite takes neither).
     *
     * @throws WrongDatabaseException when there is no such file, it is not a microblog database, or its schema is
     *         older or newer than this version's
     * @throws DatabaseUnavailableException when PostgreSQL cannot be reached or refuses the user or password
     */
    public static Database openExisting(String location, String user, String password,
                                        java.time.Duration timeout) {
        Dialect dialect = Dialect.of(location);
        int version = Maintenance.schemaVersion(location, user, password);
        int latest = Migrations.latestVersion(dialect);
        if (version != latest) {
            throw new WrongDatabaseException(shown(location) + " has schema version " + version + ", this microblog "
                    + (version < latest
                    ? "needs " + latest + ": start this version's server on it once to upgrade it."
                    : "knows only up to " + latest + ": use the microblog version that made it."));
        }
        if (dialect == Dialect.POSTGRESQL) {
            return new Database(Dialect.POSTGRESQL, location, null,
                    postgresqlPool(location, postgresql(location, user, password, timeout), timeout),
                    DataVersion.unknown());
        }
        String url = urlOf(location);
        SQLiteConfig config = config((int) timeout.toMillis());
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl(url);
        return pooled(url, location, sqlite, timeout, false);
    }

    /**
     * PostgreSQL through HikariCP, migrated through the pool (the first connection then already says whether the
     * server, the user and the password are right).
     */
    private static Database openPostgresql(String url, String user, String password, java.time.Duration timeout) {
        HikariDataSource dataSource = postgresqlPool(url, postgresql(url, user, password, timeout), timeout);
        try {
            new Migrations(jdbiOf(dataSource, Dialect.POSTGRESQL), Dialect.POSTGRESQL).apply();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new DatabaseUnavailableException(url, e);
        }
        // The watchers connect outside the pool: each stays listening for the triggers' notifications.
        return new Database(Dialect.POSTGRESQL, url, null, dataSource,
                new DataVersion(postgresql(url, user, password, timeout), DATA_VERSION_WATCHERS, Dialect.POSTGRESQL));
    }

    /**
     * The PostgreSQL driver's own DataSource for {@code url}, which the server's pool and the commands' checks
     * connect through: not DriverManager, which inside a webapp may not see a driver in WEB-INF/lib.
     */
    static PGSimpleDataSource postgresql(String url, String user, String password, java.time.Duration timeout) {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        if (user != null) {
            postgres.setUser(user);
        }
        if (password != null) {
            postgres.setPassword(password);
        }
        postgres.setApplicationName("microblog");
        postgres.setConnectTimeout((int) Math.max(1, timeout.toSeconds()));
        return postgres;
    }

    private static HikariDataSource postgresqlPool(String url, PGSimpleDataSource postgres,
                                                   java.time.Duration timeout) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("microblog-postgresql");
        pool.setDataSource(postgres);
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        try {
            return new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException(url, e);
        }
    }

    static String urlOf(String location) {
        return location.startsWith("jdbc:") ? location : "jdbc:sqlite:" + location;
    }

    /** {@code create}: whether a connection may create the file (never for the operator's commands). */
    private static Database pooled(String url, String location, SQLiteDataSource sqlite, java.time.Duration timeout,
                                   boolean create) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("microblog-sqlite");
        pool.setDataSource(sqlite);
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        SQLiteConfig watching = config(DATA_VERSION_TIMEOUT_MILLIS);
        if (!create) {
            watching.resetOpenMode(SQLiteOpenMode.CREATE);
        }
        SQLiteDataSource watcher = new SQLiteDataSource(watching);
        watcher.setUrl(url);
        return new Database(Dialect.SQLITE, url, fileOf(location), new HikariDataSource(pool),
                new DataVersion(watcher, DATA_VERSION_WATCHERS, Dialect.SQLITE));
    }

    /** What every connection is set to: WAL so readers never wait for the writer, enforced foreign keys. */
    private static SQLiteConfig config(int timeoutMillis) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a write that was acknowledged survives even a power cut, not just a crash of the server.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(timeoutMillis);
        // Transactions take the write lock when they begin, so two of them never deadlock upgrading a read lock
        // (which SQLite reports as SQLITE_BUSY at once, whatever the busy timeout).
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setEncoding(SQLiteConfig.Encoding.UTF8);
        return config;
    }

    /** The database file, when the setting names a plain path (a JDBC URL may name anything). */
    static Path fileOf(String location) {
        if (location.startsWith("jdbc:") || location.startsWith(":memory:") || location.startsWith("file:")) {
            return null;
        }
        return Path.of(location).toAbsolutePath();
    }

    /**
     * Whether the database file is still where it was opened. Open connections keep writing to a file that was
     * deleted or moved away, and what they write would be lost; so a missing file means "unavailable".
     */
    public boolean isPresent() {
        return file == null || Files.exists(file);
    }

    /**
     * Whether this process may write the database file (and its WAL and shared-memory files, if any). Connections
     * opened earlier keep writing to a file made read-only under them, so permissions are checked, not assumed.
     */
    public boolean isWritable() {
        if (file == null) {
            return true;
        }
        for (String suffix : new String[] {"-wal", "-shm"}) {
            Path companion = Path.of(file + suffix);
            if (Files.exists(companion) && !Files.isWritable(companion)) {
                return false;
            }
        }
        return Files.isWritable(file);
    }

    private static void createParentFolder(String location) throws IOException {
        Path file = fileOf(location);
        if (file == null) {
            return;
        }
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Changes whenever anyone commits to the database; what read caches check. */
    public DataVersion dataVersion() {
        return dataVersion;
    }

    /**
     * Retires every pooled connection as soon as it is free: after the file was moved, made read-only or lost and
     * then put back, new connections open it afresh instead of failing on the old file forever.
     */
    public void evictConnections() {
        var pool = dataSource.getHikariPoolMXBean();
        if (pool != null) {
            pool.softEvictConnections();
        }
        dataVersion.reset();
    }

    /** The database's URL as logs show it (see {@link #shown}). */
    public String url() {
        return shown(url);
    }

    /**
     * A location fit for logs and messages: a PostgreSQL URL's query string may carry a password, so it is left
     * out.
     */
    public static String shown(String location) {
        int query = location.indexOf('?');
        return location.startsWith("jdbc:postgresql:") && query >= 0 ? location.substring(0, query) : location;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        dataVersion.close();
        dataSource.close();
        deregisterOurDrivers();
    }

    /**
     * sqlite-jdbc registers its driver JVM-wide; left registered, it would pin this webapp's class loader after an
     * undeploy (Tomcat warns and cleans up, Jetty leaks it). A driver on the JVM's own class path (an embedded
     * server, tests) belongs to the JVM and stays.
     */
    private static void deregisterOurDrivers() {
        ClassLoader ours = Database.class.getClassLoader();
        if (ours == ClassLoader.getSystemClassLoader()) {
            return;
        }
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == ours) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    java.util.logging.Logger.getLogger(Database.class.getName())
                            .warning("Could not deregister " + driver + ": " + e.getMessage());
                }
            }
        }
    }
}
