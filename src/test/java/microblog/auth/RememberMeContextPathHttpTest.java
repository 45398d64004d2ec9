package microblog.auth;

import static microblog.auth.RememberMeHttpTest.COOKIE;
import static microblog.auth.RememberMeHttpTest.assertExpired;
import static microblog.auth.RememberMeHttpTest.attributes;
import static microblog.auth.RememberMeHttpTest.selector;
import static microblog.auth.RememberMeHttpTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The remember-me cookie of an application deployed under {@code /microblog} is scoped to that path. */
class RememberMeContextPathHttpTest {
    private static final String PASSWORD = "quiet lantern 42";

    @RegisterExtension
    static final TestServer server = new TestServer("/microblog");

    @Test
    void rememberCookieIsSetRotatedAndExpiredWithTheContextPath() {
        server.register("paula", "paula@example.com", PASSWORD);
        Browser browser = server.newBrowser();

        HttpResponse<String> login = browser.submit("/login",
                Map.of("username", "paula", "password", PASSWORD, "remember_me", "y"));

        assertEquals(302, login.statusCode(), login.body());
        String set = Browser.setCookie(login, COOKIE).orElseThrow();
        assertEquals("/microblog", attributes(set).get("path"), set);
        assertTrue(attributes(set).containsKey("httponly"), set);
        String original = value(login);

        browser.dropCookie("JSESSIONID");
        HttpResponse<String> index = browser.get("/index");
        assertEquals(200, index.statusCode(), index.body());
        assertTrue(index.body().contains("<h1>Hi, paula!</h1>"), index.body());
        String rotated = Browser.setCookie(index, COOKIE).orElseThrow();
        assertEquals("/microblog", attributes(rotated).get("path"), rotated);
        assertNotEquals(original, value(index));
        assertEquals(selector(original), selector(value(index)));

        HttpResponse<String> logout = browser.submit("/index", "/logout", Map.of());
        assertEquals(302, logout.statusCode(), logout.body());
        assertExpired(Browser.setCookie(logout, COOKIE).orElseThrow(() -> new AssertionError(
                "cookie not expired at logout: " + Browser.setCookieHeaders(logout))), "/microblog");
    }
}
