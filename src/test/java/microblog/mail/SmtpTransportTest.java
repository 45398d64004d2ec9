package microblog.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import microblog.mail.ScriptedSmtpPeer.Script;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mail over SMTP to real servers on loopback ports: GreenMail, and a scripted peer for the 4xx and 5xx replies. */
class SmtpTransportTest {
    private static final String PASSWORD = "pa55-w0rd-never-logged";

    @RegisterExtension
    final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp"))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("microblog@example.com", "microblog",
                    PASSWORD));

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private final Mail mail = new Mail("susan@example.com", "Grüße aus Microblog",
            "Dear susan,\n\nGrüße, ünïcödé and €uro signs.\n\nhttps://example.com/reset_password/abc\n");

    @Test
    void aMailArrivesWithItsSubjectRecipientSenderAndUtf8Text() throws Exception {
        transport(settings("Microblog <microblog@example.com>", "", "")).send(mail);

        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertEquals("Grüße aus Microblog", received.getSubject());
        assertEquals(List.of(new InternetAddress("susan@example.com")), List.of(received.getAllRecipients()));
        assertEquals(new InternetAddress("Microblog <microblog@example.com>"), received.getFrom()[0]);
        assertTrue(received.getContentType().toLowerCase(java.util.Locale.ROOT).contains("charset=utf-8"),
                received.getContentType());
        // The last line break ends the SMTP text, so the server hands the text back without it.
        assertEquals(mail.text().strip(), ((String) received.getContent()).replace("\r\n", "\n").strip());
        assertNotNull(received.getSentDate());
        String messageId = received.getMessageID();
        assertTrue(messageId.matches("<[0-9a-f-]{36}@example\\.com>"), messageId);
    }

    @Test
    void eachMailHasItsOwnMessageId() throws Exception {
        SmtpTransport transport = transport(settings("microblog@example.com", "", ""));
        transport.send(mail);
        transport.send(mail);

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertEquals(2, received.length);
        assertFalse(received[0].getMessageID().equals(received[1].getMessageID()));
    }

    @Test
    void theServerIsLoggedIntoWhenAUsernameIsSet() throws Exception {
        transport(settings("microblog@example.com", "microblog", PASSWORD)).send(mail);

        assertEquals(1, greenMail.getReceivedMessages().length);
    }

    @Test
    void aRefusedLoginIsAFailureThatNeverShowsThePassword() {
        String wrong = "wr0ng-" + PASSWORD;

        MailFailure failure = assertThrows(MailFailure.class,
                () -> transport(settings("microblog@example.com", "microblog", wrong)).send(mail));

        assertEquals(MailFailure.Kind.SERVER_UNAVAILABLE, failure.kind());
        assertTrue(failure.isTransient(), "the operator can fix the setting and the mail still goes");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t).contains(wrong), t.toString());
        }
        assertFalse(log.all().contains(wrong), log.all());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void aServerThatIsNotRunningIsATransientFailure() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        MailFailure failure = assertThrows(MailFailure.class, () -> new SmtpTransport(new MailSettings(
                "127.0.0.1", port, "off", "", "", "microblog@example.com")).send(mail));

        assertEquals(MailFailure.Kind.SERVER_UNAVAILABLE, failure.kind());
        assertTrue(failure.isTransient());
        assertTrue(failure.getMessage().contains("cannot be reached"), failure.getMessage());
    }

    @Test
    void a4xxReplyToTheRecipientIsATransientFailure() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.rcpt("451 4.7.1 Greylisted, try again later"))) {
            MailFailure failure = assertThrows(MailFailure.class, () -> peerTransport(peer).send(mail));

            assertEquals(MailFailure.Kind.TRANSIENT, failure.kind());
            assertEquals("the mail server answered 451 to RCPT (try later)", failure.getMessage());
        }
    }

    @Test
    void a5xxReplyToTheRecipientIsAPermanentFailureThatDoesNotNameTheAddress() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(
                Script.rcpt("550 5.1.1 <susan@example.com>: Recipient address rejected"))) {
            MailFailure failure = assertThrows(MailFailure.class, () -> peerTransport(peer).send(mail));

            assertEquals(MailFailure.Kind.PERMANENT, failure.kind());
            assertFalse(failure.isTransient());
            assertEquals("the mail server answered 550 to RCPT (refused)", failure.getMessage());
        }
    }

    @Test
    void a4xxReplyToTheTextIsATransientFailure() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.data("452 4.3.1 Insufficient system storage"))) {
            MailFailure failure = assertThrows(MailFailure.class, () -> peerTransport(peer).send(mail));

            assertEquals(MailFailure.Kind.TRANSIENT, failure.kind());
            assertTrue(peer.delivered().isEmpty());
        }
    }

    @Test
    void a5xxReplyToTheTextIsAPermanentFailure() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.data("554 5.7.1 Message rejected as spam"))) {
            MailFailure failure = assertThrows(MailFailure.class, () -> peerTransport(peer).send(mail));

            assertEquals(MailFailure.Kind.PERMANENT, failure.kind());
        }
    }

    @Test
    void theScriptedPeerTakesAMailLikeAnyServer() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer()) {
            peerTransport(peer).send(mail);

            assertEquals(1, peer.delivered().size());
            assertTrue(peer.delivered().get(0).contains("Subject: =?UTF-8?"), peer.delivered().get(0));
        }
    }

    @Test
    void requiredStartTlsSaysNothingToAServerThatDoesNotOfferIt() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer()) {
            SmtpTransport transport = new SmtpTransport(new MailSettings("127.0.0.1", peer.port(), "required",
                    "microblog", PASSWORD, "microblog@example.com"));

            MailFailure failure = assertThrows(MailFailure.class, () -> transport.send(mail));

            assertTrue(failure.isTransient(), failure.getMessage());
            assertFalse(peer.commands().contains("MAIL") || peer.commands().contains("AUTH"),
                    "neither the login nor the mail went out in the clear: " + peer.commands());
            assertTrue(peer.delivered().isEmpty());
        }
    }

    @Test
    void aMalformedRecipientIsAPermanentFailure() {
        MailFailure failure = assertThrows(MailFailure.class, () -> transport(settings("microblog@example.com", "", ""))
                .send(new Mail("not an address", "Hello", "text")));

        assertEquals(MailFailure.Kind.PERMANENT, failure.kind());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    private MailSettings settings(String from, String username, String password) {
        return new MailSettings("127.0.0.1", greenMail.getSmtp().getPort(), "off", username, password, from);
    }

    private static SmtpTransport transport(MailSettings settings) {
        return new SmtpTransport(settings);
    }

    private static SmtpTransport peerTransport(ScriptedSmtpPeer peer) {
        return new SmtpTransport(new MailSettings("127.0.0.1", peer.port(), "off", "", "", "microblog@example.com"));
    }
}
