package microblog.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicInteger;
import microblog.auth.UserDao;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Values kept only while the database is unchanged, on a real SQLite file. */
class ReadCacheTest {
    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private final AtomicInteger loads = new AtomicInteger();

    private String load(String key) {
        loads.incrementAndGet();
        return key.isEmpty() ? null : key + loads.get();
    }

    @Test
    void loadsOnceWhileNobodyWrites() {
        ReadCache<String, String> cache = new ReadCache<>(db.database().dataVersion(), 10);

        assertEquals("a1", cache.get("a", this::load));
        assertEquals("a1", cache.get("a", this::load));

        assertEquals(1, loads.get());
    }

    @Test
    void loadsAgainAfterAnyCommit() {
        ReadCache<String, String> cache = new ReadCache<>(db.database().dataVersion(), 10);
        cache.get("a", this::load);

        db.dao(UserDao.class).insert("susan", "susan@example.com", "hash", 0L);

        assertEquals("a2", cache.get("a", this::load));
    }

    @Test
    void keepsNoAbsentValue() {
        ReadCache<String, String> cache = new ReadCache<>(db.database().dataVersion(), 10);

        assertNull(cache.get("", this::load));
        assertNull(cache.get("", this::load));

        assertEquals(2, loads.get());
    }

    @Test
    void keepsNoMoreThanItsLimit() {
        ReadCache<String, String> cache = new ReadCache<>(db.database().dataVersion(), 2);
        cache.get("a", this::load);
        cache.get("b", this::load);

        cache.get("c", this::load);
        cache.get("c", this::load);

        assertEquals(4, loads.get(), "c is loaded each time: the cache is full");
        assertEquals("a1", cache.get("a", this::load));
    }

    @Test
    void readsStraightThroughWhenTheVersionIsUnknown() {
        ReadCache<String, String> cache = new ReadCache<>(db.database().dataVersion(), 10);
        db.database().dataVersion().close();

        cache.get("a", this::load);
        cache.get("a", this::load);

        assertEquals(2, loads.get());
    }
}
