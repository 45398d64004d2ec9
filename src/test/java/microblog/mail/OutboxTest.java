package microblog.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import microblog.testing.MutableClock;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mail is recorded in the caller's transaction: it exists exactly when that transaction committed. */
class OutboxTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Mail MAIL = new Mail("susan@example.com", "[Microblog] Your password was changed",
            "Dear susan,\n\nyour password was changed.\n");

    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private final MutableClock clock = new MutableClock(T0);
    private final Outbox outbox = new Outbox(clock);
    private OutboxDao dao;

    @BeforeEach
    void openDatabase() {
        dao = db.dao(OutboxDao.class);
    }

    @Test
    void aMailAddedInATransactionThatRollsBackLeavesNothing() {
        assertThrows(IllegalStateException.class, () -> db.jdbi().useTransaction(handle -> {
            handle.execute("INSERT INTO users (username, email, password_hash) VALUES ('susan', 'susan@example.com', 'x')");
            outbox.add(handle, MAIL);
            throw new IllegalStateException("the change it reports failed");
        }));

        assertEquals(List.of(), dao.findDue(T0.plus(Duration.ofDays(1)).toEpochMilli(), 10));
        int rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox").mapTo(int.class).one());
        assertEquals(0, rows);
    }

    @Test
    void aMailAddedInACommittedTransactionIsDueAtOnce() {
        db.jdbi().useTransaction(handle -> outbox.add(handle, MAIL));

        List<OutboxEntry> due = dao.findDue(T0.toEpochMilli(), 10);
        assertEquals(1, due.size());
        OutboxEntry entry = due.get(0);
        assertEquals(OutboxEntry.MAIL, entry.kind());
        assertEquals(MAIL, new Mail(entry.recipient(), entry.subject(), entry.body()));
        assertEquals(T0.toEpochMilli(), entry.createdAt());
    }

    @Test
    void aResetRequestAddedInACommittedTransactionIsDueAtOnceWithoutAnyMailText() {
        db.jdbi().useTransaction(handle -> outbox.addResetRequest(handle, "Susan@Example.com", "https://example.com"));

        OutboxEntry entry = dao.findDue(T0.toEpochMilli(), 10).get(0);
        assertEquals(OutboxEntry.RESET, entry.kind());
        assertEquals("Susan@Example.com", entry.recipient());
        assertEquals("https://example.com", entry.baseUrl());
        assertEquals(null, entry.body());
    }

    @Test
    void mailsAddedInOneTransactionAreDueInTheOrderTheyWereAdded() {
        db.jdbi().useTransaction(handle -> {
            outbox.add(handle, new Mail("a@example.com", "first", "1"));
            outbox.addResetRequest(handle, "b@example.com", "https://example.com");
            outbox.add(handle, new Mail("c@example.com", "third", "3"));
        });

        assertEquals(List.of("a@example.com", "b@example.com", "c@example.com"),
                dao.findDue(T0.toEpochMilli(), 10).stream().map(OutboxEntry::recipient).toList());
    }

    @Test
    void aWakeUpEndsTheSendersWaitAndIsUsedUp() throws InterruptedException {
        outbox.wake();
        outbox.wake();

        assertTrue(outbox.awaitWake(Duration.ofSeconds(5)));
        assertFalse(outbox.awaitWake(Duration.ofMillis(20)), "two wake-ups before a wait are one round");
    }

    @Test
    void aWaitWithoutAWakeUpEndsAfterItsTimeout() throws InterruptedException {
        assertFalse(outbox.awaitWake(Duration.ofMillis(20)));
    }

    @Test
    void aMailWithALineBreakInAHeaderIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new Mail("susan@example.com", "Hello\r\nBcc: eve@example.com", "text"));
        assertThrows(IllegalArgumentException.class,
                () -> new Mail("susan@example.com\nBcc: eve@example.com", "Hello", "text"));
    }
}
