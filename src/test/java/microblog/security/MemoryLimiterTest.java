package microblog.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory limiter: {@link LimiterTest}'s behaviour, and bounded memory. */
class MemoryLimiterTest extends LimiterTest {
    @Override
    Limits limits() {
        return Limits.inMemory(clock, 1000);
    }

    @Test
    void memoryIsBoundedWhateverAnAttackerSprays() {
        MemoryLimiter limiter = (MemoryLimiter) limits().perWindow("test", 5, Duration.ofMinutes(15));
        for (int i = 0; i < 50_000; i++) {
            limiter.count("user" + i + "@10.0.0.1");
        }

        assertEquals(1000, limiter.size());
    }
}
