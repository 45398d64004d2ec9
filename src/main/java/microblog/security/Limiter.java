package microblog.security;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Counters of attempts by key (a client address, a username at an address), for the abuse limits: in this
 * server's memory ({@link MemoryLimiter}, one server), or in the database ({@link SharedLimiter}), so that several
 * servers on one database count together and ten guesses are ten across all of them. {@link Limits} makes the
 * app's limiters of the kind the settings ask for.
 */
public interface Limiter {
    /** Seconds until this key may try again, or empty if it may now. Never counts anything. */
    OptionalLong heldBack(String key);

    /** Counts one event (a failure, a registration) for this key. */
    void count(String key);

    /** Forgets the key (a successful login resets its counter). */
    void reset(String key);

    /** At most {@code allowed} counted events per {@code window} for each key, in memory. */
    static Limiter perWindow(Clock clock, int allowed, Duration window, int maxEntries) {
        return new MemoryLimiter(clock, new Rule(allowed, window, false), maxEntries);
    }

    /**
     * {@code allowed} failures free, then a delay that doubles with each further failure (1 s, 2 s, 4 s ... up to
     * 15 minutes) before the next try; the count is forgotten after {@code window} without a failure. In memory.
     */
    static Limiter growingDelays(Clock clock, int allowed, Duration window, int maxEntries) {
        return new MemoryLimiter(clock, new Rule(allowed, window, true), maxEntries);
    }

    /** A limiter that never holds anything back and remembers nothing ({@code microblog.throttle=off}). */
    static Limiter none() {
        return new Limiter() {
            @Override
            public OptionalLong heldBack(String key) {
                return OptionalLong.empty();
            }

            @Override
            public void count(String key) {
                // nothing is limited
            }

            @Override
            public void reset(String key) {
                // nothing was counted
            }
        };
    }
}
