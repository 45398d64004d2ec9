package microblog.mail;

/**
 * A row of {@code outbox}; times are epoch milliseconds. A {@code mail} entry holds the finished mail; a {@code reset}
 * entry holds only the address as typed and the base URL, its mail being composed when it is sent.
 */
record OutboxEntry(long id, String kind, String recipient, String subject, String body, String baseUrl,
                   long createdAt, int attempts, long nextAttemptAt, Long sentAt, Long givenUpAt) {
    static final String MAIL = "mail";
    static final String RESET = "reset";

    /** Names the recipient's domain only; the body is never shown. */
    @Override
    public String toString() {
        return "OutboxEntry[id=" + id + ", kind=" + kind + ", to a recipient at " + Recipients.domainOf(recipient)
                + ", attempts=" + attempts + "]";
    }
}
