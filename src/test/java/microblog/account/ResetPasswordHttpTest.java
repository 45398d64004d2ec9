package microblog.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestMailServer;
import microblog.testing.TestMailServer.Received;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resetting a forgotten password by email, end to end over HTTP, with the real mails read from GreenMail. */
class ResetPasswordHttpTest {
    private static final String PASSWORD = "correct horse 9";
    private static final String NEW_PASSWORD = "a brand new one 7";

    @RegisterExtension
    static final TestMailServer mail = new TestMailServer();

    @RegisterExtension
    static final TestServer server = new TestServer().withMail(mail);

    private static void register(String name) {
        server.register(name, name + "@example.com", PASSWORD);
    }

    private static HttpResponse<String> requestReset(Browser browser, String email) {
        return browser.submit("/reset_password_request", Map.of("email", email));
    }

    private static Received resetMailTo(String address, int nth) {
        List<Received> mails = mail.awaitTo(address, nth).stream()
                .filter(m -> m.subject().equals("[Microblog] Reset Your Password")).toList();
        return mails.get(nth - 1);
    }

    private static HttpResponse<String> login(Browser browser, String name, String password) {
        return browser.submit("/login", Map.of("username", name, "password", password));
    }

    @Test
    void aPersonWhoForgotThePasswordResetsItThroughTheMailedLink() {
        register("reset_flow");
        Browser browser = server.newBrowser();

        assertTrue(browser.get("/login").body().contains("Forgot Your Password? <a href=\"/reset_password_request\">"
                + "Click to Reset It</a>"));
        HttpResponse<String> form = browser.get("/reset_password_request");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("<h1>Reset Password</h1>"), form.body());
        HttpResponse<String> asked = requestReset(browser, "  RESET_FLOW@example.com ");
        assertEquals(302, asked.statusCode());
        assertEquals("/login", browser.location(asked));
        assertTrue(browser.get("/login").body()
                .contains("Check your email for the instructions to reset your password"));

        Received sent = resetMailTo("reset_flow@example.com", 1);
        assertEquals("reset_flow@example.com", sent.to(), "the account's own address");
        assertTrue(sent.text().startsWith("Dear reset_flow,"), sent.text());
        assertTrue(sent.resetLink().startsWith(server.uri("/reset_password/")), sent.resetLink());

