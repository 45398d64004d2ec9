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

/**
 * {@code X-Forwarded-Proto: https} makes a request secure (every cookie {@code Secure}, the session's included, and
 * HSTS) only from a trusted proxy and only with {@code microblog.client.header} set. The tests' requests come from
 * 127.0.0.1, a trusted proxy by default, and an untrusted one where {@code microblog.client.proxies} says otherwise.
 */
class ForwardedProtoHttpTest {
    @RegisterExtension
    static final TestServer trusted = new TestServer().with("microblog.client.header", "X-Forwarded-For");

    @RegisterExtension
    static final TestServer untrusted = new TestServer()
            .with("microblog.client.header", "X-Forwarded-For")
            .with("microblog.client.proxies", "192.0.2.0/24, 2001:db8::/32");

    /** No header setting: nothing forwarded is believed, not even from loopback. */
    @RegisterExtension
    static final TestServer direct = new TestServer();

    /** A visit that meets the cookies: csrf before a session, a login with remember-me, a post, a 404, logout. */
    private static List<HttpResponse<String>> visit(TestServer server, Browser browser, String name) {
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(browser.get("/register"));
        answers.add(browser.submit("/register", Map.of("username", name, "email", name + "@example.com",
                "password", "cookie monster 1", "password2", "cookie monster 1")));
        answers.add(browser.submit("/login?next=%2Findex", Map.of("username", name, "password", "cookie monster 1",
                "remember_me", "y")));
        answers.add(browser.submit("/index", Map.of("post", "through the proxy")));
        answers.add(browser.get("/nope"));
        answers.add(browser.submit("/logout", Map.of()));
        return answers;
    }

    @Test
    void httpsForwardedByATrustedPeerGivesSecureCookiesAndStrictTransport() {
        Browser browser = trusted.newBrowser().withHeader("X-Forwarded-Proto", "https")
                .withHeader("X-Forwarded-For", "198.51.100.30");
        Set<String> seen = new TreeSet<>();

        for (HttpResponse<String> answer : visit(trusted, browser, "tlsproxied")) {
            assertEquals("max-age=31536000", answer.headers().firstValue("Strict-Transport-Security").orElse(null),
                    answer.uri().toString());
            for (String header : Browser.setCookieHeaders(answer)) {
                seen.add(header.substring(0, header.indexOf('=')));
                assertTrue(Browser.attributes(header).containsKey("secure"), header);
                assertEquals(1, header.toLowerCase(java.util.Locale.ROOT).split("secure", -1).length - 1, header);
            }
        }

        assertTrue(seen.containsAll(Set.of("JSESSIONID", "remember_token", "csrf")), "cookies set: " + seen);
    }

    @Test
    void httpsForwardedByAnUntrustedPeerChangesNothing() {
        assertPlainHttp(untrusted, untrusted.newBrowser().withHeader("X-Forwarded-Proto", "https"), "spoofproto");
    }

    @Test
    void withoutTheHeaderSettingNoPeerIsTrusted() {
        assertPlainHttp(direct, direct.newBrowser().withHeader("X-Forwarded-Proto", "https"), "directproto");
    }

    @Test
    void plainHttpForwardedByATrustedPeerStaysPlain() {
        assertPlainHttp(trusted, trusted.newBrowser().withHeader("X-Forwarded-Proto", "http")
                .withHeader("X-Forwarded-For", "198.51.100.31"), "plainproxied");
    }

    private static void assertPlainHttp(TestServer server, Browser browser, String name) {
        Set<String> seen = new TreeSet<>();
        for (HttpResponse<String> answer : visit(server, browser, name)) {
            assertTrue(answer.headers().firstValue("Strict-Transport-Security").isEmpty(), answer.uri().toString());
            for (String header : Browser.setCookieHeaders(answer)) {
                seen.add(header.substring(0, header.indexOf('=')));
                assertFalse(Browser.attributes(header).containsKey("secure"), header);
            }
        }
        assertTrue(seen.containsAll(Set.of("JSESSIONID", "remember_token", "csrf")), "cookies set: " + seen);
    }
}
