package microblog.mail;

import java.util.Optional;

/** Composes the mail of a reset request when the sender sends it (the account code implements this). */
public interface ResetMails {
    /** The mail for a reset requested for {@code typedAddress}, or empty when none is due (no such account,
     *  a disabled one, or over its hourly limit): the entry is then done without sending anything. */
    Optional<Composed> compose(String typedAddress, String baseUrl);

    /** A composed mail and what to undo if it could not be sent (the reset token it made is voided). */
    record Composed(Mail mail, Runnable undo) {}
}
