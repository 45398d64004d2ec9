package microblog.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import microblog.testing.Browser;
import microblog.testing.TestMailServer;
import microblog.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;

/** axe-core finds no serious or critical accessibility problem on any page, on a desktop or on a phone. */
class AccessibilityBrowserTest {
    @RegisterExtension
    static final TestMailServer mail = new TestMailServer();
    @RegisterExtension
    static final TestServer server = new TestServer().withMail(mail);
    @RegisterExtension
    final Chromium chromium = new Chromium(server);

    @BeforeAll
    static void twoUsersHavePosted() {
        server.register("susan", "susan@example.com", "correct horse battery");
        server.register("john", "john@example.com", "staple battery horse");
        Browser john = server.signedIn("john", "staple battery horse");
        john.submit("/index", Map.of("post", "Beautiful day in Portland!"));
        Browser susan = server.signedIn("susan", "correct horse battery");
        susan.submit("/index", Map.of("post", "The Avengers movie was so cool!"));
    }

    @Test
    void everyPageIsAccessibleOnADesktop() {
        assertNoSeriousViolations(everyPage(Chromium.DESKTOP));
    }

    @Test
    void everyPageIsAccessibleOnAPhone() {
        assertNoSeriousViolations(everyPage(Chromium.PHONE));
    }

    private List<Axe.Violation> everyPage(Dimension size) {
        chromium.resize(size);
        String where = " at " + size.width + "x" + size.height;
        List<Axe.Violation> found = new ArrayList<>();

        chromium.open("/login");
        assertEquals("Sign In", chromium.heading());
        found.addAll(Axe.check(chromium.driver(), "login" + where));

        chromium.press("Sign In");
        assertTrue(chromium.text().contains("This field is required."), chromium.text());
        found.addAll(Axe.check(chromium.driver(), "login with errors" + where));

        chromium.open("/register");
        assertEquals("Register", chromium.heading());
        found.addAll(Axe.check(chromium.driver(), "register" + where));

        chromium.type("Email", "not an address");
        chromium.press("Register");
        assertTrue(chromium.text().contains("Invalid email address."), chromium.text());
        found.addAll(Axe.check(chromium.driver(), "register with errors" + where));

        chromium.open("/reset_password_request");
        assertEquals("Reset Password", chromium.heading());
        found.addAll(Axe.check(chromium.driver(), "reset request" + where));

        chromium.type("Email", "not an address");
        chromium.press("Request Password Reset");
        assertTrue(chromium.text().contains("Invalid email address."), chromium.text());
        found.addAll(Axe.check(chromium.driver(), "reset request with errors" + where));

        chromium.open(Mails.freshResetPath(mail, server, "john@example.com"));
        assertEquals("Reset Your Password", chromium.heading());
        found.addAll(Axe.check(chromium.driver(), "reset form" + where));

        chromium.type("New Password", "short");
        chromium.type("Repeat Password", "other");
        chromium.press("Reset Password");
        assertEquals("Reset Your Password", chromium.heading());
        found.addAll(Axe.check(chromium.driver(), "reset form with errors" + where));

        chromium.signIn("susan", "correct horse battery");
        assertTrue(chromium.text().contains("john says: Beautiful day in Portland!"), chromium.text());
        found.addAll(Axe.check(chromium.driver(), "home with posts" + where));

        chromium.follow("Account");
        assertTrue(chromium.text().contains("This browser"), chromium.text());
        assertTrue(chromium.text().contains("Log out everywhere else"), "another browser is signed in too");
        found.addAll(Axe.check(chromium.driver(), "account with sign-ins" + where));

        chromium.follow("Change your password");
        assertEquals("Change Password", chromium.heading());
        found.addAll(Axe.check(chromium.driver(), "change password" + where));

        chromium.type("Current Password", "not the password");
        chromium.type("New Password", "short");
        chromium.press("Change Password");
        assertTrue(chromium.text().contains("Your current password is incorrect."), chromium.text());
        found.addAll(Axe.check(chromium.driver(), "change password with errors" + where));

        chromium.open("/logout");
        assertEquals("Log out", chromium.heading());
        found.addAll(Axe.check(chromium.driver(), "logout confirm" + where));

        chromium.open("/no-such-page");
        assertEquals("Not Found", chromium.heading());
        found.addAll(Axe.check(chromium.driver(), "404" + where));
        return found;
    }

    private static void assertNoSeriousViolations(List<Axe.Violation> found) {
        found.stream().filter(v -> !v.blocking()).forEach(v -> System.out.println("axe (not blocking) " + v));
        String serious = found.stream().filter(Axe.Violation::blocking).map(Axe.Violation::toString)
                .collect(Collectors.joining("\n"));
        assertTrue(serious.isEmpty(), "serious or critical accessibility violations:\n" + serious);
    }
}
