package microblog.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestMailServer;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reset request takes the same time whether or not an account has the address, so timing tells nobody which
 * addresses are registered. Compared as a ratio of medians measured side by side, never as an absolute time.
 */
class ResetTimingHttpTest {
    private static final int WARM_UP = 5;
    private static final int ROUNDS = 15;
    private static final int TRIALS = 3;
    private static final String KNOWN = "timed@example.com";
    private static final String UNKNOWN = "nobody-at-all@example.com";
    private static final String PENDING = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND given_up_at IS NULL";

    @RegisterExtension
    static final TestMailServer mail = new TestMailServer();

    // The throttle is off (TestServer's default), so the per-address limit on reset requests never answers 429.
    @RegisterExtension
    static final TestServer server = new TestServer().withMail(mail);

    @Test
    void aRequestForAnUnknownAddressTakesAsLongAsOneForAnAccount() throws Exception {
        server.register("timed", KNOWN, "correct horse 9");
        Browser browser = server.newBrowser();
        for (int i = 0; i < WARM_UP; i++) {
            timed(browser, KNOWN);
            timed(browser, UNKNOWN);
        }
        // Up to three trials of 15 each: a shared, noisy machine can push one trial past a bound (seen 3 times in 26),
        // while a real difference (a lookup, a hash, a mail sent on the request's path) fails all three.
        List<String> trials = new ArrayList<>();
        boolean same = false;
        for (int trial = 0; trial < TRIALS && !same; trial++) {
            long[] known = new long[ROUNDS];
            long[] unknown = new long[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                // Each goes first in every other round, so that whatever the first request of a round pays is shared.
                if (i % 2 == 0) {
                    known[i] = timed(browser, KNOWN);
                    unknown[i] = timed(browser, UNKNOWN);
                } else {
                    unknown[i] = timed(browser, UNKNOWN);
                    known[i] = timed(browser, KNOWN);
                }
            }
            Arrays.sort(known);
            Arrays.sort(unknown);
            double ratio = (double) unknown[ROUNDS / 2] / known[ROUNDS / 2];
            trials.add(String.format("median %d us for an account, %d us for an unknown address, ratio %.3f; "
                    + "sorted, in us: %s and %s", known[ROUNDS / 2] / 1000, unknown[ROUNDS / 2] / 1000, ratio,
                    Arrays.toString(Arrays.stream(known).map(t -> t / 1000).toArray()),
                    Arrays.toString(Arrays.stream(unknown).map(t -> t / 1000).toArray())));
            same = ratio > 0.75 && ratio < 1.33;
        }
        System.out.println("ResetTimingHttpTest: " + trials);
        assertTrue(same, "unknown/known median time ratio out of bounds in every trial: " + trials);
        assertTrue(mail.awaitTo(KNOWN, 1).size() >= 1, "the account got its reset mail");
    }

    /**
     * The time of the POST alone: the form page is fetched first, and the mail sender has finished the previous
     * request (sending its mail, or finding no account), both outside the measurement.
     */
    private static long timed(Browser browser, String email) throws InterruptedException {
        awaitOutboxDone();
        String token = Browser.csrfToken(browser.get("/reset_password_request").body()).orElseThrow();
        long start = System.nanoTime();
        HttpResponse<String> response = browser.post("/reset_password_request", Map.of("email", email,
                "csrf_token", token));
        long elapsed = System.nanoTime() - start;
        assertEquals(302, response.statusCode(), response.body());
        assertEquals("/login", browser.location(response));
        return elapsed;
    }

    private static void awaitOutboxDone() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (server.jdbi().withHandle(h -> h.createQuery(PENDING).mapTo(Long.class).one()) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the mail sender did not finish the outbox within 20 s");
            }
            Thread.sleep(5);
        }
    }
}
