package microblog.mail;

import java.util.Objects;

/** A plain-text mail to one recipient, sent as UTF-8. */
public record Mail(String to, String subject, String text) {
    public Mail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        // A line break in a header value would let the text after it start a header of its own.
        if (hasLineBreak(to) || hasLineBreak(subject)) {
            throw new IllegalArgumentException("A mail's recipient and subject are one line each");
        }
        if (to.isBlank()) {
            throw new IllegalArgumentException("A mail needs a recipient");
        }
    }

    private static boolean hasLineBreak(String value) {
        return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0;
    }

    /** Names the recipient's domain only: the text may hold a reset link, and the address is personal. */
    @Override
    public String toString() {
        return "Mail[to a recipient at " + Recipients.domainOf(to) + "]";
    }
}
