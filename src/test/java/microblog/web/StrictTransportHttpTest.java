package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code Strict-Transport-Security} under HTTPS only, with the configured max-age; 0 leaves it out. */
class StrictTransportHttpTest {
    @RegisterExtension
    static final TestServer server = new TestServer().behindTlsProxy();

    @RegisterExtension
    static final TestServer withoutHsts = new TestServer().behindTlsProxy().with("microblog.hsts.seconds", "0");

    @Test
    void pagesOverHttpsCarryAYearOfStrictTransportSecurity() {
        Browser browser = server.newBrowser().withHeader("X-Forwarded-Proto", "https");

        for (String path : new String[] {"/login", "/reset_password_request", "/nope"}) {
            HttpResponse<String> page = browser.get(path);
            assertEquals("max-age=31536000", page.headers().firstValue("Strict-Transport-Security").orElse(null),
                    path);
        }
    }

    @Test
    void plainHttpNeverCarriesIt() {
        HttpResponse<String> page = server.newBrowser().get("/login");

        assertTrue(page.headers().firstValue("Strict-Transport-Security").isEmpty());
    }

    @Test
    void zeroSecondsLeavesItOutEvenOverHttps() {
        HttpResponse<String> page = withoutHsts.newBrowser().withHeader("X-Forwarded-Proto", "https").get("/login");

        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Strict-Transport-Security").isEmpty());
    }
}
