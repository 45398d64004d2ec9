package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LogoutHttpTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void registerJohn() {
        server.register("john", "john@example.com", "pass for J. Smith");
    }

    @Test
    void anonymousGetOfLogoutGoesHome() {
        Browser browser = server.newBrowser();

        HttpResponse<String> response = browser.get("/logout");

        assertEquals(302, response.statusCode());
        assertEquals("/index", browser.location(response));
    }

    @Test
    void getOfLogoutOnlyAsksAndChangesNothing() {
        Browser browser = server.signedIn("john", "pass for J. Smith");

        HttpResponse<String> page = browser.get("/logout");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<form class=\"form\" method=\"post\" action=\"/logout\">"), page.body());
        assertTrue(page.body().contains(">Log out</button>"));
        assertTrue(Browser.setCookieHeaders(page).isEmpty(), "no cookie changes on GET");
        assertEquals(200, browser.get("/index").statusCode(), "still signed in");
    }

    @Test
    void navigationOffersALogoutButtonToSignedInUsers() {
        Browser browser = server.signedIn("john", "pass for J. Smith");

        String home = browser.get("/index").body();

        assertTrue(home.contains("action=\"/logout\""), home);
        assertTrue(home.contains(">Logout</button>"), home);
    }

    @Test
    void postOfLogoutEndsTheSession() {
        Browser browser = server.signedIn("john", "pass for J. Smith");
        String oldSession = browser.cookie("JSESSIONID").orElseThrow();

        HttpResponse<String> logout = browser.submit("/logout", Map.of());

        assertEquals(302, logout.statusCode());
        assertEquals("/index", browser.location(logout));
        HttpResponse<String> home = browser.get("/index");
        assertEquals(302, home.statusCode());
        assertEquals("/login?next=%2Findex", browser.location(home));
        Browser copy = server.newBrowser();
        copy.setCookie("JSESSIONID", oldSession);
        assertEquals(302, copy.get("/index").statusCode(), "the old session id signs nobody in");
    }

    @Test
    void anonymousPostOfLogoutWithAValidTokenJustGoesHome() {
        Browser browser = server.newBrowser();

        HttpResponse<String> logout = browser.submit("/login", "/logout", Map.of());

        assertEquals(302, logout.statusCode());
        assertEquals("/index", browser.location(logout));
    }
}
