package microblog.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import microblog.testing.Browser;
import microblog.testing.TestMailServer;
import microblog.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * Screenshots of the main pages on a desktop and on a phone, under {@code target/screenshots/}, for people to look
 * at; the test itself checks that nothing is wider than the screen.
 */
class ScreenshotsBrowserTest {
    private static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 "
            + "Firefox/133.0";
    private static final Path FOLDER = Path.of(System.getProperty("microblog.target", "target"), "screenshots");

    @RegisterExtension
    static final TestMailServer mail = new TestMailServer();
    @RegisterExtension
    static final TestServer server = new TestServer().withMail(mail);
    @RegisterExtension
    final Chromium chromium = new Chromium(server);

    @BeforeAll
    static void twoUsersHavePosted() {
        server.register("susan", "susan@example.com", "correct horse battery");
        server.register("john", "john@example.com", "staple battery horse");
        Browser john = server.signedIn("john", "staple battery horse");
        john.submit("/index", Map.of("post", "Beautiful day in Portland!"));
        // Susan is also signed in on a Firefox, which the account page lists beside the browser taking the pictures.
        Browser susan = server.newBrowser().withHeader("User-Agent", FIREFOX);
        assertEquals("/index", susan.location(susan.submit("/login",
                Map.of("username", "susan", "password", "correct horse battery"))));
        susan.submit("/index", Map.of("post", "The Avengers movie was so cool! Has anyone else seen it yet? "
                + "No spoilers please, I am going again on Saturday."));
    }

    @Test
    void pagesFitADesktopScreen() throws IOException {
        photographEveryPage("desktop", Chromium.DESKTOP);
    }

    @Test
    void pagesFitAPhoneScreen() throws IOException {
        photographEveryPage("phone", Chromium.PHONE);
    }

    private void photographEveryPage(String device, Dimension size) throws IOException {
        chromium.resize(size);
        List<String> tooWide = new ArrayList<>();

        chromium.open("/login");
        assertEquals("Sign In", chromium.heading());
        photograph(device + "-login", size, tooWide);

        chromium.open("/register");
        chromium.type("Username", "new user");
        chromium.type("Email", "newcomer@example");
        chromium.type("Password", "short");
        chromium.type("Repeat Password", "shorter");
        chromium.press("Register");
        assertTrue(chromium.text().contains("Field must be equal to password."), chromium.text());
        photograph(device + "-register-errors", size, tooWide);

        chromium.open("/reset_password_request");
        chromium.type("Email", "john@example.com");
        assertEquals("Reset Password", chromium.heading());
        photograph(device + "-reset-request", size, tooWide);

        chromium.open(Mails.freshResetPath(mail, server, "john@example.com"));
        assertEquals("Reset Your Password", chromium.heading());
        photograph(device + "-reset", size, tooWide);

        chromium.signIn("susan", "correct horse battery");
        assertTrue(chromium.text().contains("john says: Beautiful day in Portland!"), chromium.text());
        photograph(device + "-home", size, tooWide);

        chromium.follow("Account");
        assertEquals(2, chromium.driver().findElements(By.cssSelector(".sign-ins > li")).size(),
                "this browser and the one signed in before the test: " + chromium.text());
        photograph(device + "-account", size, tooWide);

        chromium.follow("Change your password");
        chromium.type("Current Password", "not the password");
        chromium.type("New Password", "correct horse battery staple");
        chromium.type("Repeat New Password", "correct horse battery staple");
        chromium.press("Change Password");
        assertTrue(chromium.text().contains("Your current password is incorrect."), chromium.text());
        photograph(device + "-change-password-errors", size, tooWide);

        chromium.open("/logout");
        assertEquals("Log out", chromium.heading());
        photograph(device + "-logout", size, tooWide);

        chromium.open("/no-such-page");
        assertEquals("Not Found", chromium.heading());
        photograph(device + "-404", size, tooWide);

        // Leaving by logging out ends this browser's sign-in, so the other test's account page lists two as well.
        chromium.open("/index");
        chromium.press("Logout");

        assertEquals(List.of(), tooWide, "pages wider than a " + size.width + " px screen");
    }

    private void photograph(String name, Dimension size, List<String> tooWide) throws IOException {
        Path file = FOLDER.resolve(name + ".png");
        chromium.screenshot(file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(size.width, image.getWidth(), file.toString());
        assertEquals(size.height, image.getHeight(), file.toString());
        long width = (Long) chromium.driver().executeScript("return document.documentElement.scrollWidth;");
        if (width > size.width) {
            tooWide.add(name + " is " + width + " px wide");
        }
    }
}
