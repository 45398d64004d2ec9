package microblog.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the SQLite database: the schema is created once, and every pooled connection is set up alike. */
class MigrationsTest {
    private static final int LATEST = Migrations.latestVersion(Dialect.SQLITE);

    @TempDir
    Path folder;

    @Test
    void openingAnEmptyFileCreatesTheTables() {
        Path file = folder.resolve("data").resolve("fresh.db");

        try (Database database = Database.open(file.toString())) {
            List<String> tables = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").mapTo(String.class).list());
            assertTrue(tables.containsAll(List.of("users", "posts", "remember_tokens", "secrets", "schema_version")),
                    String.valueOf(tables));
        }
        assertTrue(Files.isRegularFile(file), "the file and its folder are created");
    }

    @Test
    void openingAnExistingFileKeepsItsDataAndAppliesNoScriptTwice() {
        String file = folder.resolve("microblog.db").toString();
        try (Database database = Database.open(file)) {
            database.jdbi().useHandle(h -> h.execute(
                    "INSERT INTO users (username, email, password_hash) VALUES ('susan', 'susan@example.com', 'x')"));
        }

        try (Database database = Database.open(file)) {
            Jdbi jdbi = database.jdbi();
            assertEquals(1, count(jdbi, "SELECT COUNT(*) FROM users"));
            assertEquals(LATEST, count(jdbi, "SELECT COUNT(*) FROM schema_version"));
            assertEquals(LATEST, count(jdbi, "SELECT COUNT(DISTINCT script) FROM schema_version"));
            assertEquals(LATEST, count(jdbi, "SELECT MAX(version) FROM schema_version"));
        }
    }

    @Test
    void aDatabaseOfTheFirstReleaseWithUsersIsUpgradedKeepingThem() throws Exception {
        Path file = folder.resolve("v1.db");
        // The schema as the first release left it: only V1 applied, a user with a post and a remember-me token.
        try (Handle handle = Jdbi.create("jdbc:sqlite:" + file).open()) {
            handle.execute("CREATE TABLE schema_version ("
                    + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            try (InputStream in = Migrations.class.getResourceAsStream(
                    "/db/migration/sqlite/V1__users_posts_remember_tokens.sql")) {
                handle.createScript(new String(in.readAllBytes(), StandardCharsets.UTF_8)).execute();
            }
            handle.execute("INSERT INTO schema_version VALUES (1, 'V1__users_posts_remember_tokens.sql', 0)");
            handle.execute("INSERT INTO users (username, email, password_hash) VALUES ('susan', 's@example.com', 'x')");
            handle.execute("INSERT INTO posts (body, timestamp, user_id) VALUES ('hi', 1, 1)");
            handle.execute("INSERT INTO remember_tokens (selector, validator_hash, user_id, expires_at) "
                    + "VALUES ('s', 'h', 1, 9999999999999)");
        }

        try (Database database = Database.open(file.toString())) {
            Jdbi jdbi = database.jdbi();
            assertEquals(LATEST, count(jdbi, "SELECT MAX(version) FROM schema_version"));
            assertEquals(1, count(jdbi, "SELECT COUNT(*) FROM users WHERE username = 'susan' AND disabled = 0"));
            assertEquals(1, count(jdbi, "SELECT COUNT(*) FROM posts"));
            assertEquals(1, count(jdbi, "SELECT COUNT(*) FROM remember_tokens WHERE sign_in_id IS NULL"));
            assertEquals(0, count(jdbi, "SELECT COUNT(*) FROM sign_ins"));
            assertEquals(0, count(jdbi, "SELECT COUNT(*) FROM outbox"));
        }
    }

    @Test
    void endingASignInTakesItsRememberMeTokenWithIt() {
        try (Database database = Database.open(folder.resolve("microblog.db").toString())) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(h -> {
                h.execute("INSERT INTO users (id, username, email, password_hash) VALUES (7, 'a', 'a@example.com', 'x')");
                h.execute("INSERT INTO sign_ins (id, user_id, started_at, last_active_at, client_address, user_agent) "
                        + "VALUES (3, 7, 1, 1, '127.0.0.1', 'curl')");
                h.execute("INSERT INTO remember_tokens (selector, validator_hash, user_id, expires_at, sign_in_id) "
                        + "VALUES ('s', 'h', 7, 1, 3)");
                h.execute("DELETE FROM sign_ins WHERE id = 3");
            });

            assertEquals(0, count(jdbi, "SELECT COUNT(*) FROM remember_tokens"));
        }
    }

    @Test
    void everyPooledConnectionUsesWalAndEnforcesForeignKeys() {
        try (Database database = Database.open(folder.resolve("microblog.db").toString())) {
            Jdbi jdbi = database.jdbi();
            // Three handles open at once are three different connections of the pool.
            try (Handle first = jdbi.open(); Handle second = jdbi.open(); Handle third = jdbi.open()) {
                for (Handle handle : List.of(first, second, third)) {
                    assertEquals("wal", handle.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
                    assertEquals(1, handle.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one());
                }
            }
        }
    }

    @Test
    void foreignKeysCascadeFromUsersToTheirRows() {
        try (Database database = Database.open(folder.resolve("microblog.db").toString())) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(h -> {
                h.execute("INSERT INTO users (id, username, email, password_hash) "
                        + "VALUES (7, 'a', 'a@example.com', 'x')");
                h.execute("INSERT INTO posts (body, timestamp, user_id) VALUES ('hi', 1, 7)");
                h.execute("INSERT INTO remember_tokens (selector, validator_hash, user_id, expires_at) "
                        + "VALUES ('s', 'h', 7, 1)");
                h.execute("DELETE FROM users WHERE id = 7");
            });

            assertEquals(0, count(jdbi, "SELECT COUNT(*) FROM posts"));
            assertEquals(0, count(jdbi, "SELECT COUNT(*) FROM remember_tokens"));
        }
    }

    @Test
    void locationUnderARegularFileThrowsANamedError() throws Exception {
        Path regularFile = Files.writeString(folder.resolve("not-a-folder"), "x");
        String location = regularFile.resolve("data.sqlite").toString();

        DatabaseUnavailableException error = assertThrows(DatabaseUnavailableException.class,
                () -> Database.open(location));

        assertTrue(error.getMessage().contains(location), error.getMessage());
        assertTrue(error.getMessage().contains("microblog.db"), error.getMessage());
    }

    @Test
    void locationUnderProcThrowsANamedError() {
        String location = "/proc/microblog-nowhere/data.sqlite";

        DatabaseUnavailableException error = assertThrows(DatabaseUnavailableException.class,
                () -> Database.open(location));

        assertTrue(error.getMessage().contains(location), error.getMessage());
        assertTrue(error.getMessage().contains("microblog.db"), error.getMessage());
    }

    private static int count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }
}
