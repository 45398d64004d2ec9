package microblog.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * GreenMail, a real SMTP server in this process, on a loopback port chosen before any test server starts, so a
 * {@link TestServer} can be pointed at it: {@code new TestServer().withMail(mail)}. Register it first.
 */
public final class TestMailServer implements BeforeAllCallback, AfterAllCallback {
    private static final Pattern RESET_LINK = Pattern.compile("^(https?://\\S+/reset_password/([A-Za-z0-9_-]+))$",
            Pattern.MULTILINE);

    private final int port = Loopback.freePort();
    private GreenMail greenMail;

    /** A received mail, its text with CRLF line ends turned into LF. */
    public record Received(String to, String subject, String text) {
        /** The reset link on a line of its own, as the contract puts it. */
        public String resetLink() {
            Matcher matcher = RESET_LINK.matcher(text);
            if (!matcher.find()) {
                throw new AssertionError("no reset link on a line of its own in:\n" + text);
            }
            return matcher.group(1);
        }

        /** The path of the reset link inside the application ({@code /reset_password/TOKEN}). */
        public String resetPath() {
            Matcher matcher = RESET_LINK.matcher(text);
            if (!matcher.find()) {
                throw new AssertionError("no reset link in:\n" + text);
            }
            return "/reset_password/" + matcher.group(2);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Starts (again) on the same port: the app's sender finds it there after an outage. */
    public void start() {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
        greenMail.start();
    }

    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** Forgets the mails received so far. */
    public void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (com.icegreen.greenmail.store.FolderException e) {
            throw new AssertionError("cannot clear GreenMail's mailboxes", e);
        }
    }

    /** Every mail received so far. */
    public List<Received> received() {
        List<Received> mails = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            try {
                mails.add(new Received(message.getAllRecipients()[0].toString(), message.getSubject(),
                        String.valueOf(message.getContent()).replace("\r\n", "\n")));
            } catch (MessagingException | IOException e) {
                throw new AssertionError("unreadable mail", e);
            }
        }
        return mails;
    }

    /** Waits until at least {@code count} mails have arrived (the app sends after the response), or fails. */
    public List<Received> await(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " mails within " + timeout + ", got " + received());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return received();
    }

    /** The mails to {@code address} once at least {@code count} of them arrived. */
    public List<Received> awaitTo(String address, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<Received> to = received().stream().filter(m -> m.to().equalsIgnoreCase(address)).toList();
            if (to.size() >= count) {
                return to;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " mails to " + address + ", got " + received());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
