package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginHttpTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void registerSusan() {
        server.register("susan", "susan@example.com", "correct horse");
    }

    @Test
    void anonymousVisitorIsSentToLoginWithNextAndFlash() {
        Browser browser = server.newBrowser();

        HttpResponse<String> response = browser.get("/index");

        assertEquals(302, response.statusCode());
        assertEquals("/login?next=%2Findex", browser.location(response));
        HttpResponse<String> login = browser.get("/login?next=%2Findex");
        assertEquals(200, login.statusCode(), login.body());
        assertTrue(login.body().contains("Please log in to access this page."), login.body());
        assertFalse(browser.get("/login").body().contains("Please log in to access this page."), "shown once");
    }

    @Test
    void theRootIsProtectedToo() {
        Browser browser = server.newBrowser();

        HttpResponse<String> response = browser.get("/");

        assertEquals(302, response.statusCode());
        assertEquals("/login?next=%2F", browser.location(response));
    }

    @Test
    void nextKeepsTheQueryStringEncoded() {
        Browser browser = server.newBrowser();

        HttpResponse<String> response = browser.get("/index?page=2&x=a%20b");

        assertEquals("/login?next=%2Findex%3Fpage%3D2%26x%3Da%2520b", browser.location(response));
    }

    @Test
    void registeredUserLogsInIgnoringCaseAndLandsOnNext() {
        Browser browser = server.newBrowser();

        HttpResponse<String> login = browser.submit("/login?next=%2Findex%3Fpage%3D2",
                Map.of("username", "SUSAN", "password", "correct horse"));

        assertEquals(302, login.statusCode(), login.body());
        assertEquals("/index?page=2", browser.location(login));
        HttpResponse<String> home = browser.get("/index");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("<h1>Hi, susan!</h1>"), "shown as registered: " + home.body());
    }

    @Test
    void usernameIsTrimmedBeforeLookup() {
        Browser browser = server.newBrowser();

        HttpResponse<String> login = browser.submit("/login", Map.of("username", "  susan\t", "password",
                "correct horse"));

        assertEquals("/index", browser.location(login));
    }

    @Test
    void withoutNextTheUserLandsOnIndex() {
        Browser browser = server.newBrowser();

        HttpResponse<String> login = browser.submit("/login", Map.of("username", "susan", "password",
                "correct horse"));

        assertEquals("/index", browser.location(login));
        assertTrue(Browser.setCookie(login, "remember_token").isEmpty(), "no remember-me without the box");
    }

    @Test
    void sessionIdChangesAtLogin() {
        Browser browser = server.newBrowser();
        browser.get("/index");                                   // the flash starts a session
        String before = browser.cookie("JSESSIONID").orElseThrow();

        browser.submit("/login?next=%2Findex", Map.of("username", "susan", "password", "correct horse"));

        String after = browser.cookie("JSESSIONID").orElseThrow();
        assertNotEquals(before, after);
        Browser attacker = server.newBrowser();
        attacker.setCookie("JSESSIONID", before);
        assertEquals(302, attacker.get("/index").statusCode(), "the pre-login session id is worth nothing");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        Browser first = server.newBrowser();
        Browser second = server.newBrowser();

        HttpResponse<String> wrongPassword = first.submit("/login?next=%2Findex",
                Map.of("username", "susan", "password", "wrong horse"));
        HttpResponse<String> unknownUser = second.submit("/login?next=%2Findex",
                Map.of("username", "nobody", "password", "wrong horse"));

        assertEquals(302, wrongPassword.statusCode());
        assertEquals(302, unknownUser.statusCode());
        assertEquals("/login?next=%2Findex", first.location(wrongPassword));
        assertEquals(first.location(wrongPassword), second.location(unknownUser));
        String page1 = first.get("/login?next=%2Findex").body();
        String page2 = second.get("/login?next=%2Findex").body();
        assertTrue(page1.contains("Invalid username or password"), page1);
        assertTrue(page2.contains("Invalid username or password"), page2);
        assertEquals(302, first.get("/index").statusCode(), "still anonymous");
    }

    @Test
    void nextIsKeptThroughAFailedAttemptAndHonouredAfterwards() {
        Browser browser = server.newBrowser();
        HttpResponse<String> failed = browser.submit("/login?next=%2Findex%3Fa%3D1",
                Map.of("username", "susan", "password", "nope nope"));
        String retryPage = browser.location(failed);
        assertEquals("/login?next=%2Findex%3Fa%3D1", retryPage);

        HttpResponse<String> login = browser.submit(retryPage, Map.of("username", "susan", "password",
                "correct horse"));

        assertEquals("/index?a=1", browser.location(login));
    }

    @Test
    void unsafeNextIsIgnoredOnSuccessAndDroppedOnFailure() {
        for (String next : new String[] {"%2F%2Fevil.com", "https%3A%2F%2Fevil.com", "%2F%5Cevil.com",
                "%2F%252Fevil.com", "javascript%3Aalert(1)"}) {
            Browser browser = server.newBrowser();
            HttpResponse<String> failed = browser.submit("/login?next=" + next,
                    Map.of("username", "susan", "password", "nope nope"));
            assertEquals("/login", browser.location(failed), next);

            HttpResponse<String> login = browser.submit("/login?next=" + next,
                    Map.of("username", "susan", "password", "correct horse"));
            assertEquals("/index", browser.location(login), next);
        }
    }

    @Test
    void nextInTheFormBodyIsNotFollowed() {
        Browser browser = server.newBrowser();

        HttpResponse<String> login = browser.submit("/login", Map.of("username", "susan", "password",
                "correct horse", "next", "/logout"));

        assertEquals("/index", browser.location(login));
    }

    @Test
    void signedInUserOpeningLoginGoesHome() {
        Browser browser = server.signedIn("susan", "correct horse");

        HttpResponse<String> response = browser.get("/login");

        assertEquals(302, response.statusCode());
        assertEquals("/index", browser.location(response));
    }

    @Test
    void emptyFieldsAreRequiredAndTheUsernameIsKeptButNeverThePassword() {
        Browser browser = server.newBrowser();

        HttpResponse<String> empty = browser.submit("/login", Map.of("username", "", "password", ""));
        HttpResponse<String> noPassword = browser.submit("/login", Map.of("username", "typed-name",
                "password", ""));
        HttpResponse<String> noUsername = browser.submit("/login", Map.of("username", " ",
                "password", "secret-typed"));

        assertEquals(200, empty.statusCode());
        assertEquals(2, count(empty.body(), "This field is required."), empty.body());
        assertTrue(empty.body().contains("aria-describedby=\"username-error\""));
        assertEquals(200, noPassword.statusCode());
        assertTrue(noPassword.body().contains("value=\"typed-name\""), noPassword.body());
        assertEquals(1, count(noPassword.body(), "This field is required."));
        assertFalse(noUsername.body().contains("secret-typed"), "passwords are never shown again");
        assertEquals(302, browser.get("/index").statusCode());
    }

    @Test
    void loginPageHasAnAccessibleForm() {
        String page = server.newBrowser().get("/login").body();

        assertTrue(page.contains("<title>Sign In - Microblog</title>"), page);
        assertTrue(page.contains("<label for=\"username\">"));
        assertTrue(page.contains("<label for=\"password\">"));
        assertTrue(page.contains("autocomplete=\"username\""));
        assertTrue(page.contains("autocomplete=\"current-password\""));
        assertTrue(page.contains("type=\"password\""));
        assertTrue(page.contains("name=\"remember_me\" type=\"checkbox\" value=\"y\""), page);
        assertTrue(page.contains("name=\"submit\""));
        assertTrue(page.contains("New User? <a href=\"/register\">Click to Register!</a>"), page);
    }

    private static int count(String text, String word) {
        return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
    }
}
