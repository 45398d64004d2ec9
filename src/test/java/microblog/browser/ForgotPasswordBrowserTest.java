package microblog.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import microblog.testing.TestMailServer;
import microblog.testing.TestMailServer.Received;
import microblog.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A person who forgot the password asks for a link, opens the real mail's link and signs in with a new password. */
class ForgotPasswordBrowserTest {
    @RegisterExtension
    static final TestMailServer mail = new TestMailServer();
    @RegisterExtension
    static final TestServer server = new TestServer().withMail(mail);
    @RegisterExtension
    final Chromium chromium = new Chromium(server);

    @BeforeAll
    static void registerUser() {
        server.register("olga", "olga@example.com", "long forgotten words");
    }

    @Test
    void personWhoForgotThePasswordResetsItFromTheMailedLinkAndSignsIn() {
        chromium.open("/login");
        chromium.follow("Click to Reset It");
        assertEquals("/reset_password_request", chromium.path());
        assertEquals("Reset Password", chromium.heading());
        chromium.type("Email", "olga@example.com");
        chromium.press("Request Password Reset");
        assertEquals("/login", chromium.path());
        assertTrue(chromium.text().contains("Check your email for the instructions to reset your password"),
                chromium.text());

        Received sent = Mails.resetMailTo(mail, "olga@example.com");
        assertTrue(sent.text().startsWith("Dear olga,"), sent.text());
        chromium.driver().get(sent.resetLink());
        assertEquals(sent.resetPath(), chromium.path());
        assertEquals("Reset Your Password", chromium.heading());
        chromium.type("New Password", "fresh words to keep");
        chromium.type("Repeat Password", "fresh words to keep");
        chromium.press("Reset Password");
        assertEquals("/login", chromium.path());
        assertTrue(chromium.text().contains("Your password has been reset."), chromium.text());

        chromium.type("Username", "olga");
        chromium.type("Password", "long forgotten words");
        chromium.press("Sign In");
        assertTrue(chromium.text().contains("Invalid username or password"), "the old password is gone: "
                + chromium.text());
        chromium.signIn("olga", "fresh words to keep");
        assertEquals("/index", chromium.path());
        assertEquals("Hi, olga!", chromium.heading());
    }
}
