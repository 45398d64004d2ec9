package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import microblog.testing.Browser;
import microblog.testing.TestMailServer;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The WAR deployed under {@code /microblog}: every link, form action, redirect and cookie carries the prefix. */
class ContextPathHttpTest {
    @RegisterExtension
    static final TestMailServer mail = new TestMailServer();

    @RegisterExtension
    static final TestServer server = new TestServer("/microblog").withMail(mail);

    private static final String PREFIX = "/microblog";
    private static final String PASSWORD = "Unusual-Secret-9731";
    private static final Pattern URL_ATTRIBUTE = Pattern.compile("\\b(href|action|src)=\"([^\"]*)\"");

    @Test
    void anonymousHomeRedirectsToLoginUnderTheContextPath() {
        Browser browser = server.newBrowser();

        HttpResponse<String> response = browser.get("/index");

        assertEquals(302, response.statusCode());
        assertEquals(PREFIX + "/login?next=%2Findex", rawLocation(response));
        assertEquals("/login?next=%2Findex", browser.location(response));
    }

    @Test
    void theAccountCarePagesAndTheirFormsCarryTheContextPath() {
        server.register("ctx_care", "ctx_care@example.com", PASSWORD);
        Browser other = server.signedIn("ctx_care", PASSWORD);
        Browser browser = server.signedIn("ctx_care", PASSWORD);

        HttpResponse<String> account = browser.get("/account");
        assertEquals(200, account.statusCode());
        assertTrue(account.body().contains("href=\"" + PREFIX + "/account\">Account</a>"), account.body());
        assertTrue(account.body().contains("action=\"" + PREFIX + "/account/logout_session\""), account.body());
        assertTrue(account.body().contains("action=\"" + PREFIX + "/account/logout_others\""), account.body());
        assertAllUrlsInsideTheContext(account);
        assertAllUrlsInsideTheContext(browser.get("/change_password"));
        HttpResponse<String> done = browser.submit("/account", "/account/logout_others", Map.of());
        assertEquals(PREFIX + "/account", rawLocation(done));
        assertEquals(PREFIX + "/login?next=%2Findex", rawLocation(other.get("/index")));
    }

    @Test
    void aResetLinkInDevelopmentCarriesTheContextPath() {
        server.register("ctx_reset", "ctx_reset@example.com", PASSWORD);
        Browser browser = server.newBrowser();
        assertAllUrlsInsideTheContext(browser.get("/reset_password_request"));

        HttpResponse<String> asked = browser.submit("/reset_password_request", Map.of("email", "ctx_reset@example.com"));
        assertEquals(PREFIX + "/login", rawLocation(asked));

        String link = mail.awaitTo("ctx_reset@example.com", 1).get(0).resetLink();
        assertTrue(link.startsWith("http://127.0.0.1:" + server.port() + PREFIX + "/reset_password/"), link);
        HttpResponse<String> page = browser.get(mail.awaitTo("ctx_reset@example.com", 1).get(0).resetPath());
        assertEquals(200, page.statusCode());
        assertAllUrlsInsideTheContext(page);
    }

    @Test
    void anonymousContextRootRedirectsToLoginWithARootNext() {
        Browser browser = server.newBrowser();

        HttpResponse<String> response = browser.get("/");

        assertEquals(302, response.statusCode());
        assertEquals(PREFIX + "/login?next=%2F", rawLocation(response));
    }

    @Test
    void loginPageLinksCarryTheContextPath() {
        HttpResponse<String> page = server.newBrowser().get("/login");

        assertEquals(200, page.statusCode());
        String body = page.body();
        assertTrue(body.contains("href=\"" + PREFIX + "/static/css/microblog.css\""), body);
        assertTrue(body.contains("href=\"" + PREFIX + "/register\">Click to Register!</a>"), body);
        assertTrue(body.contains("href=\"" + PREFIX + "/index\">Home</a>"), body);
        assertTrue(body.contains("href=\"" + PREFIX + "/login\">Login</a>"), body);
        assertAllUrlsInsideTheContext(page);
    }

