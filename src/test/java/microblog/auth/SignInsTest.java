package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import microblog.account.AccountStatus;
import microblog.account.PasswordChanges;
import microblog.mail.Outbox;
import microblog.testing.MutableClock;
import microblog.testing.TempDatabase;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sign-ins on a real SQLite file: started, checked, listed, ended (only by their owner), and cleared when over. */
class SignInsTest {
    private static final Duration SESSION = Duration.ofMinutes(30);

    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private MutableClock clock;
    private SignIns signIns;
    private long susan;
    private long tom;

    @BeforeEach
    void openDatabase() {
        clock = new MutableClock(Instant.parse("2026-12-02T15:04:00Z"));
        signIns = new SignIns(db.jdbi(), clock, SESSION, db.database().dataVersion());
        UserDao users = db.dao(UserDao.class);
        susan = users.insert("susan", "susan@example.com", "x", 0L);
        tom = users.insert("tom", "tom@example.com", "x", 0L);
    }

    @Test
    void aStartedSignInIsLiveForItsUserOnly() {
        long id = start(susan, "192.0.2.1", "Mozilla/5.0");

        assertTrue(signIns.isLive(id, susan));
        assertFalse(signIns.isLive(id, tom), "another user's session naming this sign-in is not signed in");
        assertFalse(signIns.isLive(id + 1000, susan));
    }

    @Test
    void anEndedSignInIsSeenAtOnceEvenThroughAnotherConnection() {
        long id = start(susan, "192.0.2.1", "Mozilla/5.0");
        assertTrue(signIns.isLive(id, susan));       // now in the cache

        // Another process (a second server, the command line) ends it.
        Jdbi other = db.otherJdbi();
        other.useHandle(h -> h.execute("DELETE FROM sign_ins WHERE id = ?", id));

        assertFalse(signIns.isLive(id, susan));
    }

    @Test
    void aDisabledOrDeletedAccountsSignInIsOverAtOnce() {
        long id = start(susan, "192.0.2.1", "Mozilla/5.0");
        assertEquals("susan", signIns.userOf(id, susan).orElseThrow().username(), "the user, from one read");

        Jdbi other = db.otherJdbi();
        other.useHandle(h -> h.execute("UPDATE users SET disabled = 1 WHERE id = ?", susan));
        assertTrue(signIns.userOf(id, susan).isEmpty(), "disabled");

        other.useHandle(h -> h.execute("UPDATE users SET disabled = 0 WHERE id = ?", susan));
        assertTrue(signIns.userOf(id, susan).isPresent(), "enabled again");
        other.useHandle(h -> h.execute("DELETE FROM users WHERE id = ?", susan));
        assertTrue(signIns.userOf(id, susan).isEmpty(), "deleted");
    }

    @Test
    void aUserCanEndOnlyTheirOwnSignIns() {
        long toms = start(tom, "192.0.2.9", "curl/8.5.0");

        assertFalse(signIns.end(susan, toms));
        assertTrue(signIns.isLive(toms, tom));
        assertTrue(signIns.end(tom, toms));
        assertFalse(signIns.isLive(toms, tom));
    }

    @Test
    void endingAllButOneKeepsThatOneAndItsRememberMeTokenAndNobodyElses() {
        long here = start(susan, "192.0.2.1", "a");
        long there = start(susan, "192.0.2.2", "b");
        long toms = start(tom, "192.0.2.3", "c");
        RememberMe rememberMe = new RememberMe(db.jdbi(), clock, Duration.ofDays(30));
        String hereToken = rememberMe.create(susan, here, clock.millis() + 1_000_000);
        String thereToken = rememberMe.create(susan, there, clock.millis() + 1_000_000);

        assertEquals(1, signIns.endAllBut(susan, here));

        assertTrue(signIns.isLive(here, susan));
        assertFalse(signIns.isLive(there, susan));
        assertTrue(signIns.isLive(toms, tom));
        assertTrue(rememberMe.use(hereToken) instanceof RememberMe.Outcome.Accepted);
        assertTrue(rememberMe.use(thereToken) instanceof RememberMe.Outcome.Refused);
    }

