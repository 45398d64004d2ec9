package microblog.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestMailServer;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Changing the password while signed in: the current one is required, this browser stays, the others end. */
class ChangePasswordHttpTest {
    private static final String PASSWORD = "correct horse 9";
    private static final String NEW_PASSWORD = "a brand new one 7";

    @RegisterExtension
    static final TestMailServer mail = new TestMailServer();

    @RegisterExtension
    static final TestServer server = new TestServer().withMail(mail).with("microblog.throttle", "on");

    private static HttpResponse<String> change(Browser browser, String current, String password, String password2) {
        return browser.submit("/change_password", Map.of("current_password", current, "password", password,
                "password2", password2));
    }

    private static Browser remembered(String name) {
        Browser browser = server.newBrowser();
        HttpResponse<String> login = browser.submit("/login",
                Map.of("username", name, "password", PASSWORD, "remember_me", "y"));
        assertEquals("/index", browser.location(login));
        return browser;
    }

    @Test
    void theRightCurrentPasswordChangesItKeepsThisBrowserAndEndsTheOthers() {
        server.register("change_ok", "change_ok@example.com", PASSWORD);
        Browser here = server.signedIn("change_ok", PASSWORD);
        Browser there = remembered("change_ok");
        HttpResponse<String> form = here.get("/change_password");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("<h1>Change Password</h1>"), form.body());
        String sessionBefore = here.cookie("JSESSIONID").orElseThrow();
        String tokenBefore = Browser.csrfToken(form.body()).orElseThrow();

        HttpResponse<String> changed = change(here, PASSWORD, NEW_PASSWORD, NEW_PASSWORD);

        assertEquals(302, changed.statusCode(), changed.body());
        assertEquals("/index", here.location(changed));
        assertNotEquals(sessionBefore, here.cookie("JSESSIONID").orElseThrow(), "a new session id");
        HttpResponse<String> home = here.get("/index");
        assertEquals(200, home.statusCode(), "this browser stays signed in");
        assertTrue(home.body().contains("Your password has been changed."), home.body());
        assertNotEquals(tokenBefore, Browser.csrfToken(home.body()).orElseThrow(), "a new CSRF token");
        assertEquals(302, there.get("/index").statusCode(), "the other browser is logged out");
        there.dropCookie("JSESSIONID");
        assertEquals(302, there.get("/index").statusCode(), "and its remember-me cookie logs nobody in");
        assertEquals("/index", here.location(server.newBrowser().submit("/login",
                Map.of("username", "change_ok", "password", NEW_PASSWORD))));
        assertTrue(mail.awaitTo("change_ok@example.com", 1).stream().anyMatch(m ->
                m.subject().equals("[Microblog] Your password was changed") && m.text().startsWith("Dear change_ok,")));
    }

    @Test
    void aWrongCurrentPasswordIsRefusedNextToItsField() {
        server.register("change_wrong", "change_wrong@example.com", PASSWORD);
        Browser browser = server.signedIn("change_wrong", PASSWORD);

        HttpResponse<String> refused = change(browser, "not my password", NEW_PASSWORD, NEW_PASSWORD);

        assertEquals(200, refused.statusCode());
        assertTrue(refused.body().contains("Your current password is incorrect."), refused.body());
        assertTrue(refused.body().contains("id=\"currentPassword-error\""), refused.body());
        assertEquals("/index", browser.location(server.newBrowser().submit("/login",
                Map.of("username", "change_wrong", "password", PASSWORD))), "unchanged");
    }

    @Test
    void wrongCurrentPasswordsCountAsFailedLoginsOfThatUser() {
        server.register("change_guess", "change_guess@example.com", PASSWORD);
        Browser thief = server.signedIn("change_guess", PASSWORD);

        for (int i = 0; i < 10; i++) {
            assertEquals(200, change(thief, "guess number " + i, NEW_PASSWORD, NEW_PASSWORD).statusCode());
        }
        HttpResponse<String> heldBack = change(thief, PASSWORD, NEW_PASSWORD, NEW_PASSWORD);

        assertEquals(429, heldBack.statusCode(), "even the right one waits, as at the login");
        assertTrue(heldBack.headers().firstValue("Retry-After").isPresent());
        thief.submit("/index", "/logout", Map.of());
        HttpResponse<String> login = thief.submit("/login", Map.of("username", "change_guess", "password", PASSWORD));
        assertEquals(429, login.statusCode(), "the same count holds the login page back");
    }

    @Test
    void theNewPasswordMeetsRegistrationsRules() {
        server.register("change_rules", "change_rules@example.com", PASSWORD);
        Browser browser = server.signedIn("change_rules", PASSWORD);

        assertError(change(browser, "", "", ""), "This field is required.");
        assertError(change(browser, PASSWORD, "short", "short"), "Password must be between 8 and 1024 characters long.");
        assertError(change(browser, PASSWORD, NEW_PASSWORD, "different one"), "Field must be equal to password.");
        assertError(change(browser, PASSWORD, "password123", "password123"), "one of the most common passwords");
        assertError(change(browser, PASSWORD, "x change_rules x", "x change_rules x"),
                "Password must not contain your username.");
        assertEquals("/index", browser.location(server.newBrowser().submit("/login",
                Map.of("username", "change_rules", "password", PASSWORD))), "unchanged");
    }

    @Test
    void anonymousVisitorsAreSentToLoginAndForgedFormsRefused() {
        Browser anonymous = server.newBrowser();
        assertEquals("/login?next=%2Fchange_password", anonymous.location(anonymous.get("/change_password")));

        server.register("change_csrf", "change_csrf@example.com", PASSWORD);
        Browser browser = server.signedIn("change_csrf", PASSWORD);
        HttpResponse<String> forged = browser.post("/change_password", Map.of("current_password", PASSWORD,
                "password", NEW_PASSWORD, "password2", NEW_PASSWORD, "csrf_token", "forged"));
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("The form has expired"), forged.body());
        assertEquals("/index", browser.location(server.newBrowser().submit("/login",
                Map.of("username", "change_csrf", "password", PASSWORD))), "unchanged");
    }

    private static void assertError(HttpResponse<String> response, String message) {
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains(message), message + " in:\n" + response.body());
    }
}
