package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code X-Forwarded-For} names the client the limits count only when the peer is a trusted proxy, and then its
 * right-most entry that is not one of them. The tests' requests come from 127.0.0.1, a trusted proxy by default, and
 * an untrusted one where {@code microblog.client.proxies} says otherwise.
 */
class ForwardedForHttpTest {    private static final Map<String, String> WRONG_LOGIN = Map.of("username", "nobody", "password", "wrong wrong");

    @RegisterExtension
    static final TestServer trusted = new TestServer()
            .with("microblog.throttle", "on")
            .with("microblog.throttle.login.address", "3")
            .with("microblog.client.header", "X-Forwarded-For");

    @RegisterExtension
    static final TestServer untrusted = new TestServer()
            .with("microblog.throttle", "on")
            .with("microblog.throttle.login.address", "3")
            .with("microblog.client.header", "X-Forwarded-For")
            .with("microblog.client.proxies", "192.0.2.0/24, 2001:db8::/32");

    private static void failLogins(Browser browser, int times) {
        for (int i = 0; i < times; i++) {
            assertEquals(302, browser.submit("/login", WRONG_LOGIN).statusCode());
        }
    }

    private static int loginStatus(Browser browser) {
        return browser.submit("/login", WRONG_LOGIN).statusCode();
    }

    @Test
    void aSpoofedForwardedForFromAnUntrustedPeerDoesNotChangeTheAddress() {
        failLogins(untrusted.newBrowser().withHeader("X-Forwarded-For", "198.51.100.1"), 3);

        Browser claimsAnotherAddress = untrusted.newBrowser().withHeader("X-Forwarded-For", "198.51.100.2");

        assertEquals(429, loginStatus(claimsAnotherAddress), "both are 127.0.0.1, whatever they claim");
    }

    @Test
    void fromATrustedPeerTheRightMostUntrustedEntryIsTheClient() {
        // The client claims 203.0.113.9; our proxy saw 198.51.100.7; an inner proxy on loopback passed it on.
        failLogins(trusted.newBrowser().withHeader("X-Forwarded-For", "203.0.113.9, 198.51.100.7, 127.0.0.1"), 3);

        Browser sameClientNewClaim = trusted.newBrowser().withHeader("X-Forwarded-For", "10.9.9.9, 198.51.100.7");
        Browser otherClientSameClaim = trusted.newBrowser().withHeader("X-Forwarded-For", "203.0.113.9, 198.51.100.8");

        assertEquals(429, loginStatus(sameClientNewClaim), "198.51.100.7 has used up its failures");
        assertEquals(302, loginStatus(otherClientSameClaim), "198.51.100.8 has not");
    }

    @Test
    void theAccountPageShowsTheForwardedClientAddress() {
        trusted.register("forwarded", "forwarded@example.com", "quite long phrase");
        Browser browser = trusted.newBrowser().withHeader("X-Forwarded-For", "2001:DB8:0::55, ::1");
        assertEquals(302, browser.submit("/login", Map.of("username", "forwarded", "password", "quite long phrase"))
                .statusCode());

        String page = browser.get("/account").body();

        assertTrue(page.contains("2001:db8:0:0:0:0:0:55"), page);
    }

    @Test
    void aMalformedEntryFromATrustedPeerCountsAsThePeer() {
        trusted.register("malformed", "malformed@example.com", "quite long phrase");
        Browser browser = trusted.newBrowser().withHeader("X-Forwarded-For", "198.51.100.20, unknown");
        assertEquals(302, browser.submit("/login", Map.of("username", "malformed", "password", "quite long phrase"))
                .statusCode());

        String page = browser.get("/account").body();

        assertTrue(page.contains("127.0.0.1"), page);
        assertFalse(page.contains("unknown") || page.contains("198.51.100.20"), page);
    }


    @Test
    void aBadProxyEntryStopsStartUpWithOneLineNamingTheSetting() throws Exception {
        List<String> severe = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    severe.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("microblog.Microblog");
        logger.addHandler(handler);
        TestServer typo = new TestServer().with("microblog.client.header", "X-Forwarded-For")
                .with("microblog.client.proxies", "10.0.0.0/8, 10.0.0.0/33");
        try {
            assertThrows(Exception.class, () -> typo.beforeAll(null));
        } finally {
            logger.removeHandler(handler);
            typo.afterAll(null);
        }

        assertEquals(1, severe.size(), severe.toString());
        assertTrue(severe.get(0).startsWith("Setting microblog.client.proxies must list"), severe.get(0));
        assertTrue(severe.get(0).contains("'10.0.0.0/33'") && !severe.get(0).contains("\n"), severe.get(0));
    }
}