    @Test
    void twoServersWritingLastActiveTimesAtOnceTakeTheRowsInOneOrder() throws Exception {
        // Two servers behind a balancer without stickiness both note the same sign-ins. Ids 16 apart share a bucket
        // of a small hash map, where they lie in the order they were noted: here the opposite order on each server.
        long first = start(susan, "192.0.2.1", "a");
        for (int i = 0; i < 15; i++) {
            start(tom, "192.0.2.2", "b");
        }
        long seventeenth = start(susan, "192.0.2.1", "a");
        assertEquals(first + 16, seventeenth);
        // Connections of their own, without any retry of a deadlocked transaction: a deadlock would fail a flush.
        List<SignIns> servers = List.of(
                new SignIns(db.otherJdbi().installPlugin(new SqlObjectPlugin()), clock, SESSION,
                        db.database().dataVersion()),
                new SignIns(db.otherJdbi().installPlugin(new SqlObjectPlugin()), clock, SESSION,
                        db.database().dataVersion()));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                clock.advance(SignIns.TOUCH_INTERVAL.plusSeconds(1));
                servers.get(0).touch(first);
                servers.get(0).touch(seventeenth);
                servers.get(1).touch(seventeenth);
                servers.get(1).touch(first);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> flushes = new ArrayList<>();
                for (SignIns server : servers) {
                    flushes.add(pool.submit(() -> {
                        start.await();
                        return server.flush();
                    }));
                }
                start.countDown();
                for (Future<Integer> flush : flushes) {
                    assertEquals(2, flush.get(60, TimeUnit.SECONDS), "round " + round);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(clock.millis(), lastActive(first));
        assertEquals(clock.millis(), lastActive(seventeenth));
    }

    @Test
    void lastActiveIsWrittenAtMostOnceAMinute() {
        long id = start(susan, "192.0.2.1", "a");
        long started = clock.millis();

        clock.advance(Duration.ofSeconds(30));
        signIns.touch(id);
        assertEquals(0, signIns.flush(), "30 s later: nothing new to write");
        assertEquals(started, lastActive(id));

        clock.advance(Duration.ofSeconds(31));
        signIns.touch(id);
        signIns.touch(id);
        assertEquals(started, lastActive(id), "noted, not written on the request's path");
        assertEquals(1, signIns.flush(), "one write for the sign-in");
        assertEquals(clock.millis(), lastActive(id));
    }

    @Test
    void theWriterWritesEveryNotedSignInInOneGoAndLeavesNoThreadWhenClosed() {
        long one = start(susan, "192.0.2.1", "a");
        long two = start(tom, "192.0.2.2", "b");
        signIns.start();
        clock.advance(Duration.ofMinutes(2));
        signIns.touch(one);
        signIns.touch(two);

        signIns.close();

        assertEquals(clock.millis(), lastActive(one));
        assertEquals(clock.millis(), lastActive(two));
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("microblog-sign-in-writer") && t.isAlive()));
    }

    @Test
    void theListHoldsSignInsWithASessionOrARememberMeTokenMostRecentFirst() {
        long old = start(susan, "192.0.2.1", "old");
        long remembered = start(susan, "192.0.2.2", "remembered");
        new RememberMe(db.jdbi(), clock, Duration.ofDays(30))
                .create(susan, remembered, clock.millis() + Duration.ofDays(30).toMillis());
        clock.advance(SESSION.plus(Duration.ofMinutes(5)));
        long recent = start(susan, "192.0.2.3", "recent");

        List<Long> listed = signIns.live(susan).stream().map(SignIn::id).toList();

        assertEquals(List.of(recent, remembered), listed, "the expired session without a token is over");
        assertFalse(listed.contains(old));
    }

    @Test
    void signInsThatAreOverAreClearedAway() {
        long old = start(susan, "192.0.2.1", "old");
        clock.advance(SESSION.plus(Duration.ofMinutes(5)));

        assertEquals(1, signIns.purgeEnded());
        assertFalse(signIns.isLive(old, susan));
    }

    @Test
    void aVeryLongUserAgentIsClipped() {
        long id = start(susan, "192.0.2.1", "x".repeat(10_000));

        assertEquals(SignIns.USER_AGENT_LENGTH, signIns.live(susan).get(0).userAgent().length());
        assertTrue(signIns.isLive(id, susan));
    }

    @Test
    void aLoginCheckedBeforeAPasswordChangeStartsNoSignIn() {
        User checked = checkedAtLogin(susan);
        long elsewhere = start(susan, "192.0.2.2", "the browser changing it");
        passwordChanges().change(checked, "a new password 1", elsewhere);

        assertTrue(signIns.start(checked, "192.0.2.1", "the racing login").isEmpty(), "the old password's check");
        assertEquals(1, signInsOf(susan), "only the changing browser's");
        assertTrue(signIns.start(checkedAtLogin(susan), "192.0.2.1", "a login with the new one").isPresent());
    }

    @Test
    void aLoginWaitsForAPasswordChangeInProgressAndThenStartsNoSignIn() throws Exception {
        User checked = checkedAtLogin(susan);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Handle change = db.otherJdbi().open()) {
            // Another server's change, between its update of the user's row and its commit.
            change.begin();
            change.execute("UPDATE users SET password_hash = 'new' WHERE id = ?", susan);
            change.execute("DELETE FROM sign_ins WHERE user_id = ?", susan);
            Future<OptionalLong> login = pool.submit(() -> signIns.start(checked, "192.0.2.1", "the racing login"));
            Thread.sleep(300);
            assertFalse(login.isDone(), "the login waits for the user's row");
            change.commit();

            assertTrue(login.get(30, TimeUnit.SECONDS).isEmpty(), "it reads the committed hash, not the old one");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, signInsOf(susan));
    }

    @Test
    void aLoginCheckedBeforeTheAccountIsDisabledStartsNoSignIn() {
        User checked = checkedAtLogin(susan);
        new AccountStatus(db.jdbi(), clock).disable(account("susan"));

        assertTrue(signIns.start(checked, "192.0.2.1", "the racing login").isEmpty());
        assertEquals(0, signInsOf(susan));
    }

    @Test
    void aRememberMeTokenOlderThanSignInsStartsNoSignInAfterAPasswordChange() {
        long tokenId = tokenOlderThanSignIns(susan);
        User checked = checkedAtLogin(susan);            // as the filter reads it, just before the change
        passwordChanges().set(account("susan"), "a new password 1");

        assertTrue(signIns.startForToken(checked, tokenId, "192.0.2.1", "a").isEmpty());
        assertTrue(signIns.startForToken(checkedAtLogin(susan), tokenId, "192.0.2.1", "a").isEmpty(),
                "read after the change: the token is gone with the old password");
        assertEquals(0, signInsOf(susan));
    }

    @Test
    void aRememberMeTokenOlderThanSignInsStartsNoSignInAfterTheAccountIsDisabledOrLoggedOut() {
        long tokenId = tokenOlderThanSignIns(susan);
        User checked = checkedAtLogin(susan);
        new AccountStatus(db.jdbi(), clock).logOut(account("susan"));

        assertTrue(signIns.startForToken(checked, tokenId, "192.0.2.1", "a").isEmpty(), "logged out everywhere");

        long tomsToken = tokenOlderThanSignIns(tom);
        User tomChecked = checkedAtLogin(tom);
        new AccountStatus(db.jdbi(), clock).disable(account("tom"));
        assertTrue(signIns.startForToken(tomChecked, tomsToken, "192.0.2.1", "a").isEmpty(), "disabled");
        assertEquals(0, signInsOf(susan) + signInsOf(tom));
    }

    @Test
    void aRememberMeTokenOlderThanSignInsContinuesTheSignInItStarts() {
        long tokenId = tokenOlderThanSignIns(susan);

        long id = signIns.startForToken(checkedAtLogin(susan), tokenId, "192.0.2.1", "a").orElseThrow();

        assertTrue(signIns.isLive(id, susan));
        assertEquals(id, (long) db.jdbi().withHandle(h -> h.createQuery(
                "SELECT sign_in_id FROM remember_tokens WHERE id = ?").bind(0, tokenId).mapTo(Long.class).one()));
    }

    /** The user as a password login reads it before its slow check: the hash it checked. */
    private User checkedAtLogin(long userId) {
        return db.dao(UserDao.class).findById(userId).orElseThrow();
    }

    /** A sign-in of a password login just checked. */
    private long start(long userId, String address, String userAgent) {
        return signIns.start(checkedAtLogin(userId), address, userAgent).orElseThrow();
    }

    private Account account(String username) {
        return db.dao(UserDao.class).findAccount(username).orElseThrow();
    }

    private PasswordChanges passwordChanges() {
        return new PasswordChanges(db.jdbi(), new PasswordHasher(1000), new Outbox(clock), clock);
    }

    /** A remember-me token without a sign-in, as issued before sign-ins existed; its id. */
    private long tokenOlderThanSignIns(long userId) {
        return db.jdbi().withHandle(h -> {
            h.execute("INSERT INTO remember_tokens (selector, validator_hash, user_id, expires_at) "
                    + "VALUES (?, 'x', ?, ?)", "old" + userId, userId, clock.millis() + 1_000_000);
            return h.createQuery("SELECT id FROM remember_tokens WHERE selector = ?").bind(0, "old" + userId)
                    .mapTo(Long.class).one();
        });
    }

    private int signInsOf(long userId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sign_ins WHERE user_id = ?")
                .bind(0, userId).mapTo(Integer.class).one());
    }

    private long lastActive(long id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT last_active_at FROM sign_ins WHERE id = ?")
                .bind(0, id).mapTo(Long.class).one());
    }
}
