package microblog.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.SQLTransientConnectionException;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Real SQLite errors, classified: "not now" (answer 503) against "wrong query" (a bug: 500). */
class DatabaseFaultsTest {
    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private SQLException failingWrite(SQLiteConfig config, String sql) {
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + db.file());
        return assertThrows(SQLException.class, () -> {
            try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        });
    }

    @Test
    void aReadOnlyDatabaseIsUnavailable() {
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);

        SQLException error = failingWrite(readOnly, "INSERT INTO users (username, email, password_hash) "
                + "VALUES ('ro', 'ro@example.com', 'x')");

        assertTrue(DatabaseFaults.isUnavailable(new RuntimeException(error)), error.toString());
    }

    @Test
    void aDatabaseLockedByAnotherWriterIsUnavailable() throws SQLException {
        try (Connection holder = db.database().jdbi().open().getConnection();
             Statement statement = holder.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            SQLiteConfig impatient = new SQLiteConfig();
            impatient.setBusyTimeout(50);

            SQLException error = failingWrite(impatient, "INSERT INTO users (username, email, password_hash) "
                    + "VALUES ('busy', 'busy@example.com', 'x')");

            assertTrue(DatabaseFaults.isUnavailable(error), error.toString());
            statement.execute("ROLLBACK");
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsUnavailable() throws Exception {
        java.nio.file.Files.writeString(db.file().resolveSibling("garbage.db"), "this is not a database ".repeat(100));
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + db.file().resolveSibling("garbage.db"));

        SQLException error = assertThrows(SQLException.class, () -> {
            try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SELECT * FROM users");
            }
        });

        assertTrue(DatabaseFaults.isUnavailable(error), error.toString());
    }

    @Test
    void anExhaustedPoolIsUnavailable() {
        assertTrue(DatabaseFaults.isUnavailable(new IllegalStateException(
                new SQLTransientConnectionException("pool timed out"))));
    }

    @Test
    void aPoolClosedByAStoppingServerIsUnavailable() {
        Database database = Database.open(db.file().resolveSibling("closing.db").toString());
        database.close();

        RuntimeException error = assertThrows(RuntimeException.class,
                () -> database.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()));

        assertTrue(DatabaseFaults.isUnavailable(error), error.toString());
    }

    @Test
    void aWrongQueryIsABugNotAnOutage() {
        SQLException error = failingWrite(new SQLiteConfig(), "SELECT * FROM no_such_table");

        assertFalse(DatabaseFaults.isUnavailable(error), error.toString());
        assertFalse(DatabaseFaults.isUnavailable(new IllegalArgumentException("not a database problem")));
    }
}
