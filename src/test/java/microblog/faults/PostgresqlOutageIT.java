package microblog.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import microblog.deploy.Container;
import microblog.deploy.Container.Kind;
import microblog.testing.Browser;
import microblog.testing.PostgresCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stock Jetty 12 with the app's data in PostgreSQL, and the database going away while the server runs: its sessions
 * ended under it (pg_terminate_backend), or the PostgreSQL server stopped and started again. Meanwhile requests get
 * the contract's 503 page, never a 500 or a stack trace; afterwards the server serves again without a restart, and
 * every acknowledged write is in the database.
 */
class PostgresqlOutageIT {
    private static final String PASSWORD = "quiet lantern 42";
    /** How long a request waits for a connection (microblog.db.timeout.seconds) before it gets the 503 page. */
    private static final int DB_TIMEOUT_SECONDS = 2;
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresCluster postgres = new PostgresCluster();

    private String url;
    private Container container;
    private URI uri;
    private Browser susan;
    private String csrf;

    @BeforeEach
    void startServer() {
        url = postgres.createDatabase("outage" + System.nanoTime() % 1_000_000);
        container = new Container(Kind.JETTY_12, Container.packagedWar(), List.of(""))
                .setting("microblog.throttle", "off")
                .setting("microblog.db.timeout.seconds", String.valueOf(DB_TIMEOUT_SECONDS))
                .setting("microblog.db", url)
                .setting("microblog.db.user", postgres.user())
                .setting("microblog.db.password", postgres.password());
        container.startOn(Runnable::run);
        uri = container.uri("");
        HttpResponse<String> registered = new Browser(uri, "").submit("/register", Map.of("username", "susan",
                "email", "susan@example.com", "password", PASSWORD, "password2", PASSWORD));
        assertEquals(302, registered.statusCode(), registered.body());
        susan = new Browser(uri, "");
        HttpResponse<String> login = susan.submit("/login", Map.of("username", "susan", "password", PASSWORD));
        assertEquals("/index", susan.location(login));
        csrf = Browser.csrfToken(susan.get("/index").body()).orElseThrow();
    }

    @AfterEach
    void removeContainer() {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void sessionsEndedUnderARunningServerCostAtMostA503AndNoAcknowledgedPost() throws Exception {
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        List<String> refused = new CopyOnWriteArrayList<>();
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int n = 0; writing.get(); n++) {
                    String post = "post " + n;
                    HttpResponse<String> answer = post(post);
                    if (answer.statusCode() == 302 && "/index".equals(susan.location(answer))) {
                        acknowledged.add(post);
                    } else if (isUnavailablePage(answer)) {
                        refused.add(post);
                    } else {
                        wrong.add(post + ": " + answer.statusCode() + " " + answer.body());
                    }
                }
                return null;
            });
            int ended = 0;
            for (int round = 0; round < 5; round++) {
                awaitAcknowledged(acknowledged, acknowledged.size() + 5);
                ended += postgres.terminateSessions(url);
            }
            awaitAcknowledged(acknowledged, acknowledged.size() + 5);    // serving again, no restart
            writing.set(false);
            writer.get(60, TimeUnit.SECONDS);
            assertTrue(ended >= 5, "the server's connections were ended: " + ended);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }

        assertEquals(List.of(), wrong, "every answer was the post acknowledged or the 503 page");
        assertNoAcknowledgedPostLost(acknowledged);
        System.out.printf("PostgresqlOutageIT: sessions ended 5 times under %d posts: %d acknowledged, %d answered 503%n",
                acknowledged.size() + refused.size(), acknowledged.size(), refused.size());
    }

    @Test
    void whileThePostgresqlServerIsDownPagesAre503AndAfterItsRestartTheServerServesAgain() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            HttpResponse<String> answer = post("before " + n);
            assertEquals("/index", susan.location(answer), answer.body());
            acknowledged.add("before " + n);
        }
        try {
            postgres.stopServer();

            for (String path : List.of("/index", "/account")) {
                HttpResponse<String> page = susan.get(path);
                assertTrue(isUnavailablePage(page), path + " while PostgreSQL is down: " + page.statusCode()
                        + " " + page.body());
            }
            HttpResponse<String> refused = post("while down");
            assertTrue(isUnavailablePage(refused), "a post while down: " + refused.statusCode() + refused.body());
            HttpResponse<String> login = new Browser(uri, "").submit("/login", "/login",
                    Map.of("username", "susan", "password", PASSWORD));
            assertTrue(isUnavailablePage(login), "a login while down: " + login.statusCode() + login.body());
        } finally {
            postgres.startServer();
        }

        long deadline = System.nanoTime() + RECOVERY.toNanos();
        HttpResponse<String> home = susan.get("/index");
        while (home.statusCode() != 200 && System.nanoTime() < deadline) {
            assertTrue(isUnavailablePage(home), "after the restart: " + home.statusCode() + " " + home.body());
            Thread.sleep(200);
            home = susan.get("/index");
        }
        assertEquals(200, home.statusCode(), "serving again without a restart of the server: " + home.body());
        assertTrue(home.body().contains("<h1>Hi, susan!</h1>"), "still signed in: " + home.body());
        HttpResponse<String> after = post("after");
        assertEquals("/index", susan.location(after), after.body());
        acknowledged.add("after");
        assertNoAcknowledgedPostLost(acknowledged);
        Browser returning = new Browser(uri, "");
        assertEquals("/index", returning.location(returning.submit("/login",
                Map.of("username", "susan", "password", PASSWORD))), "a new login after the restart");
    }

    private HttpResponse<String> post(String body) {
        return susan.post("/index", Map.of("post", body, "csrf_token", csrf));
    }

    /** The contract's 503: the friendly page and Retry-After, nothing about SQL or exceptions. */
    private static boolean isUnavailablePage(HttpResponse<String> answer) {
        String body = answer.body();
        return answer.statusCode() == 503 && body.contains("Temporarily Unavailable")
                && answer.headers().firstValue("Retry-After").isPresent()
                && !body.contains("SQL") && !body.contains("Exception") && !body.contains("postgresql");
    }

    private static void awaitAcknowledged(List<String> acknowledged, int count) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (acknowledged.size() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + acknowledged.size() + " posts acknowledged, waited for "
                    + count);
            Thread.sleep(20);
        }
    }

    private void assertNoAcknowledgedPostLost(List<String> acknowledged) throws Exception {
        try (Connection db = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
            Set<String> lost = new TreeSet<>(acknowledged);
            lost.removeAll(Container.column(db, "SELECT body FROM posts"));
            assertTrue(lost.isEmpty(), "acknowledged posts lost: " + lost);
        }
        assertFalse(acknowledged.isEmpty());
    }
}
