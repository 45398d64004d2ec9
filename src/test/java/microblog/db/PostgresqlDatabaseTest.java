package microblog.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import microblog.testing.PostgresCluster;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** Opening a PostgreSQL database: its own migrations, applied once even by servers starting together. */
class PostgresqlDatabaseTest {
    @RegisterExtension
    static final PostgresCluster postgres = new PostgresCluster();

    private static Database open(String url) {
        return Database.open(url, postgres.user(), postgres.password(), Duration.ofSeconds(5));
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void theUrlPicksTheDialect() {
        assertEquals(Dialect.POSTGRESQL, Dialect.of("jdbc:postgresql://db.example:5432/microblog"));
        assertEquals(Dialect.SQLITE, Dialect.of("jdbc:sqlite:/var/lib/microblog/microblog.db"));
        assertEquals(Dialect.SQLITE, Dialect.of("/var/lib/microblog/microblog.db"));
    }

    @Test
    void openingAnEmptyDatabaseCreatesEveryTableAndOpeningAgainAppliesNothingTwice() {
        String url = postgres.createDatabase("fresh");
        try (Database database = open(url)) {
            assertEquals(Dialect.POSTGRESQL, database.dialect());
            List<String> tables = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                    .mapTo(String.class).list());
            assertTrue(tables.containsAll(List.of("users", "posts", "remember_tokens", "secrets", "sign_ins",
                    "password_resets", "outbox", "schema_version")), String.valueOf(tables));
            database.jdbi().useHandle(h -> h.execute(
                    "INSERT INTO users (username, email, password_hash) VALUES ('susan', 'susan@example.com', 'x')"));
        }
        try (Database database = open(url)) {
            int latest = Migrations.latestVersion(Dialect.POSTGRESQL);
            assertEquals(1, count(database.jdbi(), "SELECT COUNT(*) FROM users"));
            assertEquals(latest, count(database.jdbi(), "SELECT COUNT(*) FROM schema_version"));
            assertEquals(latest, count(database.jdbi(), "SELECT MAX(version) FROM schema_version"));
        }
    }

    @Test
    void serversStartingTogetherOnAnEmptyDatabaseApplyEachScriptOnce() throws Exception {
        String url = postgres.createDatabase("racing_start");
        int servers = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(servers);
        try {
            List<Future<Database>> opened = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                Callable<Database> opening = () -> {
                    start.await();
                    return open(url);
                };
                opened.add(pool.submit(opening));
            }
            start.countDown();
            List<Database> databases = new ArrayList<>();
            for (Future<Database> future : opened) {
                databases.add(future.get(60, TimeUnit.SECONDS));   // none failed
            }
            Jdbi jdbi = databases.get(0).jdbi();
            assertEquals(Migrations.latestVersion(Dialect.POSTGRESQL),
                    count(jdbi, "SELECT COUNT(*) FROM schema_version"));
            databases.forEach(Database::close);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void usernamesAndEmailsAreUniqueIgnoringCaseAndTheViolationNamesTheColumn() {
        try (Database database = open(postgres.createDatabase("unique_names"))) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(h -> h.execute(
                    "INSERT INTO users (username, email, password_hash) VALUES ('susan', 'susan@example.com', 'x')"));

            UnableToExecuteStatementException username = assertThrows(UnableToExecuteStatementException.class,
                    () -> jdbi.useHandle(h -> h.execute("INSERT INTO users (username, email, password_hash) "
                            + "VALUES ('SUSAN', 'other@example.com', 'x')")));
            UnableToExecuteStatementException email = assertThrows(UnableToExecuteStatementException.class,
                    () -> jdbi.useHandle(h -> h.execute("INSERT INTO users (username, email, password_hash) "
                            + "VALUES ('other', 'Susan@Example.COM', 'x')")));

            assertTrue(DatabaseFaults.violatesUnique(username, "users", "username"));
            assertFalse(DatabaseFaults.violatesUnique(username, "users", "email"));
            assertTrue(DatabaseFaults.violatesUnique(email, "users", "email"));
            assertFalse(DatabaseFaults.violatesUnique(email, "users", "username"));
        }
    }

