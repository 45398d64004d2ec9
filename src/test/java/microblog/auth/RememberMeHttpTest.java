package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract's "Remember me" section over real HTTP: the cookie, its rotation, theft detection and logout. */
class RememberMeHttpTest {
    static final String COOKIE = "remember_token";
    static final long THIRTY_DAYS = 30L * 24 * 60 * 60;
    /** Slack for the seconds a slow test machine may take between two responses. */
    static final long SLACK_SECONDS = 10;
    private static final String PASSWORD = "quiet lantern 42";

    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void loginWithRememberMeSetsAnHttpOnlyLaxRootCookieForThirtyDays() {
        server.register("remy", "remy@example.com", PASSWORD);

        HttpResponse<String> login = loginRemembered(server.newBrowser(), "remy");

        assertEquals(302, login.statusCode(), login.body());
        String header = Browser.setCookie(login, COOKIE).orElseThrow(() -> new AssertionError(
                "no remember_token in " + Browser.setCookieHeaders(login)));
        Map<String, String> attributes = attributes(header);
        assertEquals("/", attributes.get("path"), header);
        assertTrue(attributes.containsKey("httponly"), header);
        assertEquals("lax", attributes.get("samesite").toLowerCase(Locale.ROOT), header);
        assertFalse(attributes.containsKey("secure"), "no Secure over plain HTTP: " + header);
        assertTrue(attributes.containsKey("expires"), header);
        long maxAge = Long.parseLong(attributes.get("max-age"));
        assertTrue(maxAge <= THIRTY_DAYS && maxAge >= THIRTY_DAYS - SLACK_SECONDS, header);
    }

    @Test
    void rememberCookieIsRandomAndHoldsNoUserIdUsernameOrPassword() {
        server.register("rita", "rita@example.com", PASSWORD);
        long userId = userId("rita");

        String first = value(loginRemembered(server.newBrowser(), "rita"));
        String second = value(loginRemembered(server.newBrowser(), "rita"));

        for (String value : List.of(first, second)) {
            String[] parts = value.split("\\.", -1);
            assertEquals(2, parts.length, "selector.validator: " + value);
            assertTrue(parts[0].length() >= 16 && parts[1].length() >= 16, "long random parts: " + value);
            assertFalse(value.toLowerCase(Locale.ROOT).contains("rita"), value);
            assertFalse(value.contains(PASSWORD) || value.contains("lantern"), value);
            assertNotEquals(String.valueOf(userId), parts[0], value);
            assertNotEquals(String.valueOf(userId), parts[1], value);
        }
        assertNotEquals(first.split("\\.")[0], second.split("\\.")[0], "each login gets its own selector");
        assertNotEquals(first.split("\\.")[1], second.split("\\.")[1], "each login gets its own validator");
    }

    @Test
    void loginWithoutTheBoxSetsNoRememberCookie() {
        server.register("norah", "norah@example.com", PASSWORD);
        Browser browser = server.newBrowser();

        HttpResponse<String> login = browser.submit("/login", Map.of("username", "norah", "password", PASSWORD));

        assertEquals(302, login.statusCode(), login.body());
        assertTrue(Browser.setCookie(login, COOKIE).isEmpty(), String.valueOf(Browser.setCookieHeaders(login)));
        assertEquals(0, tokenCountOf(userId("norah")));
    }

    @Test
    void databaseStoresOnlyAHashOfTheValidator() {
        server.register("hashy", "hashy@example.com", PASSWORD);

        String value = value(loginRemembered(server.newBrowser(), "hashy"));
        String validator = value.substring(value.indexOf('.') + 1);

        List<Map<String, Object>> rows = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT * FROM remember_tokens WHERE user_id = :id").bind("id", userId("hashy")).mapToMap().list());
        assertEquals(1, rows.size(), String.valueOf(rows));
        for (Object column : rows.get(0).values()) {
            assertFalse(String.valueOf(column).contains(validator), "validator stored as is: " + rows);
        }
    }

