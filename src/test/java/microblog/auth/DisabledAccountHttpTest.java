package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A disabled account (set by another process, as the command line will): over at once, and no way back in. */
class DisabledAccountHttpTest {
    private static final String PASSWORD = "correct horse 9";

    @RegisterExtension
    static final TestServer server = new TestServer();

    private static void setDisabled(String username, boolean disabled) {
        // Another connection, as another process would: the server's caches must see the commit.
        server.jdbi().useHandle(h -> h.execute(
                "UPDATE users SET disabled = ? WHERE username = ?", disabled ? 1 : 0, username));
    }

    @Test
    void disablingEndsTheSessionAndTheRememberMeCookieAtTheNextRequest() {
        server.register("disabled_now", "disabled_now@example.com", PASSWORD);
        Browser browser = server.newBrowser();
        browser.submit("/login", Map.of("username", "disabled_now", "password", PASSWORD, "remember_me", "y"));
        assertEquals(200, browser.get("/index").statusCode());

        setDisabled("disabled_now", true);

        assertEquals("/login?next=%2Findex", browser.location(browser.get("/index")));
        browser.dropCookie("JSESSIONID");
        assertEquals(302, browser.get("/index").statusCode(), "the remember-me cookie logs nobody in");
    }

    @Test
    void theRightPasswordOfADisabledAccountGetsTheSameAnswerAsAWrongOne() {
        server.register("disabled_login", "disabled_login@example.com", PASSWORD);
        setDisabled("disabled_login", true);
        Browser browser = server.newBrowser();

        HttpResponse<String> login = browser.submit("/login", Map.of("username", "disabled_login",
                "password", PASSWORD));

        assertEquals("/login", browser.location(login));
        assertTrue(browser.get("/login").body().contains("Invalid username or password"));

        setDisabled("disabled_login", false);
        assertEquals("/index", browser.location(browser.submit("/login", Map.of("username", "disabled_login",
                "password", PASSWORD))), "enabled again, it logs in again");
    }
}
