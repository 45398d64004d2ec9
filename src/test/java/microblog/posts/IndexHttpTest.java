package microblog.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IndexHttpTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void registerAuthors() {
        server.register("alice", "alice@example.com", "wonderland rabbit hole");
        server.register("bob", "bob@example.com", "builder can we fix it");
    }

    @Test
    void homePageGreetsTheUserAndOffersThePostForm() {
        Browser alice = server.signedIn("alice", "wonderland rabbit hole");

        HttpResponse<String> home = alice.get("/index");

        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("<h1>Hi, alice!</h1>"), home.body());
        assertTrue(home.body().contains("Say something"));
        assertTrue(home.body().contains("name=\"post\""));
        assertEquals("no-store", home.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(200, alice.get("/").statusCode(), "the root is the home page too");
    }

    @Test
    void aPostIsSavedTrimmedFlashedAndShown() {
        Browser bob = server.signedIn("bob", "builder can we fix it");

        HttpResponse<String> posted = bob.submit("/index", Map.of("post", "  The Avengers movie was so cool!  "));

        assertEquals(302, posted.statusCode());
        assertEquals("/index", bob.location(posted));
        String home = bob.get("/index").body();
        assertTrue(home.contains("Your post is now live!"), home);
        assertTrue(home.contains("bob says: The Avengers movie was so cool!"), home);
        assertFalse(bob.get("/index").body().contains("Your post is now live!"), "flash shown once");
        long stored = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM posts WHERE body = 'The Avengers movie was so cool!'").mapTo(Long.class).one());
        assertEquals(1, stored);
    }

    /** A page goes out whole, with its length, in one piece: not flushed early in chunks. */
    @Test
    void aPageIsSentWithItsLengthNotInChunks() {
        Browser alice = server.signedIn("alice", "wonderland rabbit hole");

        HttpResponse<String> home = alice.get("/index");

        assertEquals(String.valueOf(home.body().getBytes(StandardCharsets.UTF_8).length),
                home.headers().firstValue("Content-Length").orElse("none"), String.valueOf(home.headers().map()));
        assertTrue(home.headers().firstValue("Transfer-Encoding").isEmpty());
    }

    /** Pages are UTF-8 throughout, characters outside the BMP (two UTF-16 units) included. */
    @Test
    void aPostInAnyScriptIsShownAsWritten() {
        Browser bob = server.signedIn("bob", "builder can we fix it");
        String text = "Grüße, Ελλάδα, 日本語, emoji 🚀 and 𝄞";

        assertEquals(302, bob.submit("/index", Map.of("post", text)).statusCode());
        HttpResponse<String> home = bob.get("/index");

        assertTrue(home.body().contains("bob says: " + text), home.body());
        assertTrue(home.headers().firstValue("Content-Type").orElse("").toLowerCase().endsWith("charset=utf-8"));
    }

    @Test
    void postingToTheRootWorksToo() {
        Browser bob = server.signedIn("bob", "builder can we fix it");

        HttpResponse<String> posted = bob.submit("/", Map.of("post", "from the root"));

        assertEquals(302, posted.statusCode());
        assertTrue(bob.get("/index").body().contains("bob says: from the root"));
    }

    @Test
    void anEmptyOrTooLongPostIsRefusedWithItsMessage() {
        Browser alice = server.signedIn("alice", "wonderland rabbit hole");
        long before = server.count("posts");

        HttpResponse<String> empty = alice.submit("/index", Map.of("post", "   "));
        HttpResponse<String> tooLong = alice.submit("/index", Map.of("post", "x".repeat(141)));

        assertEquals(200, empty.statusCode());
        assertTrue(empty.body().contains("This field is required."), empty.body());
        assertTrue(empty.body().contains("aria-describedby=\"post-error\""));
        assertEquals(200, tooLong.statusCode());
        assertTrue(tooLong.body().contains("at most 140 characters"), tooLong.body());
        assertTrue(tooLong.body().contains("x".repeat(141) + "</textarea>"), "what was typed is kept");
        assertEquals(before, server.count("posts"));
        assertEquals(302, alice.submit("/index", Map.of("post", "y".repeat(140))).statusCode());
    }

    @Test
    void postsAreNewestFirstAndOnlyTheLatestTwenty() {
        Browser alice = server.signedIn("alice", "wonderland rabbit hole");
        for (int i = 1; i <= 22; i++) {
            assertEquals(302, alice.submit("/index", Map.of("post", "numbered post " + i)).statusCode());
        }

        String home = alice.get("/index").body();

        int newest = home.indexOf("alice says: numbered post 22<");
        int older = home.indexOf("alice says: numbered post 21<");
        assertTrue(newest > 0 && older > newest, home);
        assertTrue(home.contains("numbered post 3<"));
        assertFalse(home.contains("numbered post 2<"), "only the latest 20");
        assertEquals(20, home.split("<li class=\"post\">", -1).length - 1);
    }

    @Test
    void hostilePostBodiesAreEscaped() {
        Browser bob = server.signedIn("bob", "builder can we fix it");

        bob.submit("/index", Map.of("post", "<script>alert('x')</script> & \"quotes\""));

        String home = bob.get("/index").body();
        assertFalse(home.contains("<script>alert"), home);
        assertTrue(home.contains("&lt;script&gt;alert(&#039;x&#039;)&lt;/script&gt; &amp; &#034;quotes&#034;"),
                home);
    }

    @Test
    void anonymousPostIsSentToLoginAndNothingIsSaved() {
        Browser browser = server.newBrowser();
        long before = server.count("posts");

        HttpResponse<String> response = browser.submit("/login", "/index", Map.of("post", "sneaky"));

        assertEquals(302, response.statusCode());
        assertEquals("/login?next=%2Findex", browser.location(response));
        assertEquals(before, server.count("posts"));
    }
}
