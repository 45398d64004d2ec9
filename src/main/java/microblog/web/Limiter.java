package microblog.web;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * In-memory counters of attempts by key (a client address, a username at an address), in two shapes: a fixed
 * window ("at most N per window") and growing delays ("N free failures, then 1 s, 2 s, 4 s ... between tries").
 * Bounded: when full, the longest-unused key is forgotten, so spraying keys cannot exhaust the heap.
 */
public final class Limiter {
    private static final Duration LONGEST_DELAY = Duration.ofMinutes(15);

    private final Clock clock;
    private final int allowed;
    private final Duration window;
    private final boolean growing;
    private final Map<String, Entry> entries;

    private static final class Entry {
        long start;
        long last;
        int count;
    }

    private Limiter(Clock clock, int allowed, Duration window, boolean growing, int maxEntries) {
        this.clock = clock;
        this.allowed = allowed;
        this.window = window;
        this.growing = growing;
        this.entries = new LeastRecentlyUsed(maxEntries);
    }

    /** A map that forgets its least recently used key when it grows past its bound. */
    private static final class LeastRecentlyUsed extends LinkedHashMap<String, Entry> {
        private static final long serialVersionUID = 1L;
        private final int bound;

        LeastRecentlyUsed(int bound) {
            super(1024, 0.75f, true);
            this.bound = bound;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > bound;
        }
    }

    /** At most {@code allowed} counted events per {@code window} for each key. */
    public static Limiter perWindow(Clock clock, int allowed, Duration window, int maxEntries) {
        return new Limiter(clock, allowed, window, false, maxEntries);
    }

    /**
     * {@code allowed} failures free, then a delay that doubles with each further failure (1 s, 2 s, 4 s ... up to
     * 15 minutes) before the next try; the count is forgotten after {@code window} without a failure.
     */
    public static Limiter growingDelays(Clock clock, int allowed, Duration window, int maxEntries) {
        return new Limiter(clock, allowed, window, true, maxEntries);
    }

    /** A limiter that never holds anything back and remembers nothing ({@code microblog.throttle=off}). */
    public static Limiter none() {
        return new Limiter(Clock.systemUTC(), Integer.MAX_VALUE, Duration.ofSeconds(1), false, 0);
    }

    /** Seconds until this key may try again, or empty if it may now. Never counts anything. */
    public synchronized OptionalLong heldBack(String key) {
        Entry entry = current(key, clock.millis());
        if (entry == null || entry.count < allowed) {
            return OptionalLong.empty();
        }
        long now = clock.millis();
        long until = growing ? entry.last + delayMillis(entry.count) : entry.start + window.toMillis();
        return until > now ? OptionalLong.of(Math.max(1, (until - now + 999) / 1000)) : OptionalLong.empty();
    }

    /** Counts one event (a failure, a registration) for this key. */
    public synchronized void count(String key) {
        long now = clock.millis();
        Entry entry = current(key, now);
        if (entry == null) {
            entry = new Entry();
            entry.start = now;
            entries.put(key, entry);
        }
        entry.count++;
        entry.last = now;
    }

    /** Forgets the key (a successful login resets its counter). */
    public synchronized void reset(String key) {
        entries.remove(key);
    }

    public synchronized int size() {
        return entries.size();
    }

    /** The key's live entry; one whose window has passed (fixed) or that has been quiet that long (growing) is gone. */
    private Entry current(String key, long now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        long since = growing ? entry.last : entry.start;
        if (growing && entry.count >= allowed) {
            since += delayMillis(entry.count);
        }
        if (now - since >= window.toMillis()) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    /** After the {@code count}-th failure (count >= allowed): 1 s, then doubling, at most 15 minutes. */
    private long delayMillis(int count) {
        int doublings = Math.min(count - allowed, 20);
        return Math.min(1000L << doublings, LONGEST_DELAY.toMillis());
    }
}
