package microblog.mail;

import java.util.logging.Logger;

/**
 * Writes each mail whole (recipient, subject and text) to the server's log instead of sending it, as Django's
 * console e-mail backend does: for development, when {@code microblog.mail.host} is not set.
 *
 * <p>A reset mail's link is then in the log, and so anyone who can read the log can reset that password. This is
 * intended for development only, and it is the one place in microblog that writes a mail's text to the log: set a
 * mail host on any server that real users reach.
 */
public final class LogTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(LogTransport.class.getName());

    @Override
    public void send(Mail mail) {
        LOG.info(() -> String.join("\n", "Mail not sent (" + MailSettings.HOST + " is not set), written here instead:",
                "To: " + mail.to(), "Subject: " + mail.subject(), "", mail.text()));
    }

    @Override
    public String toString() {
        return "the server's log (" + MailSettings.HOST + " is not set: mail is written there, not sent)";
    }
}
