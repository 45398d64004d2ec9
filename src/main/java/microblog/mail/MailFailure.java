package microblog.mail;

/**
 * A mail that could not be sent, and whether trying again later may help. Its message is written by the transport
 * for the log: it never holds the mail's text, the recipient's address or a password.
 */
public final class MailFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of failure, which decides what the sender does next. */
    public enum Kind {
        /** The server cannot take any mail now (unreachable, or it refuses the login): every mail would fail alike. */
        SERVER_UNAVAILABLE,
        /** This mail was refused for now (SMTP 4xx): try it again later. */
        TRANSIENT,
        /** This mail was refused for good (SMTP 5xx, a malformed address): trying again cannot help. */
        PERMANENT
    }

    private final Kind kind;

    public MailFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public MailFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the same mail may go through later (the server was down, or it answered 4xx). */
    public boolean isTransient() {
        return kind != Kind.PERMANENT;
    }
}
