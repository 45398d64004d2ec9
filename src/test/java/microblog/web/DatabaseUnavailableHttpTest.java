package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** While the database cannot be written, pages that need it answer 503; the rest works; it recovers by itself. */
class DatabaseUnavailableHttpTest {
    @RegisterExtension
    static final TestServer server = new TestServer().with("microblog.db.timeout.seconds", "1");

    @Test
    void aLockedDatabaseGives503OncePerMinuteInTheLogAndTheAppRecovers() throws Exception {
        server.register("patience", "patience@example.com", "waiting is hard");
        Browser browser = server.signedIn("patience", "waiting is hard");
        long posts = server.count("posts");
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(UnavailableFilter.class.getName());
        logger.addHandler(capture);
        List<HttpResponse<String>> answers = new ArrayList<>();
        // Another process holds the write lock (a backup tool, a stuck sqlite3 shell): writes cannot proceed.
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + server.database());
             Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            for (int i = 0; i < 3; i++) {
                answers.add(browser.submit("/index", Map.of("post", "written while locked " + i)));
            }
            HttpResponse<String> login = server.newBrowser().get("/login");
            assertEquals(200, login.statusCode(), "pages that need no write still work");
            assertEquals(200, server.newBrowser().get("/static/css/microblog.css").statusCode());
            statement.execute("ROLLBACK");
        } finally {
            logger.removeHandler(capture);
        }

        for (HttpResponse<String> answer : answers) {
            assertEquals(503, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("Temporarily Unavailable"), answer.body());
            assertEquals("30", answer.headers().firstValue("Retry-After").orElse(""));
            assertFalse(answer.body().contains("SQL") || answer.body().contains("Exception"), answer.body());
        }
        assertEquals(1, records.size(), "logged once, not once per request");
        assertEquals(posts, server.count("posts"), "nothing half-saved");
        HttpResponse<String> recovered = browser.submit("/index", Map.of("post", "written after the lock"));
        assertEquals(302, recovered.statusCode(), recovered.body());
        assertEquals(posts + 1, server.count("posts"));
    }
}
