package microblog.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import microblog.auth.UserDao;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The data version read caches rely on: it moves with every commit, from this pool or from anyone else (another
 * connection stands for another server). Also in the postgresql execution, where it comes from LISTEN/NOTIFY.
 */
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

        db.dao(UserDao.class).insert("susan", "susan@example.com", "hash", 0L);

        assertNotEquals(before, version.current());
    }

    @Test
    void changesWithACommitByAnotherConnection() throws Exception {
        DataVersion version = db.database().dataVersion();
        long before = version.current();

        try (Connection other = db.otherConnection()) {
            other.createStatement().executeUpdate("INSERT INTO secrets (name, value) VALUES ('x', 'y')");
        }

        assertNotEquals(before, version.current());
    }

    /** Whichever watcher a call gets, and however busy the others are, a finished commit is never missed. */
    @Test
    void neverMissesAFinishedCommitWhileOtherThreadsRead() throws Exception {
        DataVersion version = db.database().dataVersion();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(6);
        for (int i = 0; i < 6; i++) {
            readers.submit(() -> {
                while (running.get()) {
                    version.current();
                }
            });
        }
        try (Connection other = db.otherConnection()) {
            for (int i = 0; i < 200; i++) {
                long before = version.current();
                other.createStatement().executeUpdate(
                        "INSERT INTO secrets (name, value) VALUES ('key" + i + "', 'value')");
                assertNotEquals(before, version.current(), "commit " + i + " missed");
            }
        } finally {
            running.set(false);
            readers.shutdown();
            readers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void isUnknownOnceClosed() {
        DataVersion version = db.database().dataVersion();

        version.close();

        assertEquals(DataVersion.UNKNOWN, version.current());
    }
}
