package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fault inside the application gives the site's 500 page, never a stack trace, exception name or SQL. */
class ServerErrorHttpTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void aDatabaseFaultShowsTheFriendly500PageAndTheAppRecovers() {
        server.register("faulty", "faulty@example.com", "broken glass window");
        Browser browser = server.signedIn("faulty", "broken glass window");
        server.jdbi().useHandle(h -> h.execute("ALTER TABLE posts RENAME TO posts_away"));
        HttpResponse<String> broken;
        try {
            broken = browser.get("/index");
        } finally {
            server.jdbi().useHandle(h -> h.execute("ALTER TABLE posts_away RENAME TO posts"));
        }

        assertEquals(500, broken.statusCode());
        assertTrue(broken.body().contains("<title>Something Went Wrong - Microblog</title>"), broken.body());
        assertTrue(broken.body().contains(">Logout</button>"), "the signed-in user's navigation");
        for (String leak : List.of("Exception", "SQL", "posts", ".java:", "at microblog.", "org.jdbi")) {
            assertFalse(Browser.withoutTokens(broken.body()).contains(leak), leak + " shown:\n" + broken.body());
        }
        assertEquals("nosniff", broken.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals(200, browser.get("/index").statusCode(), "recovers once the table is back");
    }
}