        HttpResponse<String> page = browser.get(sent.resetPath());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<h1>Reset Your Password</h1>"), page.body());
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(null));
        assertTrue(page.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
        HttpResponse<String> reset = browser.submit(sent.resetPath(),
                Map.of("password", NEW_PASSWORD, "password2", NEW_PASSWORD));
        assertEquals(302, reset.statusCode(), reset.body());
        assertEquals("/login", browser.location(reset));
        assertTrue(browser.get("/login").body().contains("Your password has been reset."));
        assertEquals(302, browser.get("/index").statusCode(), "a reset logs nobody in");

        assertEquals("/login", browser.location(login(server.newBrowser(), "reset_flow", PASSWORD)));
        assertEquals("/index", browser.location(login(server.newBrowser(), "reset_flow", NEW_PASSWORD)));
        assertTrue(mail.awaitTo("reset_flow@example.com", 2).stream()
                .anyMatch(m -> m.subject().equals("[Microblog] Your password was changed")));
    }

    @Test
    void aLinkWorksOnceAndOpeningItUsesNothingUp() {
        register("reset_once");
        requestReset(server.newBrowser(), "reset_once@example.com");
        String link = resetMailTo("reset_once@example.com", 1).resetPath();
        Browser browser = server.newBrowser();
        assertEquals(200, browser.get(link).statusCode());
        assertEquals(200, browser.get(link).statusCode(), "a mail scanner's visit uses nothing up");

        browser.submit(link, Map.of("password", NEW_PASSWORD, "password2", NEW_PASSWORD));

        HttpResponse<String> again = browser.get(link);
        assertEquals(302, again.statusCode());
        assertEquals("/reset_password_request", browser.location(again));
        assertTrue(browser.get("/reset_password_request").body()
                .contains("The password reset link is invalid or has expired."));
        HttpResponse<String> reuse = browser.post(link, Map.of("password", "third one here 5",
                "password2", "third one here 5", "csrf_token", Browser.csrfToken(browser.get("/login").body()).orElseThrow()));
        assertEquals("/reset_password_request", browser.location(reuse));
        assertEquals("/index", browser.location(login(server.newBrowser(), "reset_once", NEW_PASSWORD)));
    }

    @Test
    void anExpiredTamperedOrMadeUpLinkIsRefused() {
        register("reset_bad");
        requestReset(server.newBrowser(), "reset_bad@example.com");
        String link = resetMailTo("reset_bad@example.com", 1).resetPath();
        char last = link.charAt(link.length() - 1);
        String tampered = link.substring(0, link.length() - 1) + (last == 'A' ? 'B' : 'A');
        Browser browser = server.newBrowser();

        for (String path : List.of(tampered, "/reset_password/" + "x".repeat(43), "/reset_password/short",
                "/reset_password/%3Cscript%3E")) {
            HttpResponse<String> answer = browser.get(path);
            assertEquals(302, answer.statusCode(), path);
            assertEquals("/reset_password_request", browser.location(answer), path);
        }
        assertEquals(200, browser.get(link).statusCode(), "the real link still works");

        server.jdbi().useHandle(h -> h.execute("UPDATE password_resets SET expires_at = 0"));
        assertEquals("/reset_password_request", browser.location(browser.get(link)), "expired");
        assertEquals("/index", browser.location(login(server.newBrowser(), "reset_bad", PASSWORD)));
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAndNoMail() {
        register("reset_known");
        Browser browser = server.newBrowser();

        HttpResponse<String> unknown = requestReset(browser, "nobody-here@example.com");
        String unknownFlash = browser.get("/login").body();
        HttpResponse<String> known = requestReset(browser, "reset_known@example.com");
        String knownFlash = browser.get("/login").body();

        assertEquals(known.statusCode(), unknown.statusCode());
        assertEquals(browser.location(known), browser.location(unknown));
        assertTrue(unknownFlash.contains("Check your email for the instructions to reset your password"));
        assertEquals(Browser.withoutTokens(knownFlash), Browser.withoutTokens(unknownFlash));
        // Requests are sent in order: once the known address has its mail, the unknown one was dealt with.
        resetMailTo("reset_known@example.com", 1);
        assertTrue(mail.received().stream().noneMatch(m -> m.to().contains("nobody-here")), mail.received().toString());
    }

    @Test
    void everyFormErrorIsShownNextToItsField() {
        register("reset_errors");
        Browser browser = server.newBrowser();
        assertFieldError(requestReset(browser, ""), "This field is required.");
        assertFieldError(requestReset(browser, "not-an-address"), "Invalid email address.");

        requestReset(browser, "reset_errors@example.com");
        String link = resetMailTo("reset_errors@example.com", 1).resetPath();
        assertFieldError(browser.submit(link, Map.of("password", "", "password2", "")), "This field is required.");
        assertFieldError(browser.submit(link, Map.of("password", "short", "password2", "short")),
                "Password must be between 8 and 1024 characters long.");
        assertFieldError(browser.submit(link, Map.of("password", NEW_PASSWORD, "password2", "something else")),
                "Field must be equal to password.");
        assertFieldError(browser.submit(link, Map.of("password", "password123", "password2", "password123")),
                "one of the most common passwords");
        assertFieldError(browser.submit(link, Map.of("password", "my reset_errors!", "password2", "my reset_errors!")),
                "Password must not contain your username.");
        assertEquals(200, browser.get(link).statusCode(), "a refused form uses nothing up");
    }

    private static void assertFieldError(HttpResponse<String> response, String message) {
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("class=\"field-error\""), response.body());
        assertTrue(response.body().contains(message), message + " in:\n" + response.body());
    }

    @Test
    void aResetEndsEveryOtherSessionAndRememberMeCookie() {
        register("reset_ends");
        Browser laptop = server.newBrowser();
        assertEquals("/index", laptop.location(laptop.submit("/login",
                Map.of("username", "reset_ends", "password", PASSWORD, "remember_me", "y"))));
        Browser phone = server.signedIn("reset_ends", PASSWORD);

        requestReset(server.newBrowser(), "reset_ends@example.com");
        Browser inbox = server.newBrowser();
        String link = resetMailTo("reset_ends@example.com", 1).resetPath();
        inbox.submit(link, Map.of("password", NEW_PASSWORD, "password2", NEW_PASSWORD));

        assertEquals(302, phone.get("/index").statusCode());
        assertEquals(302, laptop.get("/index").statusCode());
        laptop.dropCookie("JSESSIONID");
        assertEquals(302, laptop.get("/index").statusCode(), "the remember-me cookie logs nobody in");
    }

    @Test
    void atMostThreeResetMailsPerAccountPerHour() {
        register("reset_three");
        Browser browser = server.newBrowser();

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> answer = requestReset(browser, "reset_three@example.com");
            assertEquals("/login", browser.location(answer), "the same answer every time");
        }
        register("reset_after");
        requestReset(browser, "reset_after@example.com");

        resetMailTo("reset_after@example.com", 1);     // sent after all five of the other account's requests
        assertEquals(3, mail.received().stream().filter(m -> m.to().equals("reset_three@example.com")).count());
    }

    @Test
    void aDisabledAccountGetsNoResetMail() {
        register("reset_disabled");
        register("reset_enabled");
        server.jdbi().useHandle(h -> h.execute("UPDATE users SET disabled = 1 WHERE username = 'reset_disabled'"));
        Browser browser = server.newBrowser();

        requestReset(browser, "reset_disabled@example.com");
        requestReset(browser, "reset_enabled@example.com");

        resetMailTo("reset_enabled@example.com", 1);
        assertTrue(mail.received().stream().noneMatch(m -> m.to().equals("reset_disabled@example.com")));
    }

    @Test
    void aSignedInUserIsSentHome() {
        register("reset_home");
        Browser browser = server.signedIn("reset_home", PASSWORD);

        assertEquals("/index", browser.location(browser.get("/reset_password_request")));
        assertEquals("/index", browser.location(browser.get("/reset_password/" + "x".repeat(43))));
    }

    @Test
    void theFormsTakeOnlyTheirOwnToken() {
        register("reset_csrf");
        Browser browser = server.newBrowser();
        browser.get("/reset_password_request");

        HttpResponse<String> forged = browser.post("/reset_password_request",
                Map.of("email", "reset_csrf@example.com", "csrf_token", "forged"));
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("The form has expired"), forged.body());
        assertTrue(forged.body().contains("value=\"reset_csrf@example.com\""), "what was typed is kept");

        requestReset(browser, "reset_csrf@example.com");
        String link = resetMailTo("reset_csrf@example.com", 1).resetPath();
        browser.get(link);
        HttpResponse<String> forgedReset = browser.post(link, Map.of("password", NEW_PASSWORD,
                "password2", NEW_PASSWORD, "csrf_token", "forged"));
        assertEquals(400, forgedReset.statusCode());
        assertEquals("no-referrer", forgedReset.headers().firstValue("Referrer-Policy").orElse(null));
        assertEquals("/index", browser.location(login(server.newBrowser(), "reset_csrf", PASSWORD)),
                "nothing was changed");
        assertEquals(1, mail.received().stream().filter(m -> m.to().equals("reset_csrf@example.com")).count());
    }

    @Test
    void theLoginPageLinksToTheResetPage() {
        assertTrue(server.newBrowser().get("/login").body().contains("href=\"/reset_password_request\""));
    }
}
