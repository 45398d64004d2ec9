package microblog.account;

import java.time.Clock;
import microblog.auth.Account;
import microblog.auth.PasswordHasher;
import microblog.auth.SignIns;
import microblog.auth.User;
import microblog.auth.UserDao;
import microblog.mail.Mail;
import microblog.mail.Outbox;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What every change of a password does, in one transaction: the new hash, every reset link of the user voided,
 * sign-ins ended (all, or all but this browser's), and the "password was changed" mail recorded in the outbox.
 */
public final class PasswordChanges {
    static final String CHANGED_SUBJECT = "[Microblog] Your password was changed";

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final Outbox outbox;
    private final Clock clock;

    public PasswordChanges(Jdbi jdbi, PasswordHasher hasher, Outbox outbox, Clock clock) {
        this.jdbi = jdbi;
        this.hasher = hasher;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Sets the user's password from this browser: every other sign-in ends, {@code keepSignIn} stays. */
    public void change(User user, String newPassword, long keepSignIn) {
        String hash = hasher.hash(newPassword);            // slow: before the transaction, not inside it
        jdbi.useTransaction(handle -> {
            apply(handle, user, hash);
            SignIns.endAllBut(handle, user.id(), keepSignIn);
        });
        outbox.wake();
    }

    /**
     * Sets the password of any account, disabled or not, as the operator's {@code users set-password} does: every
     * sign-in ends; answers how many.
     */
    public int set(Account account, String newPassword) {
        String hash = hasher.hash(newPassword);
        int ended = jdbi.inTransaction(handle -> {
            apply(handle, account.user(hash), hash);
            return SignIns.endAll(handle, account.id());
        });
        outbox.wake();
        return ended;
    }

    /** As a reset does it, inside the caller's transaction: every sign-in of the user ends. */
    void applyEndingEverySignIn(Handle handle, User user, String hash) {
        apply(handle, user, hash);
        SignIns.endAll(handle, user.id());
    }

    String hash(String password) {
        return hasher.hash(password);
    }

    void wake() {
        outbox.wake();
    }

    private void apply(Handle handle, User user, String hash) {
        long now = clock.millis();
        handle.attach(UserDao.class).updatePasswordHash(user.id(), hash);
        handle.attach(PasswordResetDao.class).voidAll(user.id(), now);
        outbox.add(handle, changedMail(user, now));
    }

    static Mail changedMail(User user, long now) {
        return new Mail(user.email(), CHANGED_SUBJECT, "Dear " + user.username() + ",\n\n"
                + "The password of your Microblog account was changed on " + SignInEntry.minute(now) + ".\n"
                + "Everywhere else you were signed in has been logged out.\n\n"
                + "If you did not change it, reset your password at once with \"Forgot Your Password?\" on the "
                + "login page.\n\n"
                + "Sincerely,\n\nThe Microblog Team\n");
    }
}
