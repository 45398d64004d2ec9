package microblog.browser;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import microblog.testing.TestMailServer;
import microblog.testing.TestMailServer.Received;
import microblog.testing.TestServer;

/** The reset mails browser tests read from GreenMail, as a person reads the newest one in the inbox. */
final class Mails {
    private static final String RESET_SUBJECT = "[Microblog] Reset Your Password";

    private Mails() {
    }

    /** The newest reset mail to {@code address}, waiting until one has arrived. */
    static Received resetMailTo(TestMailServer mail, String address) {
        List<Received> resets = mail.awaitTo(address, 1).stream()
                .filter(m -> m.subject().equals(RESET_SUBJECT)).toList();
        if (resets.isEmpty()) {
            throw new AssertionError("no reset mail to " + address + " in " + mail.received());
        }
        return resets.get(resets.size() - 1);
    }

    /** The path of a new reset link for {@code address}, asked for over HTTP (from another browser). */
    static String freshResetPath(TestMailServer mail, TestServer server, String address) {
        mail.clear();
        HttpResponse<String> asked = server.newBrowser().submit("/reset_password_request", Map.of("email", address));
        if (asked.statusCode() != 302) {
            throw new AssertionError("reset request for " + address + " failed: " + asked.statusCode());
        }
        return resetMailTo(mail, address).resetPath();
    }
}
