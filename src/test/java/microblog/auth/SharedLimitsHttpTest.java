package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two servers on one database with {@code microblog.throttle.store=database}: guesses spread over both count
 * together, so the limit is the same as on one server, not twice it.
 */
class SharedLimitsHttpTest {
    private static final int FREE_FAILURES = 4;
    private static final Path FILE = folder().resolve("microblog.db");

    @RegisterExtension
    static final TestServer first = node();

    @RegisterExtension
    static final TestServer second = node();

    /** Under target/ (mvn clean removes it): both servers outlive this class's own @AfterAll. */
    private static Path folder() {
        try {
            Path target = Path.of(System.getProperty("microblog.target", System.getProperty("java.io.tmpdir")));
            return Files.createTempDirectory(Files.createDirectories(target), "shared-limits-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestServer node() {
        return new TestServer().databaseAt(FILE)
                .with("microblog.throttle", "on")
                .with("microblog.throttle.store", "database")
                .with("microblog.throttle.login.user", String.valueOf(FREE_FAILURES))
                .with("microblog.throttle.login.address", "1000")
                .with("microblog.client.header", "X-Forwarded-For");
    }

    private static HttpResponse<String> login(TestServer node, String username, String password) {
        Browser attacker = node.newBrowser().withHeader("X-Forwarded-For", "203.0.113.9");
        return attacker.submit("/login", Map.of("username", username, "password", password));
    }

    @Test
    void failedLoginsSpreadOverBothServersMeetOneLimit() {
        first.register("shared", "shared@example.com", "long secret phrase 42");
        for (int i = 0; i < FREE_FAILURES; i++) {
            TestServer node = i % 2 == 0 ? first : second;
            assertEquals("/login", node.newBrowser().location(login(node, "shared", "guess " + i)), "guess " + i);
        }

        assertEquals(429, login(first, "shared", "long secret phrase 42").statusCode(), "held back on the first");
        assertEquals(429, login(second, "shared", "long secret phrase 42").statusCode(), "and on the second");
    }
}
