package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Password guessing is held back per username and address, without locking the owner's own browser out. */
class LoginThrottleHttpTest {
    private static final int FREE_FAILURES = 3;

    @RegisterExtension
    static final TestServer server = new TestServer()
            .with("microblog.throttle", "on")
            .with("microblog.throttle.login.user", String.valueOf(FREE_FAILURES))
            .with("microblog.throttle.login.address", "1000")
            .with("microblog.client.header", "X-Forwarded-For");

    @BeforeAll
    static void registerOwners() {
        for (String name : new String[] {"victim", "owner", "patient"}) {
            server.register(name, name + "@example.com", "long secret phrase 42");
        }
    }

    private static HttpResponse<String> login(Browser browser, String username, String password) {
        return browser.submit("/login", Map.of("username", username, "password", password));
    }

    @Test
    void afterTheFreeFailuresEvenTheRightPasswordGets429WithRetryAfter() {
        Browser attacker = server.newBrowser().withHeader("X-Forwarded-For", "203.0.113.7");
        for (int i = 0; i < FREE_FAILURES; i++) {
            assertEquals(302, login(attacker, "victim", "guess " + i).statusCode());
        }

        HttpResponse<String> held = login(attacker, "victim", "long secret phrase 42");

        assertEquals(429, held.statusCode());
        long retryAfter = Long.parseLong(held.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
        assertTrue(held.body().contains("Too Many Attempts"), held.body());
        assertTrue(held.body().contains("try again in"), held.body());
        assertEquals(302, attacker.get("/index").statusCode(), "nobody was logged in");
    }

    @Test
    void theAnswerIsTheSameWhetherTheAccountExists() {
        Browser known = server.newBrowser().withHeader("X-Forwarded-For", "203.0.113.8");
        Browser unknown = server.newBrowser().withHeader("X-Forwarded-For", "203.0.113.8");
        for (int i = 0; i < FREE_FAILURES; i++) {
            login(known, "patient", "guess " + i);
            login(unknown, "no-such-user", "guess " + i);
        }

        HttpResponse<String> existing = login(known, "patient", "guess x");
        HttpResponse<String> missing = login(unknown, "no-such-user", "guess x");

        assertEquals(429, existing.statusCode());
        assertEquals(429, missing.statusCode());
        assertEquals(existing.body().replaceAll("csrf_token\" value=\"[^\"]*", ""),
                missing.body().replaceAll("csrf_token\" value=\"[^\"]*", ""));
    }

    @Test
    void theDelayPassesAndASuccessResetsTheCount() throws InterruptedException {
        Browser user = server.newBrowser().withHeader("X-Forwarded-For", "203.0.113.9");
        for (int i = 0; i < FREE_FAILURES; i++) {
            login(user, "patient", "typo " + i);
        }
        assertEquals(429, login(user, "patient", "long secret phrase 42").statusCode());

        Thread.sleep(1_100);                                    // the first delay is one second

        assertEquals("/index", user.location(login(user, "patient", "long secret phrase 42")));
        Browser again = server.newBrowser().withHeader("X-Forwarded-For", "203.0.113.9");
        assertEquals(302, login(again, "patient", "one more typo").statusCode(), "the count started again");
    }

    @Test
    void theOwnersKnownBrowserIsNeverHeldBackByAnAttacker() {
        Browser owner = server.newBrowser().withHeader("X-Forwarded-For", "198.51.100.1");
        assertEquals("/index", owner.location(login(owner, "owner", "long secret phrase 42")));
        String device = owner.cookie("device").orElseThrow();
        owner.submit("/logout", Map.of());
        assertEquals(device, owner.cookie("device").orElseThrow(), "the device cookie outlives logout");

        Browser attacker = server.newBrowser().withHeader("X-Forwarded-For", "198.51.100.1");
        for (int i = 0; i < FREE_FAILURES + 2; i++) {
            login(attacker, "owner", "guess " + i);
        }
        assertEquals(429, login(attacker, "owner", "long secret phrase 42").statusCode());

        HttpResponse<String> ownerLogin = login(owner, "owner", "long secret phrase 42");
        assertEquals(302, ownerLogin.statusCode(), ownerLogin.body());
        assertEquals("/index", owner.location(ownerLogin));
    }

    @Test
    void aForgedOrOtherAccountsDeviceCookieDoesNotHelp() {
        Browser owner = server.newBrowser().withHeader("X-Forwarded-For", "198.51.100.2");
        login(owner, "patient", "long secret phrase 42");
        String patientsDevice = owner.cookie("device").orElseThrow();

        Browser attacker = server.newBrowser().withHeader("X-Forwarded-For", "198.51.100.3");
        attacker.setCookie("device", patientsDevice);           // a device known for another account
        for (int i = 0; i < FREE_FAILURES; i++) {
            login(attacker, "victim", "guess " + i);
        }
        assertEquals(429, login(attacker, "victim", "guess y").statusCode());
        attacker.setCookie("device", patientsDevice.substring(0, patientsDevice.length() - 2) + "xx");
        assertEquals(429, login(attacker, "victim", "guess z").statusCode(), "a forged signature is ignored");
    }

    @Test
    void theDeviceCookieIsHttpOnlyLaxAndScopedToTheApplication() {
        Browser owner = server.newBrowser().withHeader("X-Forwarded-For", "198.51.100.4");

        HttpResponse<String> response = login(owner, "patient", "long secret phrase 42");

        String header = Browser.setCookie(response, "device").orElseThrow();
        assertTrue(header.contains("; HttpOnly"), header);
        assertTrue(header.contains("; SameSite=Lax"), header);
        assertTrue(header.contains("; Path=/"), header);
        assertFalse(header.contains("patient"), "no readable username: " + header);
    }
}
