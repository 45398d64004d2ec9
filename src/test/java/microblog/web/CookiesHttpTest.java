package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Only the contract's cookies, each HttpOnly, SameSite=Lax and Secure when the container says HTTPS. */
class CookiesHttpTest {
    private static final Set<String> ALLOWED = Set.of("JSESSIONID", "remember_token", "csrf", "device");

    @RegisterExtension
    static final TestServer server = new TestServer().behindTlsProxy()
            .with("microblog.session.minutes", "7")
            .with("microblog.throttle", "on");

    /** A whole visit: every page, every form, a failed login, remember-me, a post, logout. */
    private static List<HttpResponse<String>> journey(Browser browser, String name) {
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(browser.get("/register"));                   // no session yet: the csrf cookie
        answers.add(browser.get("/index"));
        answers.add(browser.get("/login?next=%2Findex"));
        answers.add(browser.submit("/register", Map.of("username", name, "email", name + "@example.com",
                "password", "cookie monster 1", "password2", "cookie monster 1")));
        answers.add(browser.submit("/login", Map.of("username", name, "password", "wrong wrong")));
        answers.add(browser.submit("/login?next=%2Findex", Map.of("username", name, "password", "cookie monster 1",
                "remember_me", "y")));
        answers.add(browser.submit("/index", Map.of("post", "cookies everywhere")));
        answers.add(browser.get("/logout"));
        answers.add(browser.get("/static/css/microblog.css"));
        answers.add(browser.get("/no-such-page"));
        answers.add(browser.submit("/logout", Map.of()));
        return answers;
    }

    @Test
    void aWholeVisitSetsOnlyTheContractsCookiesWithTheirAttributes() {
        Set<String> seen = new TreeSet<>();
        for (HttpResponse<String> answer : journey(server.newBrowser(), "plainvisit")) {
            for (String header : Browser.setCookieHeaders(answer)) {
                String name = header.substring(0, header.indexOf('='));
                seen.add(name);
                Map<String, String> attributes = Browser.attributes(header);
                assertTrue(attributes.containsKey("httponly"), header);
                assertEquals("Lax", attributes.get("samesite"), header);
                assertEquals("/", attributes.get("path"), header);
                assertFalse(attributes.containsKey("secure"), "not over plain HTTP: " + header);
            }
        }

        assertTrue(ALLOWED.containsAll(seen), "cookies set: " + seen);
        assertEquals(ALLOWED, seen, "the journey should meet every cookie");
    }

    @Test
    void overHttpsEveryCookieIsSecure() {
        Browser browser = server.newBrowser().withHeader("X-Forwarded-Proto", "https");
        Set<String> seen = new TreeSet<>();

        for (HttpResponse<String> answer : journey(browser, "tlsvisit")) {
            for (String header : Browser.setCookieHeaders(answer)) {
                seen.add(header.substring(0, header.indexOf('=')));
                assertTrue(Browser.attributes(header).containsKey("secure"), header);
            }
        }

        assertEquals(ALLOWED, seen);
    }

    @Test
    void sessionTimeoutComesFromTheSetting() {
        assertEquals(7 * 60, server.sessionTimeoutSeconds());
    }

    @Test
    void sessionIdsNeverAppearInUrls() {
        Browser browser = server.newBrowser();
        for (HttpResponse<String> answer : journey(browser, "urlvisit")) {
            assertFalse(answer.body().toLowerCase(java.util.Locale.ROOT).contains(";jsessionid"), answer.body());
            answer.headers().firstValue("Location").ifPresent(location ->
                    assertFalse(location.toLowerCase(java.util.Locale.ROOT).contains("jsessionid"), location));
        }
    }
}
