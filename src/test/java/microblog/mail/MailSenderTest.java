package microblog.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import microblog.mail.ScriptedSmtpPeer.Script;
import microblog.testing.Loopback;
import microblog.testing.MutableClock;
import microblog.testing.TempDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sender over a real SQLite outbox and real SMTP servers on loopback ports (GreenMail, or a scripted peer for
 * 4xx and 5xx replies). Most tests drive one round at a time with {@code runOnce()} and a clock moved by hand; the
 * last ones run the real thread.
 */
class MailSenderTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    /** In every mail's text; never in the log. */
    private static final String BODY_SECRET = "b0dy-s3cret-line";
    private static final String BASE_URL = "https://example.com/microblog";

    @RegisterExtension
    final TempDatabase db = new TempDatabase();
    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private final MutableClock clock = new MutableClock(T0);
    private final Outbox outbox = new Outbox(clock);
    private final TestResetMails resetMails = new TestResetMails().withAccount("susan", "Susan@Example.com");
    private int port;
    private GreenMail greenMail;
    private MailSender sender;
    private OutboxDao dao;

    @BeforeEach
    void startMailServer() throws IOException {
        port = Loopback.freePort();
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
        greenMail.start();
        dao = db.dao(OutboxDao.class);
    }

    @AfterEach
    void stopEverything() {
        if (sender != null) {
            sender.close();
        }
        greenMail.stop();
    }

    @AfterEach
    void nothingSecretWasLogged() {
        for (String line : log.written()) {
            assertFalse(line.contains(BODY_SECRET), "a mail's text was logged: " + line);
            assertFalse(line.contains(TestResetMails.SECRET), "a reset link was logged: " + line);
            assertFalse(line.contains("susan@") || line.contains("Susan@"), "a whole address was logged: " + line);
        }
    }

    @Test
    void aRecordedMailArrives() throws Exception {
        long id = record(mail("first"));
        sender = sender(smtp(port));

        sender.runOnce();

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("first", received[0].getSubject());
        assertNotNull(dao.findById(id).orElseThrow().sentAt());
        assertEquals(List.of(), log.atLeast(Level.INFO), log.all());
    }

    @Test
    void aMailRecordedWhileTheServerIsDownArrivesOnceItIsBack() throws Exception {
        greenMail.stop();
        long id = record(mail("while down"));
        sender = sender(smtp(port));

        sender.runOnce();
        OutboxEntry waiting = dao.findById(id).orElseThrow();
        assertEquals(1, waiting.attempts());
        assertNull(waiting.sentAt());

        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
        greenMail.start();
        sender.runOnce();
        assertEquals(0, greenMail.getReceivedMessages().length, "not before its retry time");

        clock.advance(RetrySchedule.delayAfter(1));
        sender.runOnce();
        clock.advance(Duration.ofHours(1));
        sender.runOnce();

        assertEquals(1, greenMail.getReceivedMessages().length);
        assertNotNull(dao.findById(id).orElseThrow().sentAt());
        List<LogRecord> warnings = log.atLeast(Level.WARNING);
        assertEquals(1, warnings.size(), "the outage is told once: " + log.all());
        assertTrue(warnings.get(0).getMessage().contains("cannot be reached"), log.all());
    }

    @Test
    void whileTheServerIsDownARoundStopsAtTheFirstMail() {
        greenMail.stop();
        long first = record(mail("one"));
        long second = record(mail("two"));
        sender = sender(smtp(port));

        sender.runOnce();

        assertEquals(1, dao.findById(first).orElseThrow().attempts());
        assertEquals(0, dao.findById(second).orElseThrow().attempts(), "not tried: it would fail the same way");
    }

    @Test
    void aMailTheServerDefersIsSentOnceWhenItTakesItLater() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.rcpt("451 4.7.1 Greylisted, come back later"))) {
            long id = record(mail("deferred"));
            sender = sender(smtp(peer.port()));

            sender.runOnce();
            assertEquals(1, dao.findById(id).orElseThrow().attempts());
            clock.advance(RetrySchedule.delayAfter(1));
            sender.runOnce();
            clock.advance(Duration.ofHours(2));
            sender.runOnce();

            assertEquals(1, peer.delivered().size());
            assertEquals(2, peer.connections());
            assertNotNull(dao.findById(id).orElseThrow().sentAt());
            assertEquals(List.of(), log.atLeast(Level.INFO), "a deferral is normal mail life: " + log.all());
        }
    }

    @Test
    void aMailTheServerRefusesIsGivenUpWithOneWarningAndNotTriedAgain() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.rcpt("550 5.1.1 <susan@example.com> unknown"))) {
            long id = record(mail("refused"));
            sender = sender(smtp(peer.port()));

            sender.runOnce();
            clock.advance(Duration.ofHours(2));
            sender.runOnce();

            assertEquals(1, peer.connections());
            assertNotNull(dao.findById(id).orElseThrow().givenUpAt());
            List<LogRecord> warnings = log.atLeast(Level.INFO);
            assertEquals(1, warnings.size(), log.all());
            assertEquals(Level.WARNING, warnings.get(0).getLevel());
            assertEquals("Outbox entry " + id + " (to a recipient at example.org) was given up: "
                    + "the mail server answered 550 to RCPT (refused)", warnings.get(0).getMessage());
        }
    }

    @Test
    void aMailStillFailingADayAfterItWasRecordedIsGivenUpWithOneLogLine() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.rcpt("451 try later"), Script.rcpt("451 try later"),
                Script.rcpt("451 try later"))) {
            long id = record(mail("too late"));
            sender = sender(smtp(peer.port()));
            sender.runOnce();
            clock.advance(Duration.ofHours(12));
            sender.runOnce();
            assertNull(dao.findById(id).orElseThrow().givenUpAt());

            clock.advance(Duration.ofHours(13));
            sender.runOnce();
            clock.advance(Duration.ofHours(1));
            sender.runOnce();

            assertEquals(3, peer.connections());
            assertNotNull(dao.findById(id).orElseThrow().givenUpAt());
            List<LogRecord> lines = log.atLeast(Level.INFO);
            assertEquals(1, lines.size(), log.all());
            assertEquals(Level.WARNING, lines.get(0).getLevel());
            assertTrue(lines.get(0).getMessage().startsWith("Outbox entry " + id + " (to a recipient at example.org)"
                    + " was given up: the mail server answered 451 to RCPT"), lines.get(0).getMessage());
        }
    }

    @Test
    void mailIsSentInTheOrderItWasRecorded() throws Exception {
        record(mail("one"));
        record(mail("two"));
        record(mail("three"));
        sender = sender(smtp(port));

        sender.runOnce();

        assertEquals(List.of("one", "two", "three"), subjects(greenMail.getReceivedMessages()));
    }

    @Test
    void aRefusedMailDoesNotHoldUpTheMailsAfterIt() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.rcpt("550 no such user"),
                Script.rcpt("451 later"))) {
            long refused = record(mail("refused"));
            long deferred = record(mail("deferred"));
            long fine = record(mail("fine"));
            sender = sender(smtp(peer.port()));

            sender.runOnce();

            assertNotNull(dao.findById(refused).orElseThrow().givenUpAt());
            assertEquals(1, dao.findById(deferred).orElseThrow().attempts());
            assertNotNull(dao.findById(fine).orElseThrow().sentAt());
        }
    }

    @Test
    void aResetRequestIsComposedWhenItIsSentAndGoesToTheAccountsAddress() throws Exception {
        long id = recordReset("SUSAN@example.com");
        sender = sender(smtp(port));

        sender.runOnce();

        assertEquals(List.of("SUSAN@example.com"), resetMails.asked());
        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertEquals("Susan@Example.com", received.getAllRecipients()[0].toString());
        assertEquals("[Microblog] Reset Your Password", received.getSubject());
        assertTrue(((String) received.getContent()).contains(BASE_URL + "/reset_password/" + TestResetMails.SECRET));
        assertNotNull(dao.findById(id).orElseThrow().sentAt());
        assertEquals(0, resetMails.undone());
    }

    @Test
    void aResetRequestWithNothingToSendIsDoneWithoutAMail() throws Exception {
        long id = recordReset("nobody@example.com");
        sender = sender(smtp(port));

        sender.runOnce();
        clock.advance(Duration.ofHours(1));
        sender.runOnce();

        assertEquals(List.of("nobody@example.com"), resetMails.asked(), "asked once, then done");
        assertEquals(0, greenMail.getReceivedMessages().length);
        assertNotNull(dao.findById(id).orElseThrow().sentAt());
    }

    @Test
    void aResetMailThatTheServerRefusesIsUndone() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.rcpt("550 mailbox unavailable"))) {
            long id = recordReset("susan@example.com");
            sender = sender(smtp(peer.port()));

            sender.runOnce();

            assertEquals(1, resetMails.undone());
            assertNotNull(dao.findById(id).orElseThrow().givenUpAt());
        }
    }

    @Test
    void aResetMailThatCannotBeSentNowIsUndoneAndComposedAfreshLater() throws Exception {
        greenMail.stop();
        long id = recordReset("susan@example.com");
        sender = sender(smtp(port));

        sender.runOnce();
        assertEquals(1, resetMails.undone(), "the link of a mail that did not leave is voided");

        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
        greenMail.start();
        clock.advance(RetrySchedule.delayAfter(1));
        sender.runOnce();

        assertEquals(2, resetMails.composed());
        assertEquals(1, resetMails.undone());
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertEquals(1, received.length);
        assertTrue(((String) received[0].getContent()).contains(TestResetMails.SECRET + "-2"), "the fresh link");
        assertNotNull(dao.findById(id).orElseThrow().sentAt());
    }

    @Test
    void aComposeThatThrowsIsLoggedAndTriedAgainWithoutStoppingTheOtherMails() throws Exception {
        long reset = recordReset("susan@example.com");
        long plain = record(mail("after the reset"));
        resetMails.failWith(new IllegalStateException("compose failed for " + TestResetMails.SECRET));
        sender = sender(smtp(port));

        sender.runOnce();

        assertEquals(1, dao.findById(reset).orElseThrow().attempts());
        assertNotNull(dao.findById(plain).orElseThrow().sentAt());
        assertEquals(1, log.atLeast(Level.WARNING).size(), log.all());
        assertNotNull(log.atLeast(Level.WARNING).get(0).getThrown(), "with where it failed");

        resetMails.failWith(null);
        clock.advance(RetrySchedule.delayAfter(1));
        sender.runOnce();
        assertNotNull(dao.findById(reset).orElseThrow().sentAt());
        assertEquals(2, greenMail.getReceivedMessages().length);
    }

    @Test
    void anEntryThatIsNotACompleteMailIsGivenUpRatherThanTriedAgain() {
        long id = dao.insertMail("someone@example.org", "no text", null, T0.toEpochMilli());
        sender = sender(smtp(port));

        sender.runOnce();

        assertNotNull(dao.findById(id).orElseThrow().givenUpAt());
        assertEquals(0, greenMail.getReceivedMessages().length);
        assertEquals(1, log.atLeast(Level.WARNING).size(), log.all());
    }

    @Test
    void whatWasDoneAWeekAgoIsForgotten() {
        long old = record(mail("old"));
        sender = sender(smtp(port));
        sender.runOnce();
        clock.advance(Duration.ofDays(6));
        long recent = record(mail("recent"));
        sender.runOnce();

        clock.advance(Duration.ofDays(1).plusHours(1));
        sender.runOnce();

        assertTrue(dao.findById(old).isEmpty());
        assertTrue(dao.findById(recent).isPresent());
    }

    @Test
    void theSenderThreadSendsAMailSoonAfterAWakeUp() throws Exception {
        sender = sender(smtp(port));
        sender.start();

        record(mail("woken"));
        outbox.wake();

        assertTrue(greenMail.waitForIncomingEmail(10_000, 1), "the mail arrives");
        assertEquals(List.of("woken"), subjects(greenMail.getReceivedMessages()));
    }

    @Test
    void theSenderThreadAlsoFindsMailWithoutAWakeUp() throws Exception {
        sender = sender(smtp(port));
        sender.start();

        record(mail("polled"));

        assertTrue(greenMail.waitForIncomingEmail(10_000, 1), "the mail arrives at the next poll");
    }

    @Test
    void aMailGoingToTheLogIsWrittenThereWhole() {
        record(mail("to the log"));
        sender = sender(new LogTransport());

        sender.runOnce();

        List<String> written = log.written().stream().filter(l -> l.startsWith(LogTransport.class.getName())).toList();
        assertEquals(1, written.size(), log.all());
        assertTrue(written.get(0).contains("To: someone@example.org"), written.get(0));
        assertTrue(written.get(0).contains(BODY_SECRET), written.get(0));
        log.clear();   // the one place where the text is meant to be in the log
    }

    @Test
    void twoServersSendersOnOneOutboxSendEveryMailExactlyOnce() throws Exception {
        int mails = 3 * MailSender.BATCH;
        for (int i = 0; i < mails; i++) {
            record(mail("mail " + i));
        }
        List<String> sent = new CopyOnWriteArrayList<>();
        Transport captured = mail -> sent.add(mail.subject());
        // The second server's sender: connections of its own to the same database, as another node would have.
        Jdbi secondServer = db.otherJdbi().installPlugin(new SqlObjectPlugin());
        List<MailSender> senders = List.of(sender(captured),
                new MailSender(secondServer, new Outbox(clock), captured, resetMails, clock));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        try {
            List<Future<?>> rounds = new ArrayList<>();
            for (MailSender each : senders) {
                rounds.add(pool.submit(() -> {
                    start.await();
                    while (each.runOnce()) {
                        Thread.onSpinWait();   // a full round: more may be due at once
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> round : rounds) {
                round.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(mails, sent.size(), "no mail sent twice: " + sent);
        assertEquals(mails, Set.copyOf(sent).size(), "every mail sent: " + sent);
        long unsent = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
                .mapTo(Long.class).one());
        assertEquals(0, unsent, "every entry marked sent");
    }

    @Test
    void closingTheSenderLeavesNoThreadBehind() throws Exception {
        sender = sender(smtp(port));
        sender.start();
        assertTrue(senderThreadAlive(), "started");

        sender.close();

        assertFalse(senderThreadAlive(), "no " + MailSender.THREAD_NAME + " thread after close()");
    }

    private static boolean senderThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals(MailSender.THREAD_NAME));
    }

    private MailSender sender(Transport transport) {
        return new MailSender(db.jdbi(), outbox, transport, resetMails, clock);
    }

    private static Transport smtp(int port) {
        return new SmtpTransport(new MailSettings("127.0.0.1", port, "off", "", "", "microblog@example.com"));
    }

    private static Mail mail(String subject) {
        return new Mail("someone@example.org", subject, "Hello,\n\n" + BODY_SECRET + "\n");
    }

    private long record(Mail mail) {
        db.jdbi().useTransaction(handle -> outbox.add(handle, mail));
        return lastId();
    }

    private long recordReset(String typedAddress) {
        db.jdbi().useTransaction(handle -> outbox.addResetRequest(handle, typedAddress, BASE_URL));
        return lastId();
    }

    private long lastId() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT MAX(id) FROM outbox").mapTo(long.class).one());
    }

    private static List<String> subjects(MimeMessage[] messages) throws Exception {
        List<String> subjects = new java.util.ArrayList<>();
        for (MimeMessage message : messages) {
            subjects.add(message.getSubject());
        }
        return subjects;
    }

}
