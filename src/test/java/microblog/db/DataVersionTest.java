package microblog.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import microblog.auth.UserDao;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The data version read caches rely on: it moves with every commit, from this pool or from anyone else. */
class DataVersionTest {
    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    @Test
    void staysTheSameWhileNobodyWrites() {
        DataVersion version = db.database().dataVersion();
        long first = version.current();

        db.dao(UserDao.class).findByUsername("nobody");

        assertNotEquals(DataVersion.UNKNOWN, first);
        assertEquals(first, version.current());
    }

    @Test
    void changesWithACommitThroughThePool() {
        DataVersion version = db.database().dataVersion();
        long before = version.current();

        db.dao(UserDao.class).insert("susan", "susan@example.com", "hash");

        assertNotEquals(before, version.current());
    }

    @Test
    void changesWithACommitByAnotherConnection() throws Exception {
        DataVersion version = db.database().dataVersion();
        long before = version.current();

        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db.file())) {
            other.createStatement().executeUpdate("INSERT INTO secrets (name, value) VALUES ('x', 'y')");
        }

        assertNotEquals(before, version.current());
    }

    @Test
    void isUnknownOnceClosed() {
        DataVersion version = db.database().dataVersion();

        version.close();

        assertEquals(DataVersion.UNKNOWN, version.current());
    }
}
