package microblog.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import microblog.testing.TempDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limiter in the database (a real SQLite file, and PostgreSQL in the build's second test run): {@link LimiterTest}'s behaviour, counted together by
 * several servers (here: two pools on one file, as two servers would have), with no count lost to a race.
 */
class SharedLimiterTest extends LimiterTest {
    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    @Override
    Limits limits() {
        return Limits.inDatabase(db.jdbi(), clock);
    }

    private long rows() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM limits").mapTo(Long.class).one());
    }

    @Test
    void twoServersOnOneDatabaseCountTogether() {
        {
            // The second server: connections of its own to the same database.
            Jdbi second = db.otherJdbi().installPlugin(new SqlObjectPlugin());
            Limiter here = limits().growingDelays("login.user", 10, Duration.ofMinutes(15));
            Limiter there = Limits.inDatabase(second, clock).growingDelays("login.user", 10,
                    Duration.ofMinutes(15));
            for (int i = 0; i < 5; i++) {
                here.count("susan\n10.0.0.1");
                there.count("susan\n10.0.0.1");
            }

            assertEquals(OptionalLong.of(1), here.heldBack("susan\n10.0.0.1"), "ten failures over both servers");
            assertEquals(OptionalLong.of(1), there.heldBack("susan\n10.0.0.1"));
            there.reset("susan\n10.0.0.1");
            assertTrue(here.heldBack("susan\n10.0.0.1").isEmpty(), "a reset on one is a reset on all");
        }
    }

    @Test
    void racingCountsAreAllCounted() throws Exception {
        Limiter limiter = limits().perWindow("register.address", 1000, Duration.ofHours(1));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> counts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                counts.add(() -> {
                    limiter.count("10.0.0.9");
                    return null;
                });
            }
            for (Future<Void> done : threads.invokeAll(counts)) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
        }

        long counted = db.jdbi().withHandle(h -> h.createQuery("SELECT count FROM limits").mapTo(Long.class).one());
        assertEquals(200, counted);
    }

    @Test
    void racingFailuresTripTheLimitAtExactlyItsCount() throws Exception {
        Limiter limiter = limits().growingDelays("login.user", 10, Duration.ofMinutes(15));
        ExecutorService threads = Executors.newFixedThreadPool(9);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> failures = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                failures.add(threads.submit(() -> {
                    start.await();
                    limiter.count("susan");
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> done : failures) {
                done.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertTrue(limiter.heldBack("susan").isEmpty(), "nine failures at once are nine, below the limit");
        limiter.count("susan");
        assertEquals(OptionalLong.of(1), limiter.heldBack("susan"), "the tenth trips it");
    }

    @Test
    void onlyAHashOfTheKeyIsStored() {
        limits().perWindow("login.address", 5, Duration.ofMinutes(15)).count("203.0.113.7");

        String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT key_hash FROM limits")
                .mapTo(String.class).one());
        assertEquals(64, stored.length());
        assertTrue(!stored.contains("203.0.113.7"));
    }

    @Test
    void expiredCountersAreClearedAway() {
        Limiter limiter = limits().perWindow("register.address", 5, Duration.ofMinutes(1));
        for (int i = 0; i < 600; i++) {
            limiter.count("10.1." + i / 250 + "." + i % 250);
            if (i == 100) {
                clock.advance(Duration.ofMinutes(2));       // the first 101 keys expire
            }
        }

        assertEquals(600 - 101, rows(), "the purge after 512 counts deleted the expired counters");
    }
}
