package microblog.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** User agents shortened to what a person recognises on the account page. */
class UserAgentsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0 | Firefox 133 on Windows",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 | Chrome 131 on Linux",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86 | Edge 131 on Windows",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15 | Safari 18 on macOS",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1 | Safari 18 on iOS",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 | Chrome 131 on Android",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36 | Chrome 156 on Linux",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0 | Opera 115 on Windows",
        "curl/8.5.0 | curl 8.5.0",
        "Java-http-client/17.0.15 | Java-http-client/17.0.15",
    })
    void knownBrowsersAreNamedWithTheirVersionAndSystem(String userAgent, String shown) {
        assertEquals(shown, UserAgents.shorten(userAgent));
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "'   '"})
    void noUserAgentIsAnUnknownBrowser(String userAgent) {
        assertEquals("Unknown browser", UserAgents.shorten(userAgent));
        assertEquals("Unknown browser", UserAgents.shorten(null));
    }

    @org.junit.jupiter.api.Test
    void anUnknownLongUserAgentIsCut() {
        String shown = UserAgents.shorten("x".repeat(500));

        assertTrue(shown.length() <= UserAgents.UNKNOWN_LENGTH + 1, shown);
        assertTrue(shown.endsWith("…"), shown);
    }
}
