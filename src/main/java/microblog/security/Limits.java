package microblog.security;

import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * Makes the app's limiters, all of one kind: in memory (one server: the fastest) or in the database (several
 * servers on one database, {@code microblog.throttle.store=database}: they count together).
 */
public final class Limits {
    private final Jdbi jdbi;
    private final Clock clock;
    private final int maxEntries;

    private Limits(Jdbi jdbi, Clock clock, int maxEntries) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** Counters in this server's memory, each limiter remembering at most {@code maxEntries} keys. */
    public static Limits inMemory(Clock clock, int maxEntries) {
        return new Limits(null, clock, maxEntries);
    }

    /** Counters in the database's {@code limits} table, shared by every server on it. */
    public static Limits inDatabase(Jdbi jdbi, Clock clock) {
        return new Limits(jdbi, clock, 0);
    }

    public boolean shared() {
        return jdbi != null;
    }

    /** At most {@code allowed} counted events per {@code window} for each key; {@code name} tells limits apart. */
    public Limiter perWindow(String name, int allowed, Duration window) {
        return make(name, new Rule(allowed, window, false));
    }

    /** {@code allowed} failures free, then growing delays (see {@link Limiter#growingDelays}). */
    public Limiter growingDelays(String name, int allowed, Duration window) {
        return make(name, new Rule(allowed, window, true));
    }

    private Limiter make(String name, Rule rule) {
        return shared() ? new SharedLimiter(jdbi, name, clock, rule) : new MemoryLimiter(clock, rule, maxEntries);
    }
}
