package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A held-back login attempt costs the server no password hash: with expensive hashing, a 429 comes back in a small
 * fraction of the time a checked (failed) attempt takes. Measured side by side, as a ratio.
 */
class ThrottleCostHttpTest {
    private static final int ROUNDS = 5;

    @RegisterExtension
    static final TestServer server = new TestServer()
            .with("microblog.pbkdf2.iterations", "150000")
            .with("microblog.throttle", "on")
            .with("microblog.throttle.login.user", String.valueOf(ROUNDS))
            .with("microblog.client.header", "X-Forwarded-For");

    @Test
    void aHeldBackAttemptIsFarCheaperThanACheckedOne() {
        Browser attacker = server.newBrowser().withHeader("X-Forwarded-For", "198.18.0.1");
        long[] checked = new long[ROUNDS];
        long[] heldBack = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            checked[i] = timed(attacker, 302);
        }
        for (int i = 0; i < ROUNDS; i++) {
            heldBack[i] = timed(attacker, 429);
        }
        Arrays.sort(checked);
        Arrays.sort(heldBack);

        double ratio = (double) heldBack[ROUNDS / 2] / checked[ROUNDS / 2];
        assertTrue(ratio < 0.3, "held-back/checked median time ratio " + ratio);
    }

    /** The time of the POST alone (the form page is fetched first, outside the measurement). */
    private static long timed(Browser browser, int expectedStatus) {
        String token = Browser.csrfToken(browser.get("/login").body()).orElseThrow();
        long start = System.nanoTime();
        HttpResponse<String> response = browser.post("/login", Map.of("username", "anyone", "password",
                "some guess", "csrf_token", token));
        long elapsed = System.nanoTime() - start;
        assertEquals(expectedStatus, response.statusCode());
        return elapsed;
    }
}
