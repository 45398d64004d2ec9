package microblog.mail;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;

/**
 * Records mail to be sent in the caller's transaction, so that a mail exists exactly when the change it reports
 * was committed; the {@link MailSender} sends it afterwards. Call {@link #wake()} after the commit.
 */
public final class Outbox {
    private final Clock clock;
    /** At most one wake-up waits: many commits before the sender looks are one round of sending. */
    private final Semaphore wakeUp = new Semaphore(0);

    public Outbox(Clock clock) {
        this.clock = clock;
    }

    /** Records a finished mail in the transaction of {@code handle}; it is due as soon as that commits. */
    public void add(Handle handle, Mail mail) {
        handle.attach(OutboxDao.class).insertMail(mail.to(), mail.subject(), mail.text(), clock.millis());
    }

    /**
     * Records a password reset request in the transaction of {@code handle}: only the address as typed and the
     * base URL of the link. The sender looks the account up and makes the link when it sends (see
     * {@link ResetMails}), so the request costs the web page the same whether or not the address has an account,
     * and no reset token is ever stored in the clear.
     */
    public void addResetRequest(Handle handle, String typedAddress, String baseUrl) {
        handle.attach(OutboxDao.class).insertResetRequest(typedAddress, baseUrl, clock.millis());
    }

    /**
     * Tells the sender to look at the outbox now rather than at its next poll; call it after the transaction that
     * recorded mail committed. A wake-up that comes too early or is lost only delays the mail by a poll.
     */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /** Waits until woken or until {@code timeout} passed; true when woken. */
    boolean awaitWake(Duration timeout) throws InterruptedException {
        boolean woken = wakeUp.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        wakeUp.drainPermits();
        return woken;
    }
}
