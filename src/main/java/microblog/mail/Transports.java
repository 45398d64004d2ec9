package microblog.mail;

/** Picks the transport the settings ask for; what the composition root calls. */
public final class Transports {
    private Transports() {
    }

    /**
     * SMTP to the configured host, or the log when no host is set (development).
     *
     * @throws IllegalArgumentException naming the setting whose value cannot be used
     */
    public static Transport from(MailSettings settings) {
        settings.validate();
        return settings.hasHost() ? new SmtpTransport(settings) : new LogTransport();
    }
}
