package microblog.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The account page: the user's details and sign-ins, ending one of them or all the others. */
class AccountHttpTest {
    private static final Pattern SESSION_FIELD = Pattern.compile("name=\"session\" value=\"([0-9]+)\"");
    private static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";

    @RegisterExtension
    static final TestServer server = new TestServer();

    private static Browser signedIn(String name, String userAgent, boolean remember) {
        Browser browser = server.newBrowser().withHeader("User-Agent", userAgent);
        Map<String, String> fields = remember
                ? Map.of("username", name, "password", "correct horse 9", "remember_me", "y")
                : Map.of("username", name, "password", "correct horse 9");
        HttpResponse<String> login = browser.submit("/login", fields);
        assertEquals(302, login.statusCode(), login.body());
        return browser;
    }

    private static void register(String name) {
        server.register(name, name + "@example.com", "correct horse 9");
    }

    private static List<String> otherSessions(String page) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = SESSION_FIELD.matcher(page);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    @Test
    void theAccountPageShowsTheUserAndEveryBrowserSignedIn() {
        register("acct_list");
        Browser laptop = signedIn("acct_list", FIREFOX, false);
        signedIn("acct_list", CHROME, false);

        HttpResponse<String> page = laptop.get("/account");

        assertEquals(200, page.statusCode());
        String body = page.body();
        assertTrue(body.contains("<h1>Your Account</h1>"), body);
        assertTrue(body.contains("acct_list@example.com"), body);
        assertTrue(body.contains("href=\"/change_password\""), body);
        assertTrue(body.contains("Firefox 133 on Windows"), body);
        assertTrue(body.contains("Chrome 131 on Linux"), body);
        assertTrue(body.contains("127.0.0.1"), body);
        assertEquals(1, count(body, "This browser"), body);
        assertEquals(1, otherSessions(body).size(), "one Log out button, for the other browser:\n" + body);
        assertTrue(body.contains(">Log out</button>"), body);
        assertTrue(body.contains(">Log out everywhere else</button>"), body);
        assertTrue(body.matches("(?s).*Signed in \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC, last active "
                + "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC.*"), body);
    }

    @Test
    void loggingOutAnotherBrowserEndsItsSessionAndItsRememberMeCookie() {
        register("acct_one");
        Browser laptop = signedIn("acct_one", FIREFOX, false);
        Browser phone = signedIn("acct_one", CHROME, true);
        String phoneSignIn = otherSessions(laptop.get("/account").body()).get(0);

        HttpResponse<String> done = laptop.submit("/account", "/account/logout_session", Map.of("session", phoneSignIn));

        assertEquals(302, done.statusCode());
        assertEquals("/account", laptop.location(done));
        String after = laptop.get("/account").body();
        assertTrue(after.contains("That browser has been logged out."), after);
        assertTrue(otherSessions(after).isEmpty(), after);
        HttpResponse<String> phoneNext = phone.get("/index");
        assertEquals(302, phoneNext.statusCode(), "the phone's next request is anonymous");
        assertEquals("/login?next=%2Findex", phone.location(phoneNext));
        phone.dropCookie("JSESSIONID");
        assertEquals(302, phone.get("/index").statusCode(), "its remember-me cookie logs nobody in");
        assertEquals(200, laptop.get("/index").statusCode(), "this browser stays signed in");
    }

    @Test
    void loggingOutEverywhereElseKeepsOnlyThisBrowser() {
        register("acct_all");
        Browser laptop = signedIn("acct_all", FIREFOX, false);
        Browser phone = signedIn("acct_all", CHROME, true);
        Browser tablet = signedIn("acct_all", CHROME, false);

        HttpResponse<String> done = laptop.submit("/account", "/account/logout_others", Map.of());

        assertEquals("/account", laptop.location(done));
        String after = laptop.get("/account").body();
        assertTrue(after.contains("You have been logged out everywhere else."), after);
        assertEquals(1, count(after, "This browser"));
        assertFalse(after.contains(">Log out everywhere else</button>"), "nobody else is left:\n" + after);
        assertEquals(302, tablet.get("/index").statusCode());
        phone.dropCookie("JSESSIONID");
        assertEquals(302, phone.get("/index").statusCode());
        assertEquals(200, laptop.get("/index").statusCode());
    }

    @Test
    void anotherUsersSignInIdChangesNothingForAnyone() {
        register("acct_mine");
        register("acct_theirs");
        Browser mine = signedIn("acct_mine", FIREFOX, false);
        Browser theirs = signedIn("acct_theirs", FIREFOX, false);
        Browser theirOther = signedIn("acct_theirs", CHROME, false);
        String theirSignIn = otherSessions(theirs.get("/account").body()).get(0);

        for (String value : List.of(theirSignIn, "0", "-1", "abc", "99999999999999999999", "")) {
            HttpResponse<String> done = mine.submit("/account", "/account/logout_session", Map.of("session", value));
            assertEquals(302, done.statusCode(), value);
            assertFalse(mine.get("/account").body().contains("That browser has been logged out."), value);
        }

        assertEquals(200, theirs.get("/index").statusCode());
        assertEquals(200, theirOther.get("/index").statusCode());
        assertEquals(200, mine.get("/index").statusCode());
    }

    @Test
    void anonymousVisitorsAreSentToTheLoginPage() {
        Browser anonymous = server.newBrowser();

        assertEquals("/login?next=%2Faccount", anonymous.location(anonymous.get("/account")));
        HttpResponse<String> post = anonymous.post("/account/logout_others", Map.of());
        assertEquals(302, post.statusCode());
        assertTrue(anonymous.location(post).startsWith("/login?next="));
    }

    @Test
    void theButtonsTakeOnlyPostsWithTheFormsToken() {
        register("acct_csrf");
        Browser laptop = signedIn("acct_csrf", FIREFOX, false);
        signedIn("acct_csrf", CHROME, false);

        HttpResponse<String> get = laptop.get("/account/logout_others");
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(null));
        assertEquals(405, laptop.get("/account/logout_session").statusCode());
        HttpResponse<String> forged = laptop.post("/account/logout_others", Map.of("csrf_token", "forged"));
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("The form has expired"), forged.body());
        String other = otherSessions(forged.body()).get(0);
        HttpResponse<String> forgedOne = laptop.post("/account/logout_session",
                Map.of("session", other, "csrf_token", "forged"));
        assertEquals(400, forgedOne.statusCode());
        assertTrue(forgedOne.body().contains("<h1>Your Account</h1>"), "the page again, with a fresh token");
        assertEquals(1, otherSessions(laptop.get("/account").body()).size(), "nothing was ended");
    }

    @Test
    void aHostileUserAgentIsShownEscaped() {
        register("acct_xss");
        Browser laptop = signedIn("acct_xss", FIREFOX, false);
        signedIn("acct_xss", "<script>alert(1)</script>\"><img src=x onerror=alert(2)>", false);

        String body = laptop.get("/account").body();

        assertFalse(body.contains("<script>alert"), body);
        assertFalse(body.contains("<img src=x"), body);
        assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), body);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
