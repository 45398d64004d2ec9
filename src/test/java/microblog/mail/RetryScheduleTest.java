package microblog.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The retry delays: growing, then capped, and no retry for a mail a day old. */
class RetryScheduleTest {
    private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theDelaysGrowWithEachFailure() {
        for (int failures = 1; failures < 7; failures++) {
            assertTrue(RetrySchedule.delayAfter(failures + 1).compareTo(RetrySchedule.delayAfter(failures)) > 0,
                    "the delay after failure " + (failures + 1) + " is longer than after failure " + failures);
        }
        assertEquals(Duration.ofSeconds(10), RetrySchedule.delayAfter(1));
    }

    @Test
    void theDelaysStopGrowingAtHalfAnHour() {
        assertEquals(Duration.ofMinutes(30), RetrySchedule.delayAfter(7));
        assertEquals(Duration.ofMinutes(30), RetrySchedule.delayAfter(8));
        assertEquals(Duration.ofMinutes(30), RetrySchedule.delayAfter(1_000));
    }

    @Test
    void theNextAttemptIsTheDelayAfterNow() {
        Instant now = CREATED.plus(Duration.ofMinutes(3));

        assertEquals(Optional.of(now.plusSeconds(30)), RetrySchedule.nextAttempt(CREATED, 2, now));
    }

    @Test
    void aMailIsRetriedUntilItIsADayOld() {
        Instant almostADay = CREATED.plus(Duration.ofHours(24)).minusSeconds(1);

        assertTrue(RetrySchedule.nextAttempt(CREATED, 40, almostADay).isPresent());
    }

    @Test
    void aMailADayOldOrOlderIsGivenUp() {
        assertEquals(Optional.empty(), RetrySchedule.nextAttempt(CREATED, 40, CREATED.plus(Duration.ofHours(24))));
        assertEquals(Optional.empty(), RetrySchedule.nextAttempt(CREATED, 1, CREATED.plus(Duration.ofDays(3))));
    }

    @Test
    void aDayOfFailuresIsAFewDozenAttemptsNotThousands() {
        Instant now = CREATED;
        int attempts = 0;
        for (Optional<Instant> next = Optional.of(now); next.isPresent(); ) {
            now = next.get();
            attempts++;
            next = RetrySchedule.nextAttempt(CREATED, attempts, now);
        }
        assertTrue(attempts > 40 && attempts < 60, "attempts in a day: " + attempts);
    }

    @Test
    void failuresAreCountedFromOne() {
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.delayAfter(0));
    }
}
