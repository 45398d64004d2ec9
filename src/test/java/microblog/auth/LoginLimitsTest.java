package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import microblog.testing.MutableClock;
import microblog.security.Limiter;
import org.junit.jupiter.api.Test;

class LoginLimitsTest {
    private static final Optional<String> NO_DEVICE = Optional.empty();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Duration window = Duration.ofMinutes(15);
    private final LoginLimits limits = new LoginLimits(Limiter.growingDelays(clock, 3, window, 100),
            Limiter.perWindow(clock, 5, window, 100), Limiter.growingDelays(clock, 3, window, 100));

    @Test
    void failuresForOneUsernameAtOneAddressAreHeldBackIgnoringCase() {
        for (int i = 0; i < 3; i++) {
            limits.failed("Susan", "10.0.0.1", NO_DEVICE);
        }

        assertTrue(limits.heldBack("susan", "10.0.0.1", NO_DEVICE).isPresent());
        assertTrue(limits.heldBack("ＳＵＳＡＮ", "10.0.0.1", NO_DEVICE).isPresent());
        assertTrue(limits.heldBack("susan", "10.0.0.2", NO_DEVICE).isEmpty(), "another address");
        assertTrue(limits.heldBack("tom", "10.0.0.1", NO_DEVICE).isEmpty(), "another username");
    }

    @Test
    void anAddressSprayingUsernamesIsHeldBack() {
        for (int i = 0; i < 5; i++) {
            limits.failed("user" + i, "10.0.0.9", NO_DEVICE);
        }

        assertTrue(limits.heldBack("someone-new", "10.0.0.9", NO_DEVICE).isPresent());
    }

    @Test
    void theOwnersKnownDeviceIsNotHeldBackByFailuresFromElsewhere() {
        for (int i = 0; i < 5; i++) {
            limits.failed("susan", "10.0.0.66", NO_DEVICE);
        }

        assertTrue(limits.heldBack("susan", "10.0.0.66", NO_DEVICE).isPresent());
        assertTrue(limits.heldBack("susan", "10.0.0.66", Optional.of("device-1")).isEmpty(),
                "even from the attacker's address (a shared NAT), the owner's browser gets through");
    }

    @Test
    void aKnownDeviceHasItsOwnLimit() {
        for (int i = 0; i < 3; i++) {
            limits.failed("susan", "10.0.0.1", Optional.of("device-1"));
        }

        assertTrue(limits.heldBack("susan", "10.0.0.1", Optional.of("device-1")).isPresent());
        assertTrue(limits.heldBack("susan", "10.0.0.1", NO_DEVICE).isEmpty());
    }

    @Test
    void successResetsTheUsernameButNotTheAddress() {
        for (int i = 0; i < 3; i++) {
            limits.failed("susan", "10.0.0.1", NO_DEVICE);
        }
        clock.advance(Duration.ofSeconds(1));
        limits.succeeded("susan", "10.0.0.1", NO_DEVICE);

        assertTrue(limits.heldBack("susan", "10.0.0.1", NO_DEVICE).isEmpty());
        limits.failed("x", "10.0.0.1", NO_DEVICE);
        limits.failed("y", "10.0.0.1", NO_DEVICE);
        assertTrue(limits.heldBack("z", "10.0.0.1", NO_DEVICE).isPresent(),
                "an attacker cannot clear the address count by logging into an account of their own");
    }

    @Test
    void offHoldsNothingBack() {
        LoginLimits off = LoginLimits.off();
        for (int i = 0; i < 100; i++) {
            off.failed("susan", "10.0.0.1", NO_DEVICE);
        }

        assertTrue(off.heldBack("susan", "10.0.0.1", NO_DEVICE).isEmpty());
    }
}
