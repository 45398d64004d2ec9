package microblog.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import microblog.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/** Someone who uses only the keyboard can sign in. */
class KeyboardBrowserTest {
    @RegisterExtension
    static final TestServer server = new TestServer();
    @RegisterExtension
    final Chromium chromium = new Chromium(server);

    @BeforeAll
    static void registerUser() {
        server.register("kim", "kim@example.com", "keys all the way");
    }

    @Test
    void keyboardUserTabsToTheFormTypesAndPressesEnterToSignIn() {
        chromium.open("/login");
        int tabs = 0;
        while (!"username".equals(chromium.focused().getDomAttribute("id"))) {
            if (++tabs > 10) {
                throw new AssertionError("ten Tabs from the top of the page never reach the username field");
            }
            chromium.keys(Keys.TAB);
        }

        chromium.keys("kim", Keys.TAB);
        assertEquals("password", chromium.focused().getDomAttribute("id"), "Tab goes from username to password");
        chromium.keys("keys all the way");
        chromium.enter();

        assertEquals("/index", chromium.path());
        assertEquals("Hi, kim!", chromium.heading());
    }
}