    @Test
    void registerPageFormPostsInsideTheContext() {
        HttpResponse<String> page = server.newBrowser().get("/register");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("action=\"" + PREFIX + "/register\""), page.body());
        assertAllUrlsInsideTheContext(page);
    }

    @Test
    void stylesheetIsServedUnderTheContextPath() {
        HttpResponse<String> css = server.newBrowser().get("/static/css/microblog.css");

        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
    }

    @Test
    void registerLoginPostAndLogoutWorkUnderTheContextPath() {
        Browser browser = server.newBrowser();

        HttpResponse<String> registered = browser.submit("/register", Map.of("username", "ctxuser",
                "email", "ctxuser@example.com", "password", PASSWORD, "password2", PASSWORD));
        assertEquals(302, registered.statusCode(), registered.body());
        assertEquals(PREFIX + "/login", rawLocation(registered));
        HttpResponse<String> loginPage = browser.get("/login");
        assertTrue(loginPage.body().contains("Congratulations, you are now a registered user!"), loginPage.body());

        HttpResponse<String> login = browser.submit("/login?next=%2Findex",
                Map.of("username", "ctxuser", "password", PASSWORD));
        assertEquals(302, login.statusCode(), login.body());
        assertEquals(PREFIX + "/index", rawLocation(login));

        HttpResponse<String> home = browser.get("/index");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("<h1>Hi, ctxuser!</h1>"), home.body());
        assertTrue(home.body().contains("action=\"" + PREFIX + "/index\""), home.body());
        assertTrue(home.body().contains("action=\"" + PREFIX + "/logout\""), home.body());
        assertAllUrlsInsideTheContext(home);

        HttpResponse<String> posted = browser.submit("/index", Map.of("post", "hello from a context path"));
        assertEquals(302, posted.statusCode(), posted.body());
        assertEquals(PREFIX + "/index", rawLocation(posted));
        HttpResponse<String> after = browser.get("/index");
        assertTrue(after.body().contains("Your post is now live!"), after.body());
        assertTrue(after.body().contains("ctxuser says: hello from a context path"), after.body());

        HttpResponse<String> logoutPage = browser.get("/logout");
        assertEquals(200, logoutPage.statusCode());
        assertAllUrlsInsideTheContext(logoutPage);
        HttpResponse<String> logout = browser.submit("/logout", Map.of());
        assertEquals(302, logout.statusCode(), logout.body());
        assertEquals(PREFIX + "/index", rawLocation(logout));
        assertEquals(PREFIX + "/login?next=%2Findex", rawLocation(browser.get("/index")));
    }

    @Test
    void cookiesArePathScopedToTheContext() {
        server.register("ctxcookies", "ctxcookies@example.com", PASSWORD);
        Browser browser = server.newBrowser();

        HttpResponse<String> loginPage = browser.get("/login");
        assertCookiePath(loginPage, "csrf");

        HttpResponse<String> login = browser.post("/login", Map.of("username", "ctxcookies", "password", PASSWORD,
                "remember_me", "y", "csrf_token", Browser.csrfToken(loginPage.body()).orElseThrow()));
        assertEquals(302, login.statusCode(), login.body());
        assertCookiePath(login, "JSESSIONID");
        assertCookiePath(login, "remember_token");
        assertCookiePath(login, "csrf");                  // the pre-login cookie is expired where it was set
        for (String header : Browser.setCookieHeaders(login)) {
            assertFalse(header.toLowerCase().contains("path=/;") || header.toLowerCase().endsWith("path=/"), header);
        }

        HttpResponse<String> logout = browser.submit("/index", "/logout", Map.of());
        assertEquals(302, logout.statusCode(), logout.body());
        assertCookiePath(logout, "remember_token");
        assertEquals(PREFIX + "/index", rawLocation(logout));
    }

    @Test
    void notFoundPageLinksCarryTheContextPath() {
        HttpResponse<String> page = server.newBrowser().get("/nope");

        assertEquals(404, page.statusCode());
        assertTrue(page.body().contains("href=\"" + PREFIX + "/static/css/microblog.css\""), page.body());
        assertAllUrlsInsideTheContext(page);
    }

    /** The {@code Location} header as a path with query; an absolute URL must point at this server. */
    private static String rawLocation(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location, status " + response.statusCode()));
        URI uri = URI.create(location);
        if (uri.isAbsolute()) {
            URI request = response.uri();
            assertEquals(request.getHost() + ":" + request.getPort(), uri.getHost() + ":" + uri.getPort(), location);
        }
        assertTrue(uri.getRawPath().startsWith(PREFIX + "/"), "outside the context: " + location);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static void assertAllUrlsInsideTheContext(HttpResponse<String> page) {
        Matcher matcher = URL_ATTRIBUTE.matcher(page.body());
        List<String> urls = new ArrayList<>();
        while (matcher.find()) {
            urls.add(matcher.group(2));
        }
        assertFalse(urls.isEmpty(), page.body());
        for (String url : urls) {
            assertTrue(url.startsWith(PREFIX + "/"), page.uri() + " links outside the context: " + url);
            assertFalse(url.toLowerCase().contains("jsessionid"), "session id in a URL: " + url);
        }
    }

    private static void assertCookiePath(HttpResponse<String> response, String name) {
        String header = Browser.setCookie(response, name)
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
        List<String> attributes = new ArrayList<>();
        for (String part : header.split(";")) {
            attributes.add(part.trim().toLowerCase());
        }
        assertTrue(attributes.contains("path=" + PREFIX), header);
        assertTrue(attributes.contains("httponly"), header);
        assertTrue(attributes.contains("samesite=lax"), header);
    }
}