    @Test
    void cookieLogsTheUserInAgainWhenTheSessionIsGoneAndIsRotatedKeepingItsExpiry() {
        server.register("rosa", "rosa@example.com", PASSWORD);
        Browser browser = server.newBrowser();
        HttpResponse<String> login = loginRemembered(browser, "rosa");
        String original = value(login);
        Map<String, String> originalAttributes = attributes(Browser.setCookie(login, COOKIE).orElseThrow());
        String oldSession = browser.cookie("JSESSIONID").orElseThrow();
        browser.dropCookie("JSESSIONID");

        HttpResponse<String> index = browser.get("/index");

        assertEquals(200, index.statusCode(), index.body());
        assertTrue(index.body().contains("<h1>Hi, rosa!</h1>"), index.body());
        String session = Browser.setCookie(index, "JSESSIONID").orElseThrow(() -> new AssertionError(
                "no new session cookie: " + Browser.setCookieHeaders(index)));
        assertNotEquals("JSESSIONID=" + oldSession, session.split(";")[0]);
        String header = Browser.setCookie(index, COOKIE).orElseThrow(() -> new AssertionError(
                "token not rotated: " + Browser.setCookieHeaders(index)));
        String rotated = cookieValue(header);
        assertNotEquals(original, rotated);
        assertEquals(selector(original), selector(rotated));
        Map<String, String> rotatedAttributes = attributes(header);
        long maxAge = Long.parseLong(rotatedAttributes.get("max-age"));
        long originalMaxAge = Long.parseLong(originalAttributes.get("max-age"));
        assertTrue(maxAge <= originalMaxAge && maxAge >= originalMaxAge - SLACK_SECONDS,
                "rotation keeps the expiry: " + maxAge + " vs " + originalMaxAge);
        assertEquals(originalAttributes.get("expires"), rotatedAttributes.get("expires"));
        assertEquals("/", rotatedAttributes.get("path"), header);
        assertTrue(rotatedAttributes.containsKey("httponly"), header);
        assertEquals("lax", rotatedAttributes.get("samesite").toLowerCase(Locale.ROOT), header);
    }

    @Test
    void twoTabsPresentingTheSameCookieRightAfterRotationBothGetIn() {
        server.register("tabby", "tabby@example.com", PASSWORD);
        String value = value(loginRemembered(server.newBrowser(), "tabby"));
        Browser firstTab = withCookie(value);
        Browser secondTab = withCookie(value);

        HttpResponse<String> first = firstTab.get("/index");
        HttpResponse<String> second = secondTab.get("/index");

        assertEquals(200, first.statusCode(), first.body());
        assertTrue(first.body().contains("<h1>Hi, tabby!</h1>"), first.body());
        assertEquals(200, second.statusCode(), "the replaced token works within the grace window");
        assertTrue(second.body().contains("<h1>Hi, tabby!</h1>"), second.body());
        assertEquals(1, tokenCountOf(userId("tabby")), "a grace-window use is no theft");
    }

    @Test
    void replacedCookiePresentedAfterTheGraceWindowRevokesEveryTokenOfTheUser() {
        server.register("victor", "victor@example.com", PASSWORD);
        long userId = userId("victor");
        Browser owner = server.newBrowser();
        String stolen = value(loginRemembered(owner, "victor"));
        Browser otherDevice = server.newBrowser();
        loginRemembered(otherDevice, "victor");
        owner.dropCookie("JSESSIONID");
        assertEquals(200, owner.get("/index").statusCode());
        assertNotEquals(stolen, owner.cookie(COOKIE).orElseThrow(), "rotated");
        server.jdbi().useHandle(h -> h.execute(
                "UPDATE remember_tokens SET rotated_at = rotated_at - 20000 WHERE user_id = ?", userId));

        Browser thief = withCookie(stolen);
        HttpResponse<String> replay = thief.get("/index");

        assertEquals(302, replay.statusCode(), replay.body());
        assertEquals("/login?next=%2Findex", thief.location(replay));
        assertExpired(Browser.setCookie(replay, COOKIE).orElseThrow(() -> new AssertionError(
                "replayed cookie not expired: " + Browser.setCookieHeaders(replay))), "/");
        assertEquals(0, tokenCountOf(userId));
        otherDevice.dropCookie("JSESSIONID");
        HttpResponse<String> other = otherDevice.get("/index");
        assertEquals(302, other.statusCode(), "the other device's token is revoked too");
        assertEquals("/login?next=%2Findex", otherDevice.location(other));
        owner.dropCookie("JSESSIONID");
        assertEquals(302, owner.get("/index").statusCode(), "the rotated token is revoked too");
    }

