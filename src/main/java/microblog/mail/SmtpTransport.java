package microblog.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Sends mail to an SMTP server with Jakarta Mail (Eclipse Angus), one connection per mail.
 *
 * <p>Angus writes the whole SMTP conversation, the mail's text with its reset link included, to the
 * {@code org.eclipse.angus.mail} loggers at FINEST: never turn those up on a server that real users reach.
 */
public final class SmtpTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(SmtpTransport.class.getName());
    /** Connect, read and write: a server that hangs delays the outbox, never blocks it. */
    static final int TIMEOUT_MILLIS = 10_000;

    private final MailSettings settings;
    private final Session session;
    private final InternetAddress from;
    private final String messageIdDomain;

    public SmtpTransport(MailSettings settings) {
        this.settings = settings.validate();
        if (!settings.hasHost()) {
            throw new IllegalArgumentException(MailSettings.HOST + " is not set");
        }
        try {
            this.from = new InternetAddress(settings.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(MailSettings.FROM + " must be a mail address", e);
        }
        String address = from.getAddress();
        this.messageIdDomain = address.substring(address.lastIndexOf('@') + 1);
        // A session of our own (never Session.getDefaultInstance, which is JVM-wide and keeps the first caller's
        // properties and class loader).
        this.session = Session.getInstance(properties(settings, address));
        if (settings.hasLogin() && !settings.startTlsRequired() && !isLoopback(settings.host())) {
            LOG.warning(MailSettings.USERNAME + " is set while " + MailSettings.STARTTLS + " is off: the password "
                    + "crosses the network to " + settings.host() + " unencrypted");
        }
    }

    /** {@code envelopeFrom}: the bare address, as MAIL FROM takes it ({@code from} may carry a display name). */
    private static Properties properties(MailSettings settings, String envelopeFrom) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        p.setProperty("mail.smtp.from", envelopeFrom);
        p.setProperty("mail.from", envelopeFrom);
        p.setProperty("mail.smtp.connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        p.setProperty("mail.smtp.timeout", Integer.toString(TIMEOUT_MILLIS));
        p.setProperty("mail.smtp.writetimeout", Integer.toString(TIMEOUT_MILLIS));
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.hasLogin()));
        if (settings.startTlsRequired()) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
            // Angus does not check the certificate's name by default: without this, anyone on the path could
            // answer with any valid certificate and read the password and the mail.
            p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
        return p;
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    @Override
    public void send(Mail mail) throws MailFailure {
        MimeMessage message = message(mail);
        jakarta.mail.Transport transport = null;
        try {
            transport = session.getTransport("smtp");
            if (settings.hasLogin()) {
                transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
            } else {
                transport.connect();
            }
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            throw failure(e);
        } finally {
            close(transport);
        }
    }

    private MimeMessage message(Mail mail) throws MailFailure {
        try {
            MimeMessage message = new OwnIdMessage(session, messageIdDomain);
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setText(mail.text(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            message.saveChanges();
            return message;
        } catch (AddressException e) {
            throw new MailFailure(MailFailure.Kind.PERMANENT, "the recipient's address is malformed");
        } catch (MessagingException e) {
            throw new MailFailure(MailFailure.Kind.PERMANENT, "the mail cannot be put together ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * What went wrong, in words of our own: the server's reply and Angus' messages may quote the recipient's
     * address, so only the reply code, the command and the kind of error are kept.
     */
    private MailFailure failure(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            // The operator's login is wrong or the server refuses it for now; every mail would fail alike, and
            // once the setting is fixed the mail waiting in the outbox should still go.
            return new MailFailure(MailFailure.Kind.SERVER_UNAVAILABLE, "the mail server at " + server()
                    + " refused the login of " + MailSettings.USERNAME, e);
        }
        for (Exception link = e; link != null; link = next(link)) {
            int code = 0;
            String command = "";
            if (link instanceof SMTPAddressFailedException f) {
                code = f.getReturnCode();
                command = f.getCommand();
            } else if (link instanceof SMTPSenderFailedException f) {
                code = f.getReturnCode();
                command = f.getCommand();
            } else if (link instanceof SMTPSendFailedException f) {
                code = f.getReturnCode();
                command = f.getCommand();
            }
            if (code >= 400 && code < 500) {
                return new MailFailure(MailFailure.Kind.TRANSIENT, "the mail server answered " + code + " to "
                        + verb(command) + " (try later)", e);
            }
            if (code >= 500 && code < 600) {
                return new MailFailure(MailFailure.Kind.PERMANENT, "the mail server answered " + code + " to "
                        + verb(command) + " (refused)", e);
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return new MailFailure(MailFailure.Kind.SERVER_UNAVAILABLE, "the mail server at " + server()
                        + " cannot be reached (" + io.getClass().getSimpleName() + ")", e);
            }
        }
        // Anything else (no STARTTLS offered when it is required, a reply that makes no sense): the server, not
        // this mail; try again later.
        return new MailFailure(MailFailure.Kind.SERVER_UNAVAILABLE, "the mail server at " + server()
                + " could not take the mail (" + e.getClass().getSimpleName() + ")", e);
    }

    private static Exception next(Exception e) {
        if (e instanceof MessagingException m && m.getNextException() != null) {
            return m.getNextException();
        }
        return e.getCause() instanceof Exception cause ? cause : null;
    }

    /** The SMTP command's name alone ({@code RCPT TO:<address>} is {@code RCPT}). */
    private static String verb(String command) {
        if (command == null || command.isBlank()) {
            return "the mail";
        }
        String word = command.strip().split("[\\s:]", 2)[0];
        return word.chars().allMatch(Character::isLetter) ? word.toUpperCase(Locale.ROOT) : "the mail";
    }

    private String server() {
        return settings.host() + ":" + settings.port();
    }

    /** After a mail was accepted, a failed QUIT must not turn it into a failure (it would be sent twice). */
    private static void close(jakarta.mail.Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            LOG.fine(() -> "Closing the SMTP connection failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A Message-ID of a random id at the sender's domain, instead of Angus' one that names the local user. */
    private static final class OwnIdMessage extends MimeMessage {
        private final String domain;

        OwnIdMessage(Session session, String domain) {
            super(session);
            this.domain = domain;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + UUID.randomUUID() + "@" + domain + ">");
        }
    }

    @Override
    public String toString() {
        return "the mail server at " + server() + (settings.startTlsRequired() ? " (STARTTLS required)" : "");
    }
}
