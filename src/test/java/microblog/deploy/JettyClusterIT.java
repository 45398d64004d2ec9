package microblog.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import microblog.deploy.Container.Kind;
import microblog.testing.Browser;
import microblog.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stock Jetty 12 nodes set up from the shipped {@code deploy/jetty-base} (sessions in PostgreSQL through
 * session-store-jdbc, no session cache) on one SQLite file, visited through a round-robin balancer without
 * stickiness: any node serves any request of a session, and a node killed with SIGKILL costs the visitor nothing.
 */
class JettyClusterIT {
    private static final Path SHIPPED = Path.of("deploy/jetty-base");
    private static final String PASSWORD = "quiet lantern 42";
    private static final AtomicInteger VISITORS = new AtomicInteger();

    @RegisterExtension
    static final PostgresCluster postgres = new PostgresCluster();

    @TempDir
    static Path folder;

    private static final List<Container> NODES = new ArrayList<>();

    @BeforeAll
    static void startNodes() throws IOException, URISyntaxException {
        // The operator's jetty.base: the shipped files, and the PostgreSQL driver dropped into lib/ext/.
        Path base = folder.resolve("jetty-base");
        copy(SHIPPED, base);
        Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.createDirectories(base.resolve("lib/ext"));
        Files.copy(driver, base.resolve("lib/ext").resolve(driver.getFileName()));
        String sessions = postgres.jdbcUrl() + "?user=" + postgres.user() + "&password=" + postgres.password();
        Path database = folder.resolve("microblog.db");
        for (String name : List.of("node1", "node2")) {
            Container node = new Container(Kind.JETTY_12, Container.packagedWar(), List.of(""))
                    .jettyBase(base)
                    .jettyProperty("jetty.sessionIdManager.workerName", name)
                    .jettyProperty("jetty.session.jdbc.driverUrl", sessions)
                    // With --exec (microblog.ini) the server runs in a JVM that start.jar forks: it gets system
                    // properties and JVM options only from start.jar's arguments, not from start.jar's own JVM.
                    .jettyProperty("-Dmicroblog.db", database.toString())
                    .jettyProperty("-Dmicroblog.pbkdf2.iterations", "1000")
                    .jettyProperty("-XX:TieredStopAtLevel", "1");
            NODES.add(node);
            // One after the other, as sessions.ini tells operators: the first node creates the sessions table.
            node.startOn(Runnable::run);
            node.uri("");
        }
    }

    @AfterAll
    static void stopNodes() {
        NODES.parallelStream().forEach(Container::close);
    }

