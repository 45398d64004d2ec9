package microblog.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import microblog.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A login form left open until its session expired is shown again, filled in, and the second try works. */
class ExpiredFormBrowserTest {
    @RegisterExtension
    static final TestServer server = new TestServer();
    @RegisterExtension
    final Chromium chromium = new Chromium(server);

    @BeforeAll
    static void registerUser() {
        server.register("ernest", "ernest@example.com", "slow coach typing");
    }

    @Test
    void aLoginFormWhoseSessionExpiredCanBeSubmittedAgain() {
        chromium.open("/index");
        assertEquals("/login?next=%2Findex", chromium.path());
        assertNotNull(chromium.driver().manage().getCookieNamed("JSESSIONID"), "the form belongs to a session");

        // To the server, a browser without its session and csrf cookies is a browser whose session expired.
        chromium.driver().manage().deleteCookieNamed("JSESSIONID");
        chromium.driver().manage().deleteCookieNamed("csrf");
        chromium.type("Username", "ernest");
        chromium.type("Password", "slow coach typing");
        chromium.press("Sign In");

        assertTrue(chromium.text().contains("The form has expired"), chromium.text());
        assertEquals("Sign In", chromium.heading());
        assertEquals("ernest", chromium.field("Username").getDomProperty("value"), "what was typed is kept");
        assertEquals("", chromium.field("Password").getDomProperty("value"), "but never the password");

        chromium.type("Password", "slow coach typing");
        chromium.press("Sign In");

        assertEquals("/index", chromium.path());
        assertEquals("Hi, ernest!", chromium.heading());
    }
}
