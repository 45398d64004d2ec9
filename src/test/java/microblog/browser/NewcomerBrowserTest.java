package microblog.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A newcomer finds the site, registers, signs in, posts and leaves, all by clicking and typing. */
class NewcomerBrowserTest {
    @RegisterExtension
    static final TestServer server = new TestServer();
    @RegisterExtension
    final Chromium chromium = new Chromium(server);

    @Test
    void newcomerRegistersSignsInPostsAndLogsOutForGood() {
        chromium.open("/index");
        assertEquals("/login?next=%2Findex", chromium.path());
        assertTrue(chromium.text().contains("Please log in to access this page."), chromium.text());

        chromium.follow("Click to Register!");
        assertEquals("/register", chromium.path());
        chromium.type("Username", "nadia");
        chromium.type("Email", "nadia@example.com");
        chromium.type("Password", "tea at five o'clock");
        chromium.type("Repeat Password", "tea at six o'clock");
        chromium.press("Register");
        assertTrue(chromium.text().contains("Field must be equal to password."), chromium.text());
        assertEquals("nadia", chromium.field("Username").getDomProperty("value"), "what was typed is kept");
        assertEquals("", chromium.field("Password").getDomProperty("value"), "passwords are never shown again");

        chromium.type("Password", "tea at five o'clock");
        chromium.type("Repeat Password", "tea at five o'clock");
        chromium.press("Register");
        assertTrue(chromium.path().startsWith("/login"), chromium.path());
        assertTrue(chromium.text().contains("Congratulations, you are now a registered user!"), chromium.text());

        chromium.type("Username", "nadia");
        chromium.type("Password", "tea at five o'clock");
        chromium.tick("Remember Me");
        chromium.press("Sign In");
        assertEquals("/index", chromium.path());
        assertEquals("Hi, nadia!", chromium.heading());

        chromium.type("Say something", "My first post, typed in a real browser.");
        chromium.press("Submit");
        assertEquals("/index", chromium.path());
        assertTrue(chromium.text().contains("Your post is now live!"), chromium.text());
        assertTrue(chromium.text().contains("nadia says: My first post, typed in a real browser."), chromium.text());

        chromium.press("Logout");
        assertTrue(chromium.path().startsWith("/login"), chromium.path());
        assertEquals("Sign In", chromium.heading());

        chromium.back();
        assertFalse(chromium.text().contains("Hi, nadia!"), "the private page is not shown again: " + chromium.text());
        assertTrue(chromium.path().startsWith("/login"), chromium.path());
        assertEquals("Sign In", chromium.heading());
    }
}
