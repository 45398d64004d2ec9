package microblog.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import microblog.testing.Browser;
import microblog.testing.RawHttp;
import microblog.testing.TestMailServer;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without microblog.base.url, a request to a non-loopback Host gets the usual answer and mails no link at all. */
class ResetWithoutBaseUrlHttpTest {
    @RegisterExtension
    static final TestMailServer mail = new TestMailServer();

    @RegisterExtension
    static final TestServer server = new TestServer().withMail(mail);

    @Test
    void aHostileHostHeaderNeverBecomesALink() throws IOException {
        server.register("nobase_victim", "nobase_victim@example.com", "correct horse 9");
        Browser browser = server.newBrowser();
        String token = Browser.csrfToken(browser.get("/reset_password_request").body()).orElseThrow();
        String cookie = "csrf=" + browser.cookie("csrf").orElseThrow();
        String body = "csrf_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&email=nobase_victim%40example.com";

        String status = RawHttp.postForm(server.port(), "evil.example", "/reset_password_request",
                "Cookie: " + cookie + "\r\n", body);
        assertTrue(status.startsWith("HTTP/1.1 302"), status);
        // A loopback request afterwards is mailed; the evil one, sent first, never was.
        browser.submit("/reset_password_request", java.util.Map.of("email", "nobase_victim@example.com"));

        var mails = mail.awaitTo("nobase_victim@example.com", 1);
        assertEquals(1, mails.size(), mails.toString());
        assertTrue(mails.get(0).resetLink().startsWith("http://127.0.0.1:" + server.port() + "/reset_password/"),
                mails.get(0).resetLink());
        assertTrue(mail.received().stream().noneMatch(m -> m.text().contains("evil.example")));
        assertEquals(1, mail.await(1, Duration.ofSeconds(5)).size());
    }
}
