package microblog.security;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What a limit allows, in one of two shapes: a fixed window ("at most N per window") or growing delays ("N free
 * failures, then 1 s, 2 s, 4 s ... between tries"); the arithmetic both kinds of limiter share, over one key's
 * counter (when it started, its last event, how many).
 */
record Rule(int allowed, Duration window, boolean growing) {
    private static final Duration LONGEST_DELAY = Duration.ofMinutes(15);

    /** When a counter stops counting: its window has passed (fixed) or it has been quiet that long (growing). */
    long expiresAt(long start, long last, int count) {
        long since = growing ? last : start;
        if (growing && count >= allowed) {
            since += delayMillis(count);
        }
        return since + window.toMillis();
    }

    /** Seconds until the next try, or empty if it may be made now, for a live counter. */
    OptionalLong heldBack(long start, long last, int count, long now) {
        if (count < allowed) {
            return OptionalLong.empty();
        }
        long until = growing ? last + delayMillis(count) : start + window.toMillis();
        return until > now ? OptionalLong.of(Math.max(1, (until - now + 999) / 1000)) : OptionalLong.empty();
    }

    /** After the {@code count}-th failure (count >= allowed): 1 s, then doubling, at most 15 minutes. */
    private long delayMillis(int count) {
        int doublings = Math.min(count - allowed, 20);
        return Math.min(1000L << doublings, LONGEST_DELAY.toMillis());
    }
}
