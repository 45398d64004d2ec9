package microblog.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import microblog.auth.PasswordHasher;
import microblog.auth.SignIns;
import microblog.auth.User;
import microblog.auth.UserDao;
import microblog.mail.Outbox;
import microblog.mail.ResetMails;
import microblog.testing.MutableClock;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reset links on a real SQLite file (and PostgreSQL in the build's second test run): made at sending time, single
 * use, ten minutes, voided by any change, and used at once without a deadlock.
 */
class PasswordResetsTest {
    private static final Pattern LINK = Pattern.compile("^(https://example\\.com/reset_password/([A-Za-z0-9_-]+))$",
            Pattern.MULTILINE);
    private static final String BASE = "https://example.com";

    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private MutableClock clock;
    private PasswordResets resets;
    private PasswordChanges changes;
    private UserDao users;
    private User susan;

    @BeforeEach
    void openDatabase() {
        clock = new MutableClock(Instant.parse("2026-12-02T15:04:00Z"));
        Outbox outbox = new Outbox(clock);
        changes = new PasswordChanges(db.jdbi(), new PasswordHasher(1000), outbox, clock);
        resets = new PasswordResets(db.jdbi(), changes, outbox, clock, Duration.ofMinutes(10), 3);
        users = db.dao(UserDao.class);
        long id = users.insert("Susan", "Susan@Example.com", "x", 0L);
        susan = users.findById(id).orElseThrow();
    }

    private String tokenOf(ResetMails.Composed composed) {
        Matcher matcher = LINK.matcher(composed.mail().text());
        assertTrue(matcher.find(), "the link on a line of its own:\n" + composed.mail().text());
        return matcher.group(2);
    }

    @Test
    void theMailGoesToTheAccountsOwnAddressWithALinkOnALineOfItsOwn() {
        ResetMails.Composed composed = resets.compose("susan@example.COM", BASE).orElseThrow();

        assertEquals("Susan@Example.com", composed.mail().to(), "the address as the account has it");
        assertEquals("[Microblog] Reset Your Password", composed.mail().subject());
        assertTrue(composed.mail().text().startsWith("Dear Susan,"), composed.mail().text());
        String token = tokenOf(composed);
        assertTrue(token.length() >= 22, "at least 128 random bits: " + token);
        assertEquals(Optional.of(susan.id()), resets.userOf(token).map(User::id));
    }

    @Test
    void onlyAHashOfTheTokenIsStored() {
        String token = tokenOf(resets.compose("susan@example.com", BASE).orElseThrow());

        String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT token_hash FROM password_resets")
                .mapTo(String.class).one());
        assertFalse(stored.contains(token));
        assertEquals(64, stored.length());
    }

    @Test
    void noAccountOrADisabledOneGetsNoMail() {
        assertTrue(resets.compose("nobody@example.com", BASE).isEmpty());

        users.setDisabled(susan.id(), true);
        assertTrue(resets.compose("susan@example.com", BASE).isEmpty());
    }

    @Test
    void aLinkWorksForTenMinutes() {
        String token = tokenOf(resets.compose("susan@example.com", BASE).orElseThrow());

        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertTrue(resets.userOf(token).isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(resets.userOf(token).isEmpty());
        assertFalse(resets.reset(token, susan, "a new password 1"));
    }

    @Test
    void openingALinkUsesNothingUpButResettingUsesItAndEveryOtherLink() {
        String first = tokenOf(resets.compose("susan@example.com", BASE).orElseThrow());
        String second = tokenOf(resets.compose("susan@example.com", BASE).orElseThrow());
        resets.userOf(second);
        resets.userOf(second);

        assertTrue(resets.reset(second, susan, "a new password 1"));

        assertTrue(resets.userOf(second).isEmpty(), "single use");
        assertFalse(resets.reset(second, susan, "another password 2"));
        assertTrue(resets.userOf(first).isEmpty(), "using any link voids every link of the user");
        assertTrue(new PasswordHasher(1000).verify("a new password 1", users.findById(susan.id()).orElseThrow()
                .passwordHash()));
    }

    @Test
    void aChangeOfPasswordVoidsEveryLink() {
        String token = tokenOf(resets.compose("susan@example.com", BASE).orElseThrow());
        long signIn = new SignIns(db.jdbi(), clock, Duration.ofMinutes(30), db.database().dataVersion())
                .start(susan, "127.0.0.1", "curl").orElseThrow();

        changes.change(susan, "changed password 3", signIn);

        assertTrue(resets.userOf(token).isEmpty());
    }

    @Test
    void aResetEndsEverySignInAndRecordsTheChangedMailInTheSameTransaction() {
        SignIns signIns = new SignIns(db.jdbi(), clock, Duration.ofMinutes(30), db.database().dataVersion());
        long one = signIns.start(susan, "127.0.0.1", "a").orElseThrow();
        long two = signIns.start(susan, "127.0.0.2", "b").orElseThrow();
        String token = tokenOf(resets.compose("susan@example.com", BASE).orElseThrow());

        assertTrue(resets.reset(token, susan, "a new password 1"));

        assertFalse(signIns.isLive(one, susan.id()));
        assertFalse(signIns.isLive(two, susan.id()));
        assertEquals(1, (int) db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE kind = 'mail'"
                + " AND subject = '[Microblog] Your password was changed' AND recipient = 'Susan@Example.com'")
                .mapTo(Integer.class).one()));
    }

    @Test
    void atMostThreeMailsPerAccountPerHour() {
        for (int i = 0; i < 3; i++) {
            assertTrue(resets.compose("susan@example.com", BASE).isPresent(), "mail " + (i + 1));
        }
        assertTrue(resets.compose("susan@example.com", BASE).isEmpty(), "the fourth within the hour");

        clock.advance(Duration.ofMinutes(61));
        assertTrue(resets.compose("susan@example.com", BASE).isPresent(), "an hour later");
    }

    @Test
    void sendersComposingAtOnceStillSendAtMostThreeMailsPerAccountPerHour() throws Exception {
        int senders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> composed = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                composed.add(pool.submit(() -> {
                    start.await();
                    return resets.compose("susan@example.com", BASE).isPresent();
                }));
            }
            start.countDown();
            int mails = 0;
            for (Future<Boolean> each : composed) {
                mails += each.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(3, mails, "several servers' senders count one account's mails together");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMailThatCouldNotBeSentLeavesNoUsableLinkAndDoesNotCount() {
        ResetMails.Composed composed = resets.compose("susan@example.com", BASE).orElseThrow();
        String token = tokenOf(composed);

        composed.undo().run();

        assertTrue(resets.userOf(token).isEmpty());
        for (int i = 0; i < 3; i++) {
            assertTrue(resets.compose("susan@example.com", BASE).isPresent());
        }
    }

    @Test
    void malformedTokensAreRefusedWithoutALookup() {
        for (String token : new String[] {"", "short", "x".repeat(500), "has space in it 1234567", "../../etc"}) {
            assertTrue(resets.userOf(token).isEmpty(), token);
        }
    }

    @Test
    void twoLinksOfOneAccountUsedAtOnceResetItOnceAndNoTransactionDeadlocks() throws Exception {
        PasswordResets generous = new PasswordResets(db.jdbi(), changes, new Outbox(clock), clock,
                Duration.ofMinutes(10), 1000);
        List<String> rerun = new CopyOnWriteArrayList<>();
        Logger retries = Logger.getLogger("microblog.db.TransactionRetries");   // PostgreSQL's deadlock victims
        Level level = retries.getLevel();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                rerun.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        retries.setLevel(Level.ALL);
        retries.addHandler(handler);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                List<String> links = List.of(tokenOf(generous.compose("susan@example.com", BASE).orElseThrow()),
                        tokenOf(generous.compose("susan@example.com", BASE).orElseThrow()));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> resets = new ArrayList<>();
                for (String link : links) {
                    resets.add(pool.submit(() -> {
                        start.await();
                        return generous.reset(link, susan, "a new password " + link);
                    }));
                }
                start.countDown();
                int done = 0;
                for (Future<Boolean> reset : resets) {
                    done += reset.get(60, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, done, "round " + round + ": the first reset voids the other link");
            }
        } finally {
            pool.shutdownNow();
            retries.removeHandler(handler);
            retries.setLevel(level);
        }
        // Each reset takes the account's row before its link's, as a password change does, so they queue up.
        assertEquals(List.of(), rerun, "no transaction was rolled back as a deadlock victim");
    }
}
