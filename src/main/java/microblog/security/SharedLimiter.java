package microblog.security;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import microblog.web.Tokens;
import org.jdbi.v3.core.Jdbi;

/**
 * A {@link Limiter} whose counters live in the database's {@code limits} table, so every server on that database
 * counts together. One failure is one upsert (the counter restarts in the same statement when it has expired) and
 * the counter's expiry, in one transaction; a check is one read by primary key. Expired counters are deleted now
 * and then, so a spray of keys leaves nothing behind beyond its window.
 */
final class SharedLimiter implements Limiter {
    /** Expired counters are cleared once every this many counts (per limiter and server). */
    private static final int PURGE_EVERY = 512;

    private final Jdbi jdbi;
    private final String name;
    private final Clock clock;
    private final Rule rule;
    private final AtomicInteger counts = new AtomicInteger();

    SharedLimiter(Jdbi jdbi, String name, Clock clock, Rule rule) {
        this.jdbi = jdbi;
        this.name = name;
        this.clock = clock;
        this.rule = rule;
    }

    @Override
    public OptionalLong heldBack(String key) {
        long now = clock.millis();
        return jdbi.withExtension(LimitDao.class, dao -> dao.find(name, hash(key)))
                .filter(counter -> counter.expiresAt() > now)
                .map(counter -> rule.heldBack(counter.startedAt(), counter.lastAt(), counter.count(), now))
                .orElse(OptionalLong.empty());
    }

    @Override
    public void count(String key) {
        long now = clock.millis();
        String hash = hash(key);
        jdbi.useTransaction(handle -> {
            LimitDao dao = handle.attach(LimitDao.class);
            LimitDao.Counter counter = dao.count(name, hash, now);
            dao.expireAt(name, hash, rule.expiresAt(counter.startedAt(), counter.lastAt(), counter.count()));
        });
        if (counts.incrementAndGet() % PURGE_EVERY == 0) {
            jdbi.useExtension(LimitDao.class, dao -> dao.deleteExpired(name, now));
        }
    }

    @Override
    public void reset(String key) {
        jdbi.useExtension(LimitDao.class, dao -> dao.delete(name, hash(key)));
    }

    /** Keys are addresses and usernames: only their hash is stored, and it has one length. */
    private static String hash(String key) {
        return Tokens.sha256Hex(key);
    }
}
