package microblog.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Locale;

/**
 * How mail leaves: the SMTP server and its login, and the sender's address. Without a host, mail is written to the
 * log instead (development).
 *
 * @param host     the SMTP server; empty: no server, mail goes to the log
 * @param port     its port, 1-65535
 * @param starttls {@code off}, or {@code required}: the connection must switch to TLS (with the server's name
 *                 checked against its certificate) before anything else is said
 * @param username the login, or empty for none
 * @param password the login's password
 * @param from     the sender's address, in the header and the envelope
 */
public record MailSettings(String host, int port, String starttls, String username, String password, String from) {
    public static final String HOST = "microblog.mail.host";
    public static final String PORT = "microblog.mail.port";
    public static final String STARTTLS = "microblog.mail.starttls";
    public static final String USERNAME = "microblog.mail.username";
    public static final String PASSWORD = "microblog.mail.password";
    public static final String FROM = "microblog.mail.from";

    public static final int DEFAULT_PORT = 25;
    public static final String STARTTLS_OFF = "off";
    public static final String STARTTLS_REQUIRED = "required";
    public static final String DEFAULT_FROM = "microblog@localhost";

    public MailSettings {
        host = host == null ? "" : host.strip();
        starttls = starttls == null || starttls.isBlank() ? STARTTLS_OFF : starttls.strip().toLowerCase(Locale.ROOT);
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        from = from == null || from.isBlank() ? DEFAULT_FROM : from.strip();
    }

    /** No mail server: every mail is written to the log. */
    public static MailSettings none() {
        return new MailSettings("", DEFAULT_PORT, STARTTLS_OFF, "", "", DEFAULT_FROM);
    }

    /**
     * The settings as read, each {@code null} or blank when unset (then its default applies), checked.
     *
     * @throws IllegalArgumentException naming the setting whose value cannot be used
     */
    public static MailSettings parse(String host, String port, String starttls, String username, String password,
                                     String from) {
        int portNumber = DEFAULT_PORT;
        if (port != null && !port.isBlank()) {
            try {
                portNumber = Integer.parseInt(port.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PORT + " must be a port number (1-65535), not '" + port + "'", e);
            }
        }
        return new MailSettings(host, portNumber, starttls, username, password, from).validate();
    }

    /**
     * These settings, when every value can be used.
     *
     * @throws IllegalArgumentException naming the setting whose value cannot be used (never showing a password)
     */
    public MailSettings validate() {
        if (host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(HOST + " must be a host name or address, not '" + host + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(PORT + " must be a port number (1-65535), not " + port);
        }
        if (!starttls.equals(STARTTLS_OFF) && !starttls.equals(STARTTLS_REQUIRED)) {
            throw new IllegalArgumentException(STARTTLS + " must be '" + STARTTLS_OFF + "' or '"
                    + STARTTLS_REQUIRED + "', not '" + starttls + "'");
        }
        if (username.isEmpty() && !password.isEmpty()) {
            throw new IllegalArgumentException(PASSWORD + " is set but " + USERNAME + " is not");
        }
        try {
            new InternetAddress(from, true).validate();
        } catch (AddressException e) {
            throw new IllegalArgumentException(FROM + " must be a mail address, not '" + from + "'", e);
        }
        return this;
    }

    /** Whether mail goes to a server (else to the log). */
    public boolean hasHost() {
        return !host.isEmpty();
    }

    public boolean startTlsRequired() {
        return STARTTLS_REQUIRED.equals(starttls);
    }

    /** Whether the server is asked for a login. */
    public boolean hasLogin() {
        return !username.isEmpty();
    }

    /** Every value but the password, which must not reach a log through a record's generated text. */
    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", starttls=" + starttls + ", username=" + username
                + ", password=" + (password.isEmpty() ? "(none)" : "(set)") + ", from=" + from + "]";
    }
}
