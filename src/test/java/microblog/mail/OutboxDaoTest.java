package microblog.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbox table on a real SQLite file (and PostgreSQL in the build's second test run) through the real migrations. */
class OutboxDaoTest {
    private static final long T0 = 1_800_000_000_000L;

    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private OutboxDao outbox;

    @BeforeEach
    void openDatabase() {
        outbox = db.dao(OutboxDao.class);
    }

    @Test
    void aMailIsStoredWholeAndDueAtOnce() {
        long id = outbox.insertMail("susan@example.com", "Hello", "Grüße", T0);

        OutboxEntry entry = outbox.findById(id).orElseThrow();
        assertEquals(new OutboxEntry(id, "mail", "susan@example.com", "Hello", "Grüße", null, T0, 0, T0, null, null),
                entry);
        assertEquals(List.of(entry), outbox.findDue(T0, 10));
    }

    @Test
    void aResetRequestKeepsOnlyTheTypedAddressAndTheBaseUrl() {
        long id = outbox.insertResetRequest("SUSAN@example.com", "https://example.com/microblog", T0);

        OutboxEntry entry = outbox.findById(id).orElseThrow();
        assertEquals("reset", entry.kind());
        assertEquals("SUSAN@example.com", entry.recipient());
        assertEquals("https://example.com/microblog", entry.baseUrl());
        assertNull(entry.subject());
        assertNull(entry.body());
    }

    @Test
    void dueEntriesComeInIdOrderUpToTheLimit() {
        long first = outbox.insertMail("a@example.com", "1", "one", T0 + 5);
        long second = outbox.insertResetRequest("b@example.com", "http://localhost:8080", T0);
        long third = outbox.insertMail("c@example.com", "3", "three", T0 + 1);

        assertEquals(List.of(first, second, third), ids(outbox.findDue(T0 + 5, 10)));
        assertEquals(List.of(first, second), ids(outbox.findDue(T0 + 5, 2)));
    }

    @Test
    void anEntryIsNotDueBeforeItsNextAttempt() {
        long id = outbox.insertMail("a@example.com", "1", "one", T0);
        outbox.recordFailure(id, T0 + 10_000);

        assertEquals(List.of(), outbox.findDue(T0 + 9_999, 10));
        assertEquals(List.of(id), ids(outbox.findDue(T0 + 10_000, 10)));
        assertEquals(1, outbox.findById(id).orElseThrow().attempts());
    }

    @Test
    void aSentEntryIsNoLongerDue() {
        long sent = outbox.insertMail("a@example.com", "1", "one", T0);
        long waiting = outbox.insertMail("b@example.com", "2", "two", T0);
        outbox.markSent(sent, T0 + 1);

        assertEquals(List.of(waiting), ids(outbox.findDue(T0 + 100, 10)));
        assertEquals(T0 + 1, outbox.findById(sent).orElseThrow().sentAt());
    }

    @Test
    void aGivenUpEntryIsNoLongerDue() {
        long id = outbox.insertMail("a@example.com", "1", "one", T0);
        outbox.markGivenUp(id, T0 + 1);

        assertEquals(List.of(), outbox.findDue(T0 + 100, 10));
        OutboxEntry entry = outbox.findById(id).orElseThrow();
        assertEquals(T0 + 1, entry.givenUpAt());
        assertEquals(1, entry.attempts());
    }

    @Test
    void anEntryIsClaimedOnceAndThenNotDueUntilTheLeaseEnds() {
        long id = outbox.insertMail("a@example.com", "1", "one", T0);

        assertEquals(1, outbox.claim(id, T0, T0 + 300_000));
        assertEquals(0, outbox.claim(id, T0, T0 + 300_000), "a second sender that read the same row gets nothing");
        assertEquals(List.of(), outbox.findDue(T0 + 299_999, 10));
        assertEquals(List.of(id), ids(outbox.findDue(T0 + 300_000, 10)));
    }

    @Test
    void sendersClaimingOneEntryAtOnceGetItOnce() throws Exception {
        int senders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            for (int round = 0; round < 5; round++) {
                long id = outbox.insertMail("susan@example.com", "Hello " + round, "text", T0);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> claims = new ArrayList<>();
                for (int i = 0; i < senders; i++) {
                    long lease = T0 + 300_000 + i;          // each sender's own lease, as their clocks differ
                    claims.add(pool.submit(() -> {
                        start.await();
                        return outbox.claim(id, T0, lease); // all read the entry due at T0
                    }));
                }
                start.countDown();
                int taken = 0;
                for (Future<Integer> claim : claims) {
                    taken += claim.get(30, TimeUnit.SECONDS);
                }
                assertEquals(1, taken, "round " + round + ": one sender, one mail");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void purgingForgetsWhatWasDoneBeforeTheCutOffAndKeepsTheRest() {
        long oldSent = outbox.insertMail("a@example.com", "1", "one", T0);
        outbox.markSent(oldSent, T0);
        long oldGivenUp = outbox.insertMail("b@example.com", "2", "two", T0);
        outbox.markGivenUp(oldGivenUp, T0);
        long recentSent = outbox.insertMail("c@example.com", "3", "three", T0);
        outbox.markSent(recentSent, T0 + 1_000);
        long waiting = outbox.insertMail("d@example.com", "4", "four", T0);

        assertEquals(2, outbox.purge(T0 + 1));

        assertTrue(outbox.findById(oldSent).isEmpty());
        assertTrue(outbox.findById(oldGivenUp).isEmpty());
        assertTrue(outbox.findById(recentSent).isPresent());
        assertTrue(outbox.findById(waiting).isPresent());
    }

    @Test
    void anEntryShowsOnlyItsRecipientsDomainWhenPrinted() {
        long id = outbox.insertMail("susan@example.com", "Hello", "the secret text", T0);

        String shown = outbox.findById(id).orElseThrow().toString();
        assertTrue(shown.contains("example.com"), shown);
        assertTrue(!shown.contains("susan") && !shown.contains("secret"), shown);
    }

    private static List<Long> ids(List<OutboxEntry> entries) {
        return entries.stream().map(OutboxEntry::id).toList();
    }
}