    @Test
    void everyNodeServesTheSessionAnotherNodeStarted() throws SQLException {
        Visitor visitor = new Visitor();
        visitor.signUpOn(0);

        HttpResponse<String> login = visitor.on(1, b -> b.submit("/login", Map.of("username", visitor.name,
                "password", PASSWORD)));
        assertEquals(302, login.statusCode(), login.body());
        // Jetty's cookie value is the session's id, a dot and the worker name of the node that last sent it.
        String cookie = visitor.jar.get("JSESSIONID");
        String id = cookie.substring(0, cookie.lastIndexOf('.'));
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
            assertTrue(Container.column(db, "SELECT sessionId FROM JettySessions").contains(id), cookie);
        }
        for (int i = 0; i < 40; i++) {
            int node = i % 2;
            HttpResponse<String> index = visitor.on(node, b -> b.get("/index"));
            assertEquals(200, index.statusCode(), "request " + i + " on node " + node);
            assertTrue(index.body().contains("<h1>Hi, " + visitor.name + "!</h1>"), "request " + i + " on node "
                    + node);
        }
    }

    @Test
    void formFromOneNodeIsPostedOnTheOther() {
        Visitor visitor = new Visitor();
        visitor.signInOn(0);

        String token = visitor.csrfTokenOn(0, "/index");
        HttpResponse<String> posted = visitor.on(1, b -> b.post("/index",
                Map.of("post", "written across nodes", "csrf_token", token)));
        assertEquals(302, posted.statusCode(), posted.body());
        assertEquals("/index", visitor.browsers[1].location(posted));
        // The flash was put in the session on node 2 and is shown, once, by node 1.
        HttpResponse<String> index = visitor.on(0, b -> b.get("/index"));
        assertTrue(index.body().contains("Your post is now live!"), index.body());
        assertTrue(index.body().contains("written across nodes"), index.body());
        assertFalse(visitor.on(1, b -> b.get("/index")).body().contains("Your post is now live!"));
    }

    @Test
    void logoutOnOneNodeHoldsOnTheOther() {
        Visitor visitor = new Visitor();
        visitor.signInOn(0);

        String token = visitor.csrfTokenOn(1, "/index");
        HttpResponse<String> logout = visitor.on(0, b -> b.post("/logout", Map.of("csrf_token", token)));
        assertEquals(302, logout.statusCode(), logout.body());
        HttpResponse<String> index = visitor.on(1, b -> b.get("/index"));
        assertEquals(302, index.statusCode(), index.body());
        assertEquals("/login?next=%2Findex", visitor.browsers[1].location(index));
    }

    @Test
    void rememberMeRestoresTheSignInOnTheOtherNode() {
        Visitor visitor = new Visitor();
        visitor.signUpOn(0);
        visitor.on(0, b -> b.submit("/login", Map.of("username", visitor.name, "password", PASSWORD,
                "remember_me", "y")));
        assertTrue(visitor.jar.containsKey("remember_token"), visitor.jar.toString());

        visitor.jar.remove("JSESSIONID");                       // the browser was closed and reopened
        HttpResponse<String> restored = visitor.on(1, b -> b.get("/index"));
        assertEquals(200, restored.statusCode());
        assertTrue(restored.body().contains("<h1>Hi, " + visitor.name + "!</h1>"));
        // The session node 2 started for it serves on node 1 too.
        HttpResponse<String> next = visitor.on(0, b -> b.get("/index"));
        assertTrue(next.body().contains("<h1>Hi, " + visitor.name + "!</h1>"));
    }

    @Test
    void nodeKilledMidVisitCostsTheSessionNothing() throws Exception {
        Visitor visitor = new Visitor();
        visitor.signInOn(0);
        CountDownLatch halfway = new CountDownLatch(1);
        CompletableFuture<Void> killed = CompletableFuture.runAsync(() -> {
            try {
                halfway.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            NODES.get(1).kill();
        });

        try {
            for (int i = 0; i < 40; i++) {
                if (i == 10) {
                    halfway.countDown();
                }
                if (i == 30) {
                    killed.get();
                }
                HttpResponse<String> index = visitor.balanced(b -> b.get("/index"));
                assertTrue(index.statusCode() < 500, "request " + i + ": " + index.statusCode());
                assertTrue(index.body().contains("<h1>Hi, " + visitor.name + "!</h1>"), "request " + i);
            }
            // From request 30 on, node 2 is surely dead: its five turns went to node 1.
            assertTrue(visitor.failovers >= 5, "failovers: " + visitor.failovers);
            String token = visitor.csrfTokenOn(0, "/index");
            HttpResponse<String> posted = visitor.on(0, b -> b.post("/index",
                    Map.of("post", "after the crash", "csrf_token", token)));
            assertEquals(302, posted.statusCode());
        } finally {
            killed.get();
            NODES.get(1).restart();
        }
        // Back after the crash, the node serves the same session.
        HttpResponse<String> index = visitor.on(1, b -> b.get("/index"));
        assertTrue(index.body().contains("<h1>Hi, " + visitor.name + "!</h1>"));
        assertTrue(index.body().contains("after the crash"));
    }

    /**
     * One person's browser (one cookie jar) behind the balancer: each request goes to the node a test names, or
     * round robin; a GET that cannot reach a node goes to the next, as nginx's {@code proxy_next_upstream} does.
     */
    private static final class Visitor {
        final String name = "cluster" + VISITORS.incrementAndGet();
        final Map<String, String> jar = new LinkedHashMap<>();
        final Browser[] browsers = NODES.stream().map(node -> new Browser(node.uri(""), "")).toArray(Browser[]::new);
        int next;
        int failovers;

        HttpResponse<String> on(int node, Function<Browser, HttpResponse<String>> request) {
            Browser browser = browsers[node];
            browser.cookies().clear();
            browser.cookies().putAll(jar);
            try {
                return request.apply(browser);
            } finally {
                jar.clear();
                jar.putAll(browser.cookies());
            }
        }

        HttpResponse<String> balanced(Function<Browser, HttpResponse<String>> get) {
            int node = next;
            next = (next + 1) % browsers.length;
            try {
                return on(node, get);
            } catch (UncheckedIOException down) {
                failovers++;
                return on((node + 1) % browsers.length, get);
            }
        }

        String csrfTokenOn(int node, String page) {
            HttpResponse<String> form = on(node, b -> b.get(page));
            return Browser.csrfToken(form.body())
                    .orElseThrow(() -> new AssertionError("no csrf_token on " + page + ": " + form.statusCode()));
        }

        void signUpOn(int node) {
            HttpResponse<String> registered = on(node, b -> b.submit("/register", Map.of("username", name,
                    "email", name + "@example.com", "password", PASSWORD, "password2", PASSWORD)));
            assertEquals(302, registered.statusCode(), registered.body());
        }

        void signInOn(int node) {
            signUpOn(node);
            HttpResponse<String> login = on(1 - node, b -> b.submit("/login", Map.of("username", name,
                    "password", PASSWORD)));
            assertEquals(302, login.statusCode(), login.body());
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
