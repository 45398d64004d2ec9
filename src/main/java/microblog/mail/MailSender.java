package microblog.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jdbi.v3.core.Jdbi;

/**
 * The background thread that sends what the {@link Outbox} recorded: in id order, each mail once, retrying with
 * growing delays (see {@link RetrySchedule}) while the server is down or answers "later", and giving up on a mail
 * the server refuses or that is a day old. One per server, built and closed by the composition root.
 *
 * <p>A mail is marked sent right after the server accepted it. Only a crash (or a database failure) between the two
 * can send a mail twice; a sender that dies mid-send leaves its entry due again after {@link #LEASE}.
 */
public final class MailSender implements AutoCloseable {
    static final String THREAD_NAME = "microblog-mail-sender";
    /** How often the outbox is looked at when nobody wakes the sender. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** Entries taken per round; a full round is followed by the next at once. */
    static final int BATCH = 20;
    /** How long an entry is this sender's while it sends it, so another server's sender leaves it alone. */
    static final Duration LEASE = Duration.ofMinutes(5);
    /** How long what became of a mail is kept. */
    static final Duration KEEP = Duration.ofDays(7);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    /** Longer than one send may take with the transport's timeouts, in the common case. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(MailSender.class.getName());

    private final Outbox outbox;
    private final Transport transport;
    private final ResetMails resetMails;
    private final Clock clock;
    private final OutboxDao dao;
    private final Thread thread;
    private volatile boolean closed;
    // Used by the sending thread only (or by a test's runOnce() when no thread was started).
    private Instant nextPurge = Instant.MIN;
    private boolean serverDown;

    public MailSender(Jdbi jdbi, Outbox outbox, Transport transport, ResetMails resetMails, Clock clock) {
        this.outbox = outbox;
        this.transport = transport;
        this.resetMails = resetMails;
        this.clock = clock;
        this.dao = jdbi.onDemand(OutboxDao.class);
        this.thread = new Thread(this::loop, THREAD_NAME);
        thread.setDaemon(true);
        // Jakarta Mail and Activation find their providers and content handlers through the context class loader:
        // the webapp's, whichever thread happened to build the sender.
        thread.setContextClassLoader(MailSender.class.getClassLoader());
        thread.setUncaughtExceptionHandler((t, e) -> LOG.log(Level.SEVERE,
                "The mail sender stopped; mail stays in the outbox until the next start", Redacted.of(e)));
    }

    /** Starts the sending thread. */
    public void start() {
        if (closed) {
            throw new IllegalStateException("The mail sender was closed");
        }
        LOG.info(() -> "Mail sender started: " + transport);
        thread.start();
    }