    @Test
    void logoutDeletesTheTokenAndExpiresTheCookieWithTheSameAttributes() {
        server.register("logan", "logan@example.com", PASSWORD);
        Browser browser = server.newBrowser();
        String value = value(loginRemembered(browser, "logan"));
        assertEquals(1, tokenCountOf(userId("logan")));

        HttpResponse<String> logout = browser.submit("/index", "/logout", Map.of());

        assertEquals(302, logout.statusCode(), logout.body());
        assertEquals("/index", browser.location(logout));
        assertExpired(Browser.setCookie(logout, COOKIE).orElseThrow(() -> new AssertionError(
                "cookie not expired at logout: " + Browser.setCookieHeaders(logout))), "/");
        int left = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM remember_tokens WHERE selector = ?").bind(0, selector(value))
                .mapTo(Integer.class).one());
        assertEquals(0, left, "the token row is deleted");
        Browser copy = withCookie(value);
        HttpResponse<String> index = copy.get("/index");
        assertEquals(302, index.statusCode(), index.body());
        assertEquals("/login?next=%2Findex", copy.location(index));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "garbage",
        ".",
        "abc.",
        ".abc",
        "a.b.c",
        "AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
        "1.1",
    })
    void forgedOrUnknownCookieLogsNobodyInAndIsExpired(String value) {
        Browser browser = withCookie(value);

        HttpResponse<String> index = browser.get("/index");

        assertEquals(302, index.statusCode(), index.body());
        assertEquals("/login?next=%2Findex", browser.location(index));
        assertExpired(Browser.setCookie(index, COOKIE).orElseThrow(() -> new AssertionError(
                "bad cookie not expired: " + Browser.setCookieHeaders(index))), "/");
    }

    @Test
    void realSelectorWithAForgedValidatorLogsNobodyIn() {
        server.register("selma", "selma@example.com", PASSWORD);
        String value = value(loginRemembered(server.newBrowser(), "selma"));
        Browser forger = withCookie(selector(value) + ".bm90LXRoZS12YWxpZGF0b3ItYXQtYWxsLW5vdC1ldmVuLWNsb3Nl");

        HttpResponse<String> index = forger.get("/index");

        assertEquals(302, index.statusCode(), index.body());
        assertEquals("/login?next=%2Findex", forger.location(index));
        assertExpired(Browser.setCookie(index, COOKIE).orElseThrow(), "/");
    }

    @Test
    void aTokenOlderThanSignInsLogsInAndContinuesTheSignInItStarts() {
        server.register("olga", "olga@example.com", PASSWORD);
        String value = value(loginRemembered(server.newBrowser(), "olga"));
        long original = signInOf(value);
        server.jdbi().useHandle(h -> h.execute("UPDATE remember_tokens SET sign_in_id = NULL WHERE selector = ?",
                selector(value)));
        Browser browser = withCookie(value);

        HttpResponse<String> index = browser.get("/index");

        assertEquals(200, index.statusCode(), index.body());
        assertTrue(index.body().contains("<h1>Hi, olga!</h1>"), index.body());
        assertNotEquals(original, signInOf(value), "the token now names the sign-in it started");
    }

    @Test
    void expiredTokenLogsNobodyIn() {
        server.register("exa", "exa@example.com", PASSWORD);
        String value = value(loginRemembered(server.newBrowser(), "exa"));
        server.jdbi().useHandle(h -> h.execute("UPDATE remember_tokens SET expires_at = ? WHERE selector = ?",
                System.currentTimeMillis() - 60_000, selector(value)));
        Browser browser = withCookie(value);

        HttpResponse<String> index = browser.get("/index");

        assertEquals(302, index.statusCode(), index.body());
        assertEquals("/login?next=%2Findex", browser.location(index));
        assertExpired(Browser.setCookie(index, COOKIE).orElseThrow(), "/");
    }

    @Test
    void deletingTheUserRowEndsTheirSessionAndRememberMeAtOnce() {
        server.register("doomed", "doomed@example.com", PASSWORD);
        long userId = userId("doomed");
        Browser browser = server.newBrowser();
        String value = value(loginRemembered(browser, "doomed"));
        Browser rememberedOnly = withCookie(value);
        try {
            // A plain connection, as an administrator's sqlite3 shell: foreign keys off, so no cascade.
            server.jdbi().useHandle(h -> h.execute("DELETE FROM users WHERE id = ?", userId));

            HttpResponse<String> index = browser.get("/index");
            assertEquals(302, index.statusCode(), index.body());
            assertEquals("/login?next=%2Findex", browser.location(index));
            HttpResponse<String> again = browser.get("/index");
            assertEquals(302, again.statusCode(), "the remember cookie brings nobody back: " + again.body());
            HttpResponse<String> restored = rememberedOnly.get("/index");
            assertEquals(302, restored.statusCode(), restored.body());
            assertEquals("/login?next=%2Findex", rememberedOnly.location(restored));
        } finally {
            server.jdbi().useHandle(h -> h.execute("DELETE FROM remember_tokens WHERE user_id = ?", userId));
        }
    }

    @Test
    void deletedUsersSessionAndCookieDoNotPassToANewUser() {
        server.register("ghost", "ghost@example.com", PASSWORD);
        long userId = userId("ghost");
        Browser browser = server.newBrowser();
        String value = value(loginRemembered(browser, "ghost"));
        Browser rememberedOnly = withCookie(value);
        try {
            server.jdbi().useHandle(h -> h.execute("DELETE FROM users WHERE id = ?", userId));
            // The next account may be handed the same id (SQLite reuses the largest rowid unless AUTOINCREMENT).
            server.register("newcomer", "newcomer@example.com", PASSWORD);

            HttpResponse<String> index = browser.get("/index");
            assertFalse(index.body().contains("Hi, newcomer!"), "the old session became the new user's");
            assertEquals(302, index.statusCode(), index.body());
            HttpResponse<String> restored = rememberedOnly.get("/index");
            assertFalse(restored.body().contains("Hi, newcomer!"), "the old cookie became the new user's");
            assertEquals(302, restored.statusCode(), restored.body());
        } finally {
            server.jdbi().useHandle(h -> h.execute("DELETE FROM remember_tokens WHERE user_id = ?", userId));
        }
    }

    private static HttpResponse<String> loginRemembered(Browser browser, String username) {
        HttpResponse<String> login = browser.submit("/login",
                Map.of("username", username, "password", PASSWORD, "remember_me", "y"));
        assertEquals(302, login.statusCode(), login.body());
        assertEquals("/index", browser.location(login));
        return login;
    }

    private static Browser withCookie(String value) {
        Browser browser = server.newBrowser();
        browser.setCookie(COOKIE, value);
        return browser;
    }

    private static long userId(String username) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE username = ?")
                .bind(0, username).mapTo(Long.class).one());
    }

    private static int tokenCountOf(long userId) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM remember_tokens WHERE user_id = ?")
                .bind(0, userId).mapTo(Integer.class).one());
    }

    /** The existing sign-in the token of this cookie value names. */
    private static long signInOf(String value) {
        return server.jdbi().withHandle(h -> h.createQuery(
                "SELECT s.id FROM remember_tokens r JOIN sign_ins s ON s.id = r.sign_in_id WHERE r.selector = ?")
                .bind(0, selector(value)).mapTo(Long.class).one());
    }

    static String value(HttpResponse<String> response) {
        return cookieValue(Browser.setCookie(response, COOKIE).orElseThrow(() -> new AssertionError(
                "no remember_token in " + Browser.setCookieHeaders(response))));
    }

    static String cookieValue(String header) {
        String pair = header.split(";", 2)[0];
        return pair.substring(pair.indexOf('=') + 1).trim();
    }

    static String selector(String value) {
        return value.substring(0, value.indexOf('.'));
    }

    /** The attributes of a raw Set-Cookie header, names lower-cased ({@code path}, {@code max-age}, ...). */
    static Map<String, String> attributes(String header) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String[] parts = header.split(";");
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int equals = part.indexOf('=');
            String name = (equals < 0 ? part : part.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
            attributes.put(name, equals < 0 ? "" : part.substring(equals + 1).trim());
        }
        return attributes;
    }

    /** Expired with the attributes it was set with: Max-Age=0, the same Path, HttpOnly, SameSite=Lax, no Secure. */
    static void assertExpired(String header, String path) {
        Map<String, String> attributes = attributes(header);
        assertEquals("0", attributes.get("max-age"), header);
        assertEquals(path, attributes.get("path"), header);
        assertTrue(attributes.containsKey("httponly"), header);
        assertEquals("lax", String.valueOf(attributes.get("samesite")).toLowerCase(Locale.ROOT), header);
        assertFalse(attributes.containsKey("secure"), header);
    }
}
