package microblog.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import microblog.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Cookie;

/** A user who ticked "Remember Me" is still signed in when the browser comes back without its session. */
class ReturningUserBrowserTest {
    @RegisterExtension
    static final TestServer server = new TestServer();
    @RegisterExtension
    final Chromium chromium = new Chromium(server);

    @BeforeAll
    static void registerUsers() {
        server.register("rita", "rita@example.com", "remember me please");
        server.register("fred", "fred@example.com", "forget me quickly");
    }

    @Test
    void rememberedUserIsSignedInAgainAfterTheBrowserDropsItsSession() {
        chromium.open("/login");
        chromium.type("Username", "rita");
        chromium.type("Password", "remember me please");
        chromium.tick("Remember Me");
        chromium.press("Sign In");
        assertEquals("Hi, rita!", chromium.heading());
        Cookie remembered = chromium.driver().manage().getCookieNamed("remember_token");
        assertNotNull(remembered, "the box was ticked");
        assertTrue(remembered.isHttpOnly(), "scripts cannot read the remember-me cookie");
        assertNotNull(remembered.getExpiry(), "it outlives the browser session");
        String oldSession = chromium.driver().manage().getCookieNamed("JSESSIONID").getValue();

        chromium.driver().manage().deleteCookieNamed("JSESSIONID");
        chromium.open("/index");

        assertEquals("/index", chromium.path());
        assertEquals("Hi, rita!", chromium.heading());
        Cookie newSession = chromium.driver().manage().getCookieNamed("JSESSIONID");
        assertNotNull(newSession, "signed in again with a new session");
        assertNotEquals(oldSession, newSession.getValue());
    }

    @Test
    void withoutRememberMeDroppingTheSessionSignsTheUserOut() {
        chromium.signIn("fred", "forget me quickly");
        assertEquals("Hi, fred!", chromium.heading());
        assertNull(chromium.driver().manage().getCookieNamed("remember_token"), "the box was not ticked");

        chromium.driver().manage().deleteCookieNamed("JSESSIONID");
        chromium.open("/index");

        assertEquals("/login?next=%2Findex", chromium.path());
        assertTrue(chromium.text().contains("Please log in to access this page."), chromium.text());
    }
}
