package microblog.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.RawHttp;
import microblog.testing.TestMailServer;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reset requests per client address, and links that come from the configured base URL, never the Host header. */
class ResetLimitsHttpTest {
    private static final String BASE = "https://microblog.example.org/blog";

    @RegisterExtension
    static final TestMailServer mail = new TestMailServer();

    @RegisterExtension
    static final TestServer server = new TestServer().withMail(mail)
            .with("microblog.throttle", "on")
            .with("microblog.client.header", "X-Forwarded-For")
            .with("microblog.base.url", BASE + "/");

    @Test
    void tenRequestsPerAddressAnHourThenTooManyWhateverTheAddressTyped() {
        Browser browser = server.newBrowser().withHeader("X-Forwarded-For", "198.51.100.7");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> answer = browser.submit("/reset_password_request",
                    Map.of("email", "someone" + i + "@example.com"));
            assertEquals(302, answer.statusCode(), "request " + (i + 1));
        }

        for (String typed : new String[] {"someone@example.com", "other@example.net"}) {
            HttpResponse<String> held = browser.submit("/reset_password_request", Map.of("email", typed));
            assertEquals(429, held.statusCode());
            assertTrue(held.headers().firstValue("Retry-After").isPresent());
        }
        HttpResponse<String> elsewhere = server.newBrowser().withHeader("X-Forwarded-For", "198.51.100.8")
                .submit("/reset_password_request", Map.of("email", "someone@example.com"));
        assertEquals(302, elsewhere.statusCode(), "another address is not held back");
    }

    @Test
    void aRequestWithAHostileHostHeaderMailsALinkToTheConfiguredBaseUrl() throws IOException {
        server.register("host_victim", "host_victim@example.com", "correct horse 9");
        Browser browser = server.newBrowser().withHeader("X-Forwarded-For", "198.51.100.20");
        String token = Browser.csrfToken(browser.get("/reset_password_request").body()).orElseThrow();
        String csrfCookie = browser.cookie("csrf").orElseThrow();

        String status = RawHttp.postForm(server.port(), "evil.example", "/reset_password_request",
                "Cookie: csrf=" + csrfCookie + "\r\nX-Forwarded-For: 198.51.100.20\r\n",
                "csrf_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&email=host_victim%40example.com");

        assertTrue(status.startsWith("HTTP/1.1 302"), status);
        String link = mail.awaitTo("host_victim@example.com", 1).get(0).resetLink();
        assertTrue(link.startsWith(BASE + "/reset_password/"), link);
    }
}
