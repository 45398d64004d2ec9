package bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Writes users and posts straight into a migrated SQLite file while no server runs, or into a migrated PostgreSQL
 * database; every user gets the same precomputed password hash (a million PBKDF2 hashes would take days).
 */
final class Seeder {
    static final long FIRST_POST_MILLIS = 1_700_000_000_000L;

    private Seeder() {
    }

    static String username(int n) {
        return String.format(Locale.ROOT, "user%07d", n);
    }

    static void seed(Path db, int users, int posts, String passwordHash) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous = OFF");
                s.execute("PRAGMA cache_size = -262144");
            }
            insert(c, users, posts, passwordHash);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    /** The same rows in a migrated, empty PostgreSQL database (its identity columns number the users from 1). */
    static void seed(Connection postgres, int users, int posts, String passwordHash) throws SQLException {
        insert(postgres, users, posts, passwordHash);
        try (Statement s = postgres.createStatement()) {
            s.execute("ANALYZE users");
            s.execute("ANALYZE posts");
        }
    }

    private static void insert(Connection c, int users, int posts, String passwordHash) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO users (username, email, password_hash) VALUES (?, ?, ?)")) {
            for (int i = 1; i <= users; i++) {
                insert.setString(1, username(i));
                insert.setString(2, username(i) + "@example.com");
                insert.setString(3, passwordHash);
                insert.addBatch();
                if (i % 10_000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO posts (body, timestamp, user_id) VALUES (?, ?, ?)")) {
            for (int i = 1; i <= posts; i++) {
                insert.setString(1, "Post number " + i + ": a sentence or two of the length people write "
                        + "when they say something.");
                insert.setLong(2, FIRST_POST_MILLIS + i * 1000L);
                insert.setLong(3, 1 + (i * 7919L) % users);
                insert.addBatch();
                if (i % 10_000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }
}