    @Test
    void aLostConnectionIsUnavailableNotABug() {
        assertTrue(DatabaseFaults.isUnavailable(new PSQLException("refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)));
        assertTrue(DatabaseFaults.isUnavailable(new PSQLException("gone", PSQLState.CONNECTION_FAILURE)));
        assertFalse(DatabaseFaults.isUnavailable(new PSQLException("typo", PSQLState.SYNTAX_ERROR)));

        String url = postgres.createDatabase("terminated");
        try (Database database = open(url)) {
            // The server ends the session (as at a restart): 57P01, admin_shutdown.
            RuntimeException error = assertThrows(RuntimeException.class, () -> database.jdbi().useHandle(h -> {
                Jdbi.create(url, postgres.user(), postgres.password()).useHandle(admin -> admin.createQuery(
                        "SELECT pg_terminate_backend(:pid)").bind("pid", h.createQuery("SELECT pg_backend_pid()")
                        .mapTo(Integer.class).one()).mapTo(Boolean.class).one());
                h.createQuery("SELECT 1").mapTo(Integer.class).one();
            }));
            assertTrue(DatabaseFaults.isUnavailable(error), String.valueOf(error));
        }
    }

    @Test
    void twoTransactionsThatDeadlockBothCommitTheVictimRunAgain() throws Exception {
        try (Database database = open(postgres.createDatabase("deadlock"))) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(h -> h.execute("CREATE TABLE pair (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"));
            jdbi.useHandle(h -> h.execute("INSERT INTO pair VALUES (1, 0), (2, 0)"));
            // Each transaction locks its first row, waits until the other has locked its own, then wants the other's:
            // a deadlock every time, which PostgreSQL breaks (after deadlock_timeout) by rolling one back.
            CountDownLatch bothLocked = new CountDownLatch(2);
            AtomicInteger attempts = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int[] order : new int[][] {{1, 2}, {2, 1}}) {
                    done.add(pool.submit(() -> jdbi.inTransaction(h -> {
                        attempts.incrementAndGet();
                        h.execute("UPDATE pair SET n = n + 1 WHERE id = ?", order[0]);
                        bothLocked.countDown();
                        assertTrue(bothLocked.await(30, TimeUnit.SECONDS));   // at once when run again
                        return h.execute("UPDATE pair SET n = n + 1 WHERE id = ?", order[1]);
                    })));
                }
                for (Future<Integer> future : done) {
                    assertEquals(1, future.get(60, TimeUnit.SECONDS));     // neither failed
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(3, attempts.get(), "one transaction was the victim and ran once more");
            assertEquals(List.of(2, 2), jdbi.withHandle(h -> h.createQuery("SELECT n FROM pair ORDER BY id")
                    .mapTo(Integer.class).list()), "each transaction's work counted once");
        }
    }

    @Test
    void onlyDeadlocksAndSerializationFailuresAreRunAgain() {
        assertTrue(DatabaseFaults.mustRetry(new PSQLException("deadlock", PSQLState.DEADLOCK_DETECTED)));
        assertTrue(DatabaseFaults.mustRetry(new RuntimeException(
                new PSQLException("serialize", PSQLState.SERIALIZATION_FAILURE))));
        assertFalse(DatabaseFaults.mustRetry(new PSQLException("duplicate", PSQLState.UNIQUE_VIOLATION)));
        assertFalse(DatabaseFaults.mustRetry(new PSQLException("gone", PSQLState.CONNECTION_FAILURE)));
    }

    @Test
    void aTransactionThatKeepsDeadlockingFailsAfterItsAttempts() {
        try (Database database = open(postgres.createDatabase("always_deadlocked"))) {
            AtomicInteger attempts = new AtomicInteger();
            Exception error = assertThrows(Exception.class, () -> database.jdbi().useTransaction(h -> {
                attempts.incrementAndGet();
                throw new PSQLException("deadlock", PSQLState.DEADLOCK_DETECTED);
            }));
            assertTrue(DatabaseFaults.mustRetry(error));
            assertEquals(TransactionRetries.ATTEMPTS, attempts.get());
        }
    }

    @Test
    void anUnreachableServerFailsTheStartWithANamedErrorAndNoPassword() {
        String url = "jdbc:postgresql://127.0.0.1:1/microblog?password=secret";

        DatabaseUnavailableException error = assertThrows(DatabaseUnavailableException.class,
                () -> Database.open(url, "microblog", null, Duration.ofSeconds(1)));

        assertTrue(error.getMessage().contains("jdbc:postgresql://127.0.0.1:1/microblog"), error.getMessage());
        assertFalse(error.getMessage().contains("secret"), error.getMessage());
        assertTrue(DatabaseFaults.isUnavailable(error), "a start that could not connect is unavailability too");
    }
}
