package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginHttpTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void anonymousVisitorIsSentToLoginWithNextAndFlash() {
        Browser browser = server.newBrowser();

        HttpResponse<String> response = browser.get("/index");

        assertEquals(302, response.statusCode());
        assertEquals("/login?next=%2Findex", browser.location(response));
        HttpResponse<String> login = browser.get("/login?next=%2Findex");
        assertEquals(200, login.statusCode(), login.body());
        assertTrue(login.body().contains("Please log in to access this page."), login.body());
    }

    @Test
    void registeredUserLogsInAndLandsOnNext() {
        server.register("susan", "susan@example.com", "correct horse");
        Browser browser = server.newBrowser();

        HttpResponse<String> login = browser.submit("/login?next=%2Findex",
                Map.of("username", "SUSAN", "password", "correct horse"));

        assertEquals(302, login.statusCode(), login.body());
        assertEquals("/index", browser.location(login));
        assertTrue(browser.get("/index").body().contains("<h1>Hi, susan!</h1>"));
    }
}
