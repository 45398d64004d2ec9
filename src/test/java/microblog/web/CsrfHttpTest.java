package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract's CSRF rules: every POST needs the visitor's token, and a refused form can be sent again. */
class CsrfHttpTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static final String PASSWORD = "Unusual-Secret-9731";
    private static final String EXPIRED = "The form has expired";
    /** Stand-ins for "no token" and "a token that is not the visitor's". */
    private static final String MISSING = "";
    private static final String WRONG = "wrong-token";

    @ParameterizedTest
    @ValueSource(strings = {MISSING, WRONG})
    void loginWithoutTheRightTokenSignsNobodyInAndCanBeSentAgain(String token) {
        String name = user("login" + token.length());
        Browser browser = server.newBrowser();
        browser.get("/login");

        HttpResponse<String> refused = browser.post("/login",
                withToken(token, Map.of("username", name, "password", PASSWORD)));

        assertExpiredForm(refused);
        assertTrue(refused.body().contains("value=\"" + name + "\""), "username kept:\n" + refused.body());
        assertFalse(refused.body().contains(PASSWORD), "password shown again:\n" + refused.body());
        assertTrue(Browser.setCookie(refused, "JSESSIONID").isEmpty(), "a session was made for a refused login");
        assertEquals(302, browser.get("/index").statusCode(), "signed in by a refused login");

        HttpResponse<String> second = browser.post("/login",
                withToken(token(refused), Map.of("username", name, "password", PASSWORD)));
        assertEquals(302, second.statusCode(), second.body());
        assertEquals("/index", browser.location(second));
        assertTrue(browser.get("/index").body().contains("<h1>Hi, " + name + "!</h1>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {MISSING, WRONG})
    void registrationWithoutTheRightTokenCreatesNoUserAndCanBeSentAgain(String token) {
        String name = "reg" + token.length() + "x";
        String email = name + "@example.com";
        Browser browser = server.newBrowser();
        browser.get("/register");
        Map<String, String> fields = Map.of("username", name, "email", email,
                "password", PASSWORD, "password2", PASSWORD);

        HttpResponse<String> refused = browser.post("/register", withToken(token, fields));

        assertExpiredForm(refused);
        assertEquals(0, usersNamed(name), "a user was created by a refused form");
        assertTrue(refused.body().contains("value=\"" + name + "\""), "username kept:\n" + refused.body());
        assertTrue(refused.body().contains("value=\"" + email + "\""), "email kept:\n" + refused.body());
        assertFalse(refused.body().contains(PASSWORD), "password shown again:\n" + refused.body());

        HttpResponse<String> second = browser.post("/register", withToken(token(refused), fields));
        assertEquals(302, second.statusCode(), second.body());
        assertEquals("/login", browser.location(second));
        assertEquals(1, usersNamed(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {MISSING, WRONG})
    void postWithoutTheRightTokenSavesNothingAndCanBeSentAgain(String token) {
        Browser browser = signedIn(user("poster" + token.length()));
        browser.get("/index");
        String body = "a post with a bad token " + token.length();

        HttpResponse<String> refused = browser.post("/index", withToken(token, Map.of("post", body)));

        assertExpiredForm(refused);
        assertEquals(0, postsSaying(body), "a post was saved by a refused form");
        assertTrue(refused.body().contains(">" + body + "</textarea>"), "post kept:\n" + refused.body());

        HttpResponse<String> second = browser.post("/index", withToken(token(refused), Map.of("post", body)));
        assertEquals(302, second.statusCode(), second.body());
        assertEquals("/index", browser.location(second));
        assertEquals(1, postsSaying(body));
        assertTrue(browser.get("/index").body().contains("Your post is now live!"));
    }

    @ParameterizedTest
    @ValueSource(strings = {MISSING, WRONG})
    void logoutWithoutTheRightTokenKeepsTheUserSignedInAndCanBeSentAgain(String token) {
        String name = user("stayer" + token.length());
        Browser browser = signedIn(name);
        browser.get("/index");

        HttpResponse<String> refused = browser.post("/logout", withToken(token, Map.of()));

        assertExpiredForm(refused);
        HttpResponse<String> home = browser.get("/index");
        assertEquals(200, home.statusCode(), "signed out by a refused logout");
        assertTrue(home.body().contains("<h1>Hi, " + name + "!</h1>"));

        HttpResponse<String> second = browser.post("/logout", withToken(token(refused), Map.of()));
        assertEquals(302, second.statusCode(), second.body());
        assertEquals("/index", browser.location(second));
        assertEquals("/login?next=%2Findex", browser.location(browser.get("/index")));
    }

    @Test
    void signedInUserCannotPostWithAnAnonymousCookieToken() {
        Browser anonymous = server.newBrowser();
        String cookieToken = token(anonymous.get("/login"));
        assertEquals(Optional.of(cookieToken), anonymous.cookie("csrf"), "the login form's token is the cookie's");
        Browser browser = signedIn(user("cookieuser"));
        browser.setCookie("csrf", cookieToken);
        String body = "posted with a cookie token";

        HttpResponse<String> refused = browser.post("/index", Map.of("post", body, "csrf_token", cookieToken));

        assertExpiredForm(refused);
        assertEquals(0, postsSaying(body));
    }

    @Test
    void signedInUserCannotLogOutWithAnAnonymousCookieToken() {
        Browser anonymous = server.newBrowser();
        String cookieToken = token(anonymous.get("/login"));
        String name = user("cookielogout");
        Browser browser = signedIn(name);
        browser.setCookie("csrf", cookieToken);

        HttpResponse<String> refused = browser.post("/logout", Map.of("csrf_token", cookieToken));

        assertExpiredForm(refused);
        assertTrue(browser.get("/index").body().contains("<h1>Hi, " + name + "!</h1>"), "signed out");
    }

    @Test
    void forgedCsrfCookieWithMatchingFieldIsRefused() {
        String name = user("forged");
        Browser browser = server.newBrowser();
        String real = token(browser.get("/login"));
        int dot = real.lastIndexOf('.');
        String[] forgeries = {
            "attacker-chosen-value.not-a-signature",
            "attacker-chosen-value",
            real.substring(0, dot) + "." + flipLast(real.substring(dot + 1)),
            flipLast(real.substring(0, dot)) + real.substring(dot),
        };

        for (String forged : forgeries) {
            browser.setCookie("csrf", forged);
            HttpResponse<String> refused = browser.post("/login",
                    Map.of("username", name, "password", PASSWORD, "csrf_token", forged));

            assertExpiredForm(refused);
            assertFalse(refused.body().contains(forged), "the forged value is offered back: " + forged);
            assertEquals(302, browser.get("/index").statusCode(), "signed in with forged cookie " + forged);
        }
    }

    @Test
    void forgedCsrfCookieCannotRegisterAnyone() {
        Browser browser = server.newBrowser();
        String forged = "attacker-chosen-value.not-a-signature";
        browser.setCookie("csrf", forged);

        HttpResponse<String> refused = browser.post("/register", Map.of("username", "forgedreg",
                "email", "forgedreg@example.com", "password", PASSWORD, "password2", PASSWORD, "csrf_token", forged));

        assertExpiredForm(refused);
        assertEquals(0, usersNamed("forgedreg"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/register"})
    void anonymousFormPageSetsAnHttpOnlyCsrfCookieAndNoSession(String path) {
        Browser browser = server.newBrowser();

        HttpResponse<String> first = browser.get(path);

        assertEquals(200, first.statusCode());
        assertTrue(Browser.setCookie(first, "JSESSIONID").isEmpty(), "session made: " + first.headers());
        String cookie = Browser.setCookie(first, "csrf").orElseThrow(() -> new AssertionError("no csrf cookie"));
        assertTrue(hasAttribute(cookie, "HttpOnly"), cookie);
        assertTrue(hasAttribute(cookie, "SameSite=Lax"), cookie);
        assertTrue(hasAttribute(cookie, "Path=/"), cookie);
        assertEquals(browser.cookie("csrf").orElseThrow(), token(first), "the form carries the cookie's token");

        HttpResponse<String> second = browser.get(path);

        assertEquals(200, second.statusCode());
        assertTrue(Browser.setCookieHeaders(second).isEmpty(), "cookies set again: " + second.headers());
        assertEquals(token(first), token(second));
    }

    @Test
    void staticFileSetsNoCookie() {
        Browser browser = server.newBrowser();

        HttpResponse<String> css = browser.get("/static/css/microblog.css");

        assertEquals(200, css.statusCode());
        assertEquals(List.of(), Browser.setCookieHeaders(css));
    }

    @Test
    void tokenChangesAtLoginAndTheOldOneStopsWorking() {
        String name = user("rotlogin");
        Browser browser = server.newBrowser();
        String before = token(browser.get("/login"));

        HttpResponse<String> login = browser.post("/login",
                Map.of("username", name, "password", PASSWORD, "csrf_token", before));
        assertEquals(302, login.statusCode(), login.body());
        String after = token(browser.get("/index"));

        assertNotEquals(before, after);
        HttpResponse<String> stale = browser.post("/index", Map.of("post", "stale token post", "csrf_token", before));
        assertExpiredForm(stale);
        assertEquals(0, postsSaying("stale token post"));
    }

    @Test
    void tokenChangesAtLogoutAndTheOldOneStopsWorking() {
        String name = user("rotlogout");
        Browser browser = signedIn(name);
        String before = token(browser.get("/index"));

        HttpResponse<String> logout = browser.post("/logout", Map.of("csrf_token", before));
        assertEquals(302, logout.statusCode(), logout.body());
        String after = token(browser.get("/login"));

        assertNotEquals(before, after);
        HttpResponse<String> stale = browser.post("/login",
                Map.of("username", name, "password", PASSWORD, "csrf_token", before));
        assertExpiredForm(stale);
        assertEquals(302, browser.get("/index").statusCode(), "signed in with the token from before logout");
    }

    @Test
    void anonymousPostToProtectedPageIsSentToLoginBeforeTheCsrfCheck() {
        Browser browser = server.newBrowser();

        HttpResponse<String> response = browser.post("/index", Map.of("post", "anonymous post"));

        assertEquals(302, response.statusCode(), response.body());
        assertEquals("/login?next=%2Findex", browser.location(response));
        assertEquals(0, postsSaying("anonymous post"));
    }

    private static void assertExpiredForm(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains(EXPIRED), response.body());
        assertTrue(Browser.csrfToken(response.body()).filter(t -> !t.isEmpty()).isPresent(),
                "no fresh csrf_token:\n" + response.body());
    }

    private static String token(HttpResponse<String> page) {
        return Browser.csrfToken(page.body())
                .orElseThrow(() -> new AssertionError("no csrf_token, status " + page.statusCode()));
    }

    /** The fields plus {@code csrf_token}, unless the token is {@link #MISSING}. */
    private static Map<String, String> withToken(String token, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (!token.equals(MISSING)) {
            all.put("csrf_token", token);
        }
        return all;
    }

    private static String user(String name) {
        server.register(name, name + "@example.com", PASSWORD);
        return name;
    }

    private static Browser signedIn(String name) {
        return server.signedIn(name, PASSWORD);
    }

    private static long usersNamed(String name) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE username = :name")
                .bind("name", name).mapTo(Long.class).one());
    }

    private static long postsSaying(String body) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM posts WHERE body = :body")
                .bind("body", body).mapTo(Long.class).one());
    }

    private static boolean hasAttribute(String setCookie, String attribute) {
        for (String part : setCookie.split(";")) {
            if (part.trim().equalsIgnoreCase(attribute)) {
                return true;
            }
        }
        return false;
    }

    private static String flipLast(String text) {
        char last = text.charAt(text.length() - 1);
        return text.substring(0, text.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}