    /** Stops the thread after the mail it is sending, if any, and waits for it to end. */
    @Override
    public void close() {
        closed = true;
        outbox.wake();
        if (thread.getState() == Thread.State.NEW) {
            return;
        }
        try {
            thread.join(STOP_WAIT.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(5).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warning("The mail sender is still waiting for the mail server; it ends after that mail");
        }
    }

    private void loop() {
        while (!closed) {
            boolean more;
            try {
                more = runOnce();
            } catch (RuntimeException e) {
                // The database may be busy or gone for a while: try again at the next poll.
                LOG.log(Level.WARNING, "The mail sender could not read the outbox; it tries again", Redacted.of(e));
                more = false;
            }
            if (!more && !closed) {
                try {
                    outbox.awaitWake(POLL);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One round: sends what is due, in id order. True when more may be due at once (the round was full). */
    boolean runOnce() {
        Instant now = clock.instant();
        purgeIfDue(now);
        List<OutboxEntry> due = dao.findDue(now.toEpochMilli(), BATCH);
        for (OutboxEntry entry : due) {
            if (closed) {
                return false;
            }
            if (dao.claim(entry.id(), entry.nextAttemptAt(), clock.instant().plus(LEASE).toEpochMilli()) == 0) {
                continue;
            }
            if (!process(entry)) {
                return false;   // the server is down: every other mail would fail the same way now
            }
        }
        return due.size() == BATCH;
    }

    /** Sends one entry; false when the server could not take any mail. */
    private boolean process(OutboxEntry entry) {
        Mail mail;
        Runnable undo = () -> { };
        try {
            if (OutboxEntry.MAIL.equals(entry.kind())) {
                if (entry.subject() == null || entry.body() == null) {
                    giveUp(entry, "it is not a complete mail");
                    return true;
                }
                mail = new Mail(entry.recipient(), entry.subject(), entry.body());
            } else if (OutboxEntry.RESET.equals(entry.kind())) {
                Optional<ResetMails.Composed> composed = resetMails.compose(entry.recipient(), entry.baseUrl());
                if (composed.isEmpty()) {
                    dao.markSent(entry.id(), clock.millis());   // nothing is due for this address: done
                    return true;
                }
                mail = composed.get().mail();
                undo = composed.get().undo();
            } else {
                giveUp(entry, "its kind is unknown");
                return true;
            }
        } catch (IllegalArgumentException e) {
            if (OutboxEntry.MAIL.equals(entry.kind())) {
                giveUp(entry, "it is not a well-formed mail");   // it cannot get better by waiting
                return true;
            }
            return unexpected(entry, e);
        } catch (RuntimeException e) {
            return unexpected(entry, e);
        }
        try {
            transport.send(mail);
        } catch (MailFailure failure) {
            undo(entry, undo);
            return failed(entry, failure);
        } catch (RuntimeException e) {
            undo(entry, undo);
            return unexpected(entry, e);
        }
        dao.markSent(entry.id(), clock.millis());
        if (serverDown) {
            serverDown = false;
            LOG.info("The mail server takes mail again");
        }
        return true;
    }

    private boolean failed(OutboxEntry entry, MailFailure failure) {
        switch (failure.kind()) {
            case PERMANENT -> giveUp(entry, failure.getMessage());
            case TRANSIENT -> retryLater(entry, failure.getMessage());
            case SERVER_UNAVAILABLE -> {
                if (!serverDown) {
                    serverDown = true;    // said once per outage, not once per mail and attempt
                    LOG.warning("Mail waits in the outbox: " + failure.getMessage()
                            + "; it is tried again with growing delays for up to a day");
                }
                retryLater(entry, failure.getMessage());
                return false;
            }
        }
        return true;
    }

    /** Something that should not happen (a bug, the database failing): logged, and the mail is tried again. */
    private boolean unexpected(OutboxEntry entry, RuntimeException e) {
        LOG.log(Level.WARNING, "Outbox entry " + entry.id() + " (to a recipient at "
                + Recipients.domainOf(entry.recipient()) + ") failed unexpectedly; it is tried again later",
                Redacted.of(e));
        retryLater(entry, "it failed unexpectedly (" + e.getClass().getSimpleName() + ")");
        return true;
    }

    private void retryLater(OutboxEntry entry, String reason) {
        int failures = entry.attempts() + 1;
        Optional<Instant> next = RetrySchedule.nextAttempt(Instant.ofEpochMilli(entry.createdAt()), failures,
                clock.instant());
        if (next.isEmpty()) {
            giveUp(entry, reason + ", and it is more than a day old");
            return;
        }
        dao.recordFailure(entry.id(), next.get().toEpochMilli());
        LOG.fine(() -> "Outbox entry " + entry.id() + " not sent (attempt " + failures + "): " + reason);
    }

    /** The one line that says a mail will not be sent: its id and the recipient's domain, never the text. */
    private void giveUp(OutboxEntry entry, String reason) {
        dao.markGivenUp(entry.id(), clock.millis());
        LOG.warning("Outbox entry " + entry.id() + " (to a recipient at " + Recipients.domainOf(entry.recipient())
                + ") was given up: " + reason);
    }

    private void undo(OutboxEntry entry, Runnable undo) {
        try {
            undo.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Undoing outbox entry " + entry.id() + " failed", Redacted.of(e));
        }
    }

    private void purgeIfDue(Instant now) {
        if (now.isBefore(nextPurge)) {
            return;
        }
        dao.purge(now.minus(KEEP).toEpochMilli());
        nextPurge = now.plus(PURGE_EVERY);
    }

    /**
     * An exception as it may be logged here: its class and stack trace without its message, which may quote what
     * must never reach the log (an SQL statement's arguments, a server's reply naming the address, a mail's text).
     */
    static final class Redacted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private static final int MAX_CAUSES = 8;

        private Redacted(Throwable original, Throwable cause) {
            super(original.getClass().getName() + " (message left out)", cause, false, true);
            setStackTrace(original.getStackTrace());
        }

        static Redacted of(Throwable e) {
            return of(e, 0);
        }

        private static Redacted of(Throwable e, int depth) {
            Throwable cause = e.getCause();
            return new Redacted(e, cause == null || cause == e || depth >= MAX_CAUSES ? null : of(cause, depth + 1));
        }
    }
}
