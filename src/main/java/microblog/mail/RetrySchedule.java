package microblog.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** When a mail that could not be sent is tried again: after growing delays, then every 30 minutes, for a day. */
final class RetrySchedule {
    /** A mail this old is given up at its next failure: a reset link or a notice a day late helps nobody. */
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    private static final List<Duration> FIRST_DELAYS = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10));
    private static final Duration THEN_EVERY = Duration.ofMinutes(30);

    private RetrySchedule() {
    }

    /** How long to wait after the given failure ({@code 1} for the first). */
    static Duration delayAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures starts at 1, not " + failures);
        }
        return failures <= FIRST_DELAYS.size() ? FIRST_DELAYS.get(failures - 1) : THEN_EVERY;
    }

    /** When to try a mail created at {@code createdAt} again after its {@code failures}-th failure; empty: give up. */
    static Optional<Instant> nextAttempt(Instant createdAt, int failures, Instant now) {
        if (!now.isBefore(createdAt.plus(GIVE_UP_AFTER))) {
            return Optional.empty();
        }
        return Optional.of(now.plus(delayAfter(failures)));
    }
}
