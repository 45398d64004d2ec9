package microblog.account;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import microblog.auth.User;
import microblog.auth.UserDao;
import microblog.mail.Mail;
import microblog.mail.Outbox;
import microblog.mail.ResetMails;
import microblog.web.Tokens;
import org.jdbi.v3.core.Jdbi;

/**
 * Password reset links (the tutorial's chapter 10, done the safe way): 256 random bits a link, kept only as a
 * SHA-256, single use, short-lived, voided by any password change. The link is made when the mail is sent (the
 * outbox calls {@link #compose}), so that a reset request costs the same whether or not its address has an account.
 */
public final class PasswordResets implements ResetMails {
    static final String SUBJECT = "[Microblog] Reset Your Password";
    /** Links older than this are deleted; the per-account limit counts within the last hour. */
    private static final Duration KEPT = Duration.ofDays(1);

    private final Jdbi jdbi;
    private final PasswordResetDao resets;
    private final UserDao users;
    private final PasswordChanges changes;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration validity;
    private final int mailsPerAccountHour;

    public PasswordResets(Jdbi jdbi, PasswordChanges changes, Outbox outbox, Clock clock, Duration validity,
                          int mailsPerAccountHour) {
        this.jdbi = jdbi;
        this.resets = jdbi.onDemand(PasswordResetDao.class);
        this.users = jdbi.onDemand(UserDao.class);
        this.changes = changes;
        this.outbox = outbox;
        this.clock = clock;
        this.validity = validity;
        this.mailsPerAccountHour = mailsPerAccountHour;
    }

    /**
     * Records a reset request for the mail sender: the same one insert whatever the address, so the answer takes
     * the same time whether or not an account has it.
     */
    public void request(String typedAddress, String baseUrl) {
        jdbi.useTransaction(handle -> outbox.addResetRequest(handle, typedAddress, baseUrl));
        outbox.wake();
    }

    @Override
    public Optional<Composed> compose(String typedAddress, String baseUrl) {
        // No account, a disabled one, or one that had its mails this hour: nothing is sent, nobody is told.
        Optional<User> found = users.findByEmail(typedAddress);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        User user = found.get();
        long now = clock.millis();
        resets.deleteOlderThan(now - KEPT.toMillis());
        String token = Tokens.random(32);
        String tokenHash = Tokens.sha256Hex(token);
        // Counted and recorded with the account's row locked: the senders of several servers composing mails of one
        // account at once would otherwise all count the same links and each send one more.
        boolean allowed = jdbi.inTransaction(handle -> {
            handle.attach(UserDao.class).lock(user.id());
            PasswordResetDao links = handle.attach(PasswordResetDao.class);
            if (links.countSince(user.id(), now - Duration.ofHours(1).toMillis()) >= mailsPerAccountHour) {
                return false;
            }
            links.insert(tokenHash, user.id(), now, now + validity.toMillis());
            return true;
        });
        if (!allowed) {
            return Optional.empty();
        }
        // To the address the account has, never the one typed (they may differ in case or form).
        Mail mail = new Mail(user.email(), SUBJECT, text(user, baseUrl + "/reset_password/" + token));
        return Optional.of(new Composed(mail, () -> resets.delete(tokenHash)));
    }

    static String text(User user, String link) {
        return "Dear " + user.username() + ",\n\n"
                + "To reset your password click on the following link:\n\n"
                + link + "\n\n"
                + "The link works for a short while and only once.\n"
                + "If you have not requested a password reset simply ignore this message.\n\n"
                + "Sincerely,\n\nThe Microblog Team\n";
    }

    /** The user a reset link is for, if it can still be used; opening the link uses nothing up. */
    public Optional<User> userOf(String token) {
        if (!Tokens.isToken(token)) {
            return Optional.empty();
        }
        return resets.usableBy(Tokens.sha256Hex(token), clock.millis()).flatMap(users::findById);
    }

    /**
     * Sets the password of the link's user, using the link (and voiding all others), ending every sign-in and
     * recording the "password was changed" mail, all in one transaction; false when the link was no longer usable.
     */
    public boolean reset(String token, User user, String newPassword) {
        String hash = changes.hash(newPassword);
        String tokenHash = Tokens.sha256Hex(token);
        boolean done = jdbi.inTransaction(handle -> {
            // The account first, then its link: a password change (or a reset with another link) takes the account
            // and then every link of it, and taking them the other way round here deadlocked with it.
            handle.attach(UserDao.class).lock(user.id());
            if (handle.attach(PasswordResetDao.class).use(tokenHash, user.id(), clock.millis()) != 1) {
                return false;
            }
            changes.applyEndingEverySignIn(handle, user, hash);
            return true;
        });
        if (done) {
            changes.wake();
        }
        return done;
    }
}
