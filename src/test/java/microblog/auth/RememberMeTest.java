package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The remember-me token logic on a real SQLite file (and PostgreSQL in the build's second test run): rotation, the
 * grace window, parallel tabs, theft, expiry.
 */
class RememberMeTest {
    private static final Duration LIFETIME = Duration.ofDays(30);

    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private MutableClock clock;
    private RememberMe rememberMe;
    private long userId;

    @BeforeEach
    void openDatabase() {
        clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
        rememberMe = new RememberMe(db.jdbi(), clock, LIFETIME);
        userId = db.jdbi().onDemand(UserDao.class).insert("susan", "susan@example.com", "not-a-real-hash", 0L);
    }

    @Test
    void validValueIsAcceptedAndRotatedToANewValueWithTheSameSelectorAndExpiry() {
        long expiresAt = clock.millis() + LIFETIME.toMillis();
        String value = create(userId, expiresAt);

        RememberMe.Outcome.Accepted accepted = accepted(rememberMe.use(value));

        assertEquals(userId, accepted.userId());
        String rotated = accepted.newValue().orElseThrow();
        assertNotEquals(value, rotated);
        assertEquals(selector(value), selector(rotated));
        assertEquals(expiresAt, accepted.expiresAt(), "rotation keeps the expiry");
    }

    @Test
    void aTokenNamesTheSignInItWasIssuedWith() {
        long signIn = signIn(userId);
        String value = rememberMe.create(userId, signIn, clock.millis() + LIFETIME.toMillis());

        assertEquals(signIn, accepted(rememberMe.use(value)).signInId());
    }

    /** A new sign-in of {@code user}, as a password login starts it. */
    private long signIn(long user) {
        return db.jdbi().onDemand(SignInDao.class).insertIfUnchanged(user, "not-a-real-hash", clock.millis(),
                "127.0.0.1", "curl/8").orElseThrow();
    }

    /** A token of a new sign-in of {@code user}. */
    private String create(long user, long expiresAt) {
        long signIn = signIn(user);
        return rememberMe.create(user, signIn, expiresAt);
    }

    @Test
    void rotatedValueKeepsWorking() {
        String value = create(userId, clock.millis() + LIFETIME.toMillis());
        String rotated = accepted(rememberMe.use(value)).newValue().orElseThrow();
        clock.advance(Duration.ofDays(1));

        RememberMe.Outcome.Accepted again = accepted(rememberMe.use(rotated));

        assertEquals(userId, again.userId());
        assertTrue(again.newValue().isPresent());
    }

    @Test
    void replacedValueWorksWithinTheGraceWindowWithoutANewValue() {
        String value = create(userId, clock.millis() + LIFETIME.toMillis());
        accepted(rememberMe.use(value));
        clock.advance(Duration.ofSeconds(9));

        RememberMe.Outcome.Accepted second = accepted(rememberMe.use(value));

        assertEquals(userId, second.userId());
        assertEquals(Optional.empty(), second.newValue(), "the other tab already has the new value");
        assertEquals(1, tokenCount());
    }

    @Test
    void parallelTabsRestoringWithOneCookieAreAllAcceptedAndOneNewValueLives() throws Exception {
        String value = create(userId, clock.millis() + LIFETIME.toMillis());
        int tabs = 8;
        ExecutorService pool = Executors.newFixedThreadPool(tabs);
        try {
            for (int round = 0; round < 5; round++) {
                String cookie = value;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<RememberMe.Outcome>> uses = new ArrayList<>();
                for (int i = 0; i < tabs; i++) {
                    uses.add(pool.submit(() -> {
                        start.await();
                        return rememberMe.use(cookie);
                    }));
                }
                start.countDown();
                List<String> newValues = new ArrayList<>();
                for (Future<RememberMe.Outcome> use : uses) {
                    accepted(use.get(30, TimeUnit.SECONDS)).newValue().ifPresent(newValues::add);
                }
                // One tab rotated the token; the others used it just replaced, in the grace window. A second new
                // value would be one the database never stored: its next use would look like theft.
                assertEquals(1, newValues.size(), "round " + round + ": " + newValues);
                value = newValues.get(0);
            }
        } finally {
            pool.shutdownNow();
        }
        clock.advance(Duration.ofDays(1));

        assertTrue(accepted(rememberMe.use(value)).newValue().isPresent(), "the last new value is the token's");
        assertEquals(1, tokenCount());
    }

    @Test
    void replacedValueAfterTheGraceWindowIsRefusedAndRevokesEveryTokenOfTheUser() {
        long expiresAt = clock.millis() + LIFETIME.toMillis();
        String stolen = create(userId, expiresAt);
        String otherDevice = create(userId, expiresAt);
        String rotated = accepted(rememberMe.use(stolen)).newValue().orElseThrow();
        clock.advance(Duration.ofSeconds(11));

        assertInstanceOf(RememberMe.Outcome.Refused.class, rememberMe.use(stolen));

        assertEquals(0, tokenCount());
        assertInstanceOf(RememberMe.Outcome.Refused.class, rememberMe.use(rotated),
                "after a theft even the owner's current value is revoked");
        assertInstanceOf(RememberMe.Outcome.Refused.class, rememberMe.use(otherDevice));
    }

    @Test
    void theftOfOneUsersTokenLeavesOtherUsersTokensAlone() {
        long other = db.jdbi().onDemand(UserDao.class).insert("tom", "tom@example.com", "not-a-real-hash", 0L);
        long expiresAt = clock.millis() + LIFETIME.toMillis();
        String stolen = create(userId, expiresAt);
        String toms = create(other, expiresAt);
        accepted(rememberMe.use(stolen));
        clock.advance(Duration.ofMinutes(1));

        assertInstanceOf(RememberMe.Outcome.Refused.class, rememberMe.use(stolen));

        assertEquals(other, accepted(rememberMe.use(toms)).userId());
    }

    @Test
    void expiredTokenIsRefusedAndItsRowDeleted() {
        String value = create(userId, clock.millis() + Duration.ofHours(1).toMillis());
        clock.advance(Duration.ofHours(1));

        assertInstanceOf(RememberMe.Outcome.Refused.class, rememberMe.use(value));

        assertEquals(0, tokenCount());
    }

    @Test
    void purgeExpiredRemovesOnlyExpiredRows() {
        long now = clock.millis();
        create(userId, now + Duration.ofHours(1).toMillis());
        create(userId, now + Duration.ofHours(2).toMillis());
        String lasting = create(userId, now + Duration.ofDays(5).toMillis());
        clock.advance(Duration.ofHours(3));

        int purged = rememberMe.purgeExpired();

        assertEquals(2, purged);
        assertEquals(1, tokenCount());
        assertEquals(userId, accepted(rememberMe.use(lasting)).userId());
    }

    @Test
    void unknownSelectorIsRefused() {
        String value = create(userId, clock.millis() + LIFETIME.toMillis());

        RememberMe.Outcome outcome = rememberMe.use("unknownselector." + value.substring(value.indexOf('.') + 1));

        assertInstanceOf(RememberMe.Outcome.Refused.class, outcome);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "abc", "a.", ".b", ".."})
    void malformedValuesAreRefused(String value) {
        create(userId, clock.millis() + LIFETIME.toMillis());

        assertInstanceOf(RememberMe.Outcome.Refused.class, rememberMe.use(value));

        assertEquals(1, tokenCount(), "a malformed value revokes nothing");
    }

    private static RememberMe.Outcome.Accepted accepted(RememberMe.Outcome outcome) {
        return assertInstanceOf(RememberMe.Outcome.Accepted.class, outcome);
    }

    private static String selector(String value) {
        return value.substring(0, value.indexOf('.'));
    }

    private int tokenCount() {
        return db.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM remember_tokens WHERE user_id = ?").bind(0, userId).mapTo(Integer.class).one());
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock has one zone");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
