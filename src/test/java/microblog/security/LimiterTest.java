package microblog.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import microblog.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** What every kind of limiter does, in memory ({@link MemoryLimiterTest}) and in the database ({@link SharedLimiterTest}). */
abstract class LimiterTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** The kind of limiter under test, on {@link #clock}. */
    abstract Limits limits();

    @Test
    void aWindowAllowsItsCountThenHoldsBackUntilTheWindowEnds() {
        Limiter limiter = limits().perWindow("test", 3, Duration.ofMinutes(15));
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.heldBack("10.0.0.1").isEmpty());
            limiter.count("10.0.0.1");
        }

        assertEquals(OptionalLong.of(900), limiter.heldBack("10.0.0.1"));
        assertTrue(limiter.heldBack("10.0.0.2").isEmpty(), "other keys are not affected");
        clock.advance(Duration.ofMinutes(10));
        assertEquals(OptionalLong.of(300), limiter.heldBack("10.0.0.1"));
        clock.advance(Duration.ofMinutes(5));
        assertTrue(limiter.heldBack("10.0.0.1").isEmpty(), "a new window");
    }

    @Test
    void delaysGrowAfterTheFreeFailures() {
        Limiter limiter = limits().growingDelays("test", 2, Duration.ofMinutes(15));
        limiter.count("susan@1");
        assertTrue(limiter.heldBack("susan@1").isEmpty());
        limiter.count("susan@1");

        assertEquals(OptionalLong.of(1), limiter.heldBack("susan@1"));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(limiter.heldBack("susan@1").isEmpty(), "one more try after the delay");
        limiter.count("susan@1");
        assertEquals(OptionalLong.of(2), limiter.heldBack("susan@1"));
        clock.advance(Duration.ofSeconds(2));
        limiter.count("susan@1");
        assertEquals(OptionalLong.of(4), limiter.heldBack("susan@1"));
    }

    @Test
    void delaysStopAtFifteenMinutesAndAreForgottenAfterAQuietWindow() {
        Limiter limiter = limits().growingDelays("test", 1, Duration.ofMinutes(15));
        for (int i = 0; i < 40; i++) {
            limiter.count("k");
        }

        assertEquals(OptionalLong.of(900), limiter.heldBack("k"));
        clock.advance(Duration.ofMinutes(30));
        assertTrue(limiter.heldBack("k").isEmpty());
        limiter.count("k");
        assertEquals(OptionalLong.of(1), limiter.heldBack("k"), "counting starts again");
    }

    @Test
    void resetForgetsTheKey() {
        Limiter limiter = limits().growingDelays("test", 1, Duration.ofMinutes(15));
        limiter.count("k");
        limiter.reset("k");

        assertTrue(limiter.heldBack("k").isEmpty());
    }

    @Test
    void limitsOfOtherNamesCountApart() {
        Limiter one = limits().perWindow("one", 1, Duration.ofMinutes(15));
        Limiter other = limits().perWindow("other", 1, Duration.ofMinutes(15));
        one.count("10.0.0.1");

        assertEquals(OptionalLong.of(900), one.heldBack("10.0.0.1"));
        assertTrue(other.heldBack("10.0.0.1").isEmpty());
    }

    @Test
    void noneNeverHoldsBack() {
        Limiter limiter = Limiter.none();
        for (int i = 0; i < 100; i++) {
            limiter.count("k");
        }

        assertTrue(limiter.heldBack("k").isEmpty());
    }
}
