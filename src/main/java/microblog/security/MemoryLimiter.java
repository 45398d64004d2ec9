package microblog.security;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A {@link Limiter} in this server's memory: the fastest, right for one server. Bounded: when full, the
 * longest-unused key is forgotten, so spraying keys cannot exhaust the heap.
 */
final class MemoryLimiter implements Limiter {
    private final Clock clock;
    private final Rule rule;
    private final Map<String, Entry> entries;

    private static final class Entry {
        long start;
        long last;
        int count;
    }

    MemoryLimiter(Clock clock, Rule rule, int maxEntries) {
        this.clock = clock;
        this.rule = rule;
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

    @Override
    public synchronized OptionalLong heldBack(String key) {
        long now = clock.millis();
        Entry entry = current(key, now);
        return entry == null ? OptionalLong.empty() : rule.heldBack(entry.start, entry.last, entry.count, now);
    }

    @Override
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

    @Override
    public synchronized void reset(String key) {
        entries.remove(key);
    }

    synchronized int size() {
        return entries.size();
    }

    /** The key's live entry; one that has expired is gone. */
    private Entry current(String key, long now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (now >= rule.expiresAt(entry.start, entry.last, entry.count)) {
            entries.remove(key);
            return null;
        }
        return entry;
    }
}
