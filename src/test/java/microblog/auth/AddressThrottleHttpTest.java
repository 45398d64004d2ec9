package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One address spraying usernames, and one address registering accounts in bulk, are held back. */
class AddressThrottleHttpTest {
    @RegisterExtension
    static final TestServer server = new TestServer()
            .with("microblog.throttle", "on")
            .with("microblog.throttle.login.user", "100")
            .with("microblog.throttle.login.address", "5")
            .with("microblog.throttle.register.hour", "2")
            .with("microblog.client.header", "X-Forwarded-For");

    @Test
    void anAddressSprayingUsernamesGets429() {
        Browser sprayer = server.newBrowser().withHeader("X-Forwarded-For", "192.0.2.50");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> failed = sprayer.submit("/login", Map.of("username", "name" + i, "password",
                    "Summer2026!"));
            assertEquals(302, failed.statusCode());
        }

        HttpResponse<String> held = sprayer.submit("/login", Map.of("username", "name99", "password", "x y z w"));

        assertEquals(429, held.statusCode());
        assertTrue(held.headers().firstValue("Retry-After").isPresent());
        Browser elsewhere = server.newBrowser().withHeader("X-Forwarded-For", "192.0.2.51");
        assertEquals(302, elsewhere.submit("/login", Map.of("username", "name99", "password", "x y z w"))
                .statusCode(), "other addresses are not affected");
    }

    @Test
    void registrationsFromOneAddressAreLimitedPerHour() {
        Browser bulk = server.newBrowser().withHeader("X-Forwarded-For", "192.0.2.60");
        for (int i = 1; i <= 2; i++) {
            HttpResponse<String> ok = bulk.submit("/register", Map.of("username", "bulk" + i, "email",
                    "bulk" + i + "@example.com", "password", "quite long phrase", "password2", "quite long phrase"));
            assertEquals(302, ok.statusCode(), ok.body());
        }
        long users = server.count("users");

        HttpResponse<String> held = bulk.submit("/register", Map.of("username", "bulk3", "email",
                "bulk3@example.com", "password", "quite long phrase", "password2", "quite long phrase"));

        assertEquals(429, held.statusCode());
        assertTrue(held.body().contains("Too Many Attempts"));
        assertTrue(Long.parseLong(held.headers().firstValue("Retry-After").orElseThrow()) > 3000);
        assertEquals(users, server.count("users"), "nothing created");
    }

    @Test
    void failedRegistrationsDoNotCount() {
        Browser typo = server.newBrowser().withHeader("X-Forwarded-For", "192.0.2.70");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> invalid = typo.submit("/register", Map.of("username", "typo", "email", "nope",
                    "password", "quite long phrase", "password2", "quite long phrase"));
            assertEquals(200, invalid.statusCode());
        }

        HttpResponse<String> ok = typo.submit("/register", Map.of("username", "typo", "email", "typo@example.com",
                "password", "quite long phrase", "password2", "quite long phrase"));

        assertEquals(302, ok.statusCode());
    }

    /** Captures the start-up warning of a server started with the limits off. */
    @Test
    void turningTheLimitsOffLogsAWarningAtStartUp() throws Exception {
        StringBuilder warnings = new StringBuilder();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.append(record.getMessage()).append('\n');
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("microblog.Microblog");
        logger.addHandler(handler);
        TestServer off = new TestServer();
        try {
            off.beforeAll(null);
            off.afterAll(null);
        } finally {
            logger.removeHandler(handler);
        }

        assertTrue(warnings.toString().contains("microblog.throttle=off"), warnings.toString());
    }
}
