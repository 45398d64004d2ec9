package microblog.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** A signed-in user looks after the account: ends the sign-ins of other browsers and changes the password. */
class AccountBrowserTest {
    private static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 "
            + "Firefox/133.0";

    @RegisterExtension
    static final TestServer server = new TestServer();
    @RegisterExtension
    final Chromium chromium = new Chromium(server);

    @BeforeAll
    static void registerUsers() {
        server.register("anna", "anna@example.com", "two browsers at once");
        server.register("paul", "paul@example.com", "old secret phrase");
    }

    /** Another browser (over HTTP, with a desktop Firefox's User-Agent) signed in as {@code username}. */
    private static Browser otherBrowser(String username, String password) {
        Browser browser = server.newBrowser().withHeader("User-Agent", FIREFOX);
        HttpResponse<String> login = browser.submit("/login", Map.of("username", username, "password", password));
        assertEquals("/index", browser.location(login), "the other browser signs in");
        return browser;
    }

    private static void assertAnonymous(Browser browser) {
        assertEquals("/login?next=%2Findex", browser.location(browser.get("/index")), "its next request is anonymous");
    }

    private int signInsListed() {
        return chromium.driver().findElements(By.cssSelector(".sign-ins > li")).size();
    }

    @Test
    void userEndsAnotherBrowsersSignInThenEveryOtherOne() {
        Browser laptop = otherBrowser("anna", "two browsers at once");
        chromium.signIn("anna", "two browsers at once");

        chromium.follow("Account");
        assertEquals("/account", chromium.path());
        assertEquals("Your Account", chromium.heading());
        assertTrue(chromium.text().contains("anna@example.com"), chromium.text());
        assertEquals(2, signInsListed(), chromium.text());
        assertEquals(1, chromium.text().split("This browser", -1).length - 1, chromium.text());
        assertTrue(chromium.text().contains("Firefox 133 on Windows"), chromium.text());

        chromium.press("Log out");
        assertEquals("/account", chromium.path());
        assertTrue(chromium.text().contains("That browser has been logged out."), chromium.text());
        assertEquals(1, signInsListed(), chromium.text());
        assertAnonymous(laptop);

        Browser phone = otherBrowser("anna", "two browsers at once");
        chromium.open("/account");
        assertEquals(2, signInsListed(), chromium.text());
        chromium.press("Log out everywhere else");
        assertEquals("/account", chromium.path());
        assertTrue(chromium.text().contains("You have been logged out everywhere else."), chromium.text());
        assertEquals(1, signInsListed(), chromium.text());
        assertTrue(chromium.text().contains("This browser"), chromium.text());
        assertAnonymous(phone);

        chromium.follow("Home");
        assertEquals("Hi, anna!", chromium.heading(), "this browser stays signed in");
    }

    @Test
    void userChangesThePasswordAfterOneWrongTryAndStaysSignedIn() {
        Browser laptop = otherBrowser("paul", "old secret phrase");
        chromium.signIn("paul", "old secret phrase");
        chromium.follow("Account");
        chromium.follow("Change your password");
        assertEquals("/change_password", chromium.path());
        assertEquals("Change Password", chromium.heading());

        chromium.type("Current Password", "not my secret phrase");
        chromium.type("New Password", "new secret phrase 2");
        chromium.type("Repeat New Password", "new secret phrase 2");
        chromium.press("Change Password");
        assertEquals("/change_password", chromium.path());
        assertTrue(chromium.text().contains("Your current password is incorrect."), chromium.text());
        assertEquals("", chromium.field("Current Password").getDomProperty("value"),
                "passwords are never shown again");

        chromium.type("Current Password", "old secret phrase");
        chromium.type("New Password", "new secret phrase 2");
        chromium.type("Repeat New Password", "new secret phrase 2");
        chromium.press("Change Password");
        assertEquals("/index", chromium.path());
        assertTrue(chromium.text().contains("Your password has been changed."), chromium.text());
        assertEquals("Hi, paul!", chromium.heading(), "this browser stays signed in");
        chromium.open("/account");
        assertEquals(1, signInsListed(), "every other sign-in ended: " + chromium.text());
        assertAnonymous(laptop);

        Browser later = server.newBrowser();
        assertEquals("/index", later.location(later.submit("/login",
                Map.of("username", "paul", "password", "new secret phrase 2"))), "the new password signs in");
    }
}
