package microblog.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import microblog.deploy.Container.Kind;
import microblog.testing.Folders;
import microblog.testing.Nginx;
import microblog.testing.PostgresCluster;
import microblog.testing.TestMailServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stock Jetty 12 nodes set up from the shipped {@code deploy/jetty-base} (sessions in one PostgreSQL database
 * through session-store-jdbc on a HikariCP pool, no session cache; the app's data, limits and outbox in another;
 * both mail senders on one GreenMail), visited through Debian's nginx configured from the shipped
 * {@code deploy/nginx/microblog.conf} (round robin, no stickiness): any node serves any request of a session, and a
 * node killed with SIGKILL costs the visitor nothing. The last test kills a node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JettyClusterIT {
    private static final Path SHIPPED = Path.of("deploy/jetty-base");
    private static final String PASSWORD = "quiet lantern 42";
    private static final AtomicInteger VISITORS = new AtomicInteger();

    @RegisterExtension
    static final PostgresCluster postgres = new PostgresCluster();

    @RegisterExtension
    static final Nginx nginx = new Nginx();

    @RegisterExtension
    static final TestMailServer mail = new TestMailServer();

    @TempDir
    static Path folder;

    private static final List<Container> NODES = new ArrayList<>();
    private static AppDatabase database;

    @BeforeAll
    static void startNodes() throws IOException, URISyntaxException {
        if (!nginx.installed()) {
            return;                                             // every test skips, saying how to install it
        }
        // Apart from the sessions' database, as an operator keeps them: each can be moved, backed up, sized alone.
        database = AppDatabase.create(postgres, "jetty_microblog");
        // The operator's jetty.base: the shipped files with their placeholders filled in, and the PostgreSQL driver
        // and HikariCP (the sessions' pool) dropped into lib/ext/.
        Path base = folder.resolve("jetty-base");
        Folders.copy(SHIPPED, base);
        Path ini = base.resolve("start.d/microblog.ini");
        String filled = ClusterChecks.fillIn(Files.readString(ini, StandardCharsets.UTF_8), Map.of(
                "@MICROBLOG_DB@", database.url(), "@MICROBLOG_DB_USER@", database.user(),
                "@MICROBLOG_BASE_URL@", nginx.uri().toString(),
                "@MICROBLOG_MAIL_HOST@", "127.0.0.1", "@MICROBLOG_MAIL_PORT@", String.valueOf(mail.port())));
        Files.writeString(ini, filled, StandardCharsets.UTF_8);
        Files.createDirectories(base.resolve("lib/ext"));
        for (Class<?> jarOf : List.of(org.postgresql.Driver.class, com.zaxxer.hikari.HikariDataSource.class)) {
            Path jar = Path.of(jarOf.getProtectionDomain().getCodeSource().getLocation().toURI());
            Files.copy(jar, base.resolve("lib/ext").resolve(jar.getFileName()));
        }
        List<URI> uris = new ArrayList<>();
        for (String name : List.of("node1", "node2")) {
            Container node = new Container(Kind.JETTY_12, Container.packagedWar(), List.of(""))
                    .jettyBase(base)
                    .jettyProperty("jetty.sessionIdManager.workerName", name)
                    .jettyProperty("sessions.db.url", postgres.jdbcUrl())
                    .jettyProperty("sessions.db.user", postgres.user())
                    .environment("MICROBLOG_SESSIONS_DB_PASSWORD", postgres.password())
                    // As microblog.ini says: from the service's environment, not a -D option that ps shows.
                    .environment("MICROBLOG_DB_PASSWORD", database.password())
                    // With --exec (microblog.ini) the server runs in a JVM that start.jar forks: it gets system
                    // properties and JVM options only from start.jar's arguments, not from start.jar's own JVM.
                    .jettyProperty("-Dmicroblog.pbkdf2.iterations", "1000")
                    // Every visitor of this class comes from 127.0.0.1: more registrations and reset requests
                    // than the 10 an hour allowed.
                    .jettyProperty("-Dmicroblog.throttle.register.hour", "100")
                    .jettyProperty("-Dmicroblog.throttle.reset.address", String.valueOf(ClusterChecks.RESETS))
                    .jettyProperty("-XX:TieredStopAtLevel", "1");
            NODES.add(node);
            // One after the other, as sessions.ini tells operators: the first node creates the sessions table.
            node.startOn(Runnable::run);
            uris.add(node.uri(""));
        }
        assertEquals(nginx.uri(), nginx.start(uris), "the balancer is where microblog.base.url says");
    }

    @AfterAll
    static void stopNodes() {
        NODES.parallelStream().forEach(Container::close);
    }

    @Test
    @Order(1)
    void everyNodeServesTheSessionAnotherNodeStarted() throws SQLException {
        Visitor visitor = new Visitor();
        visitor.signUp();

        HttpResponse<String> login = visitor.submit("/login", Map.of("username", visitor.name,
                "password", PASSWORD));
        assertEquals(302, login.statusCode(), login.body());
        // Jetty's cookie value is the session's id, a dot and the worker name of the node that last sent it.
        String cookie = visitor.browser().cookie("JSESSIONID").orElseThrow();
        String id = cookie.substring(0, cookie.lastIndexOf('.'));
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
            assertTrue(Container.column(db, "SELECT sessionId FROM JettySessions").contains(id), cookie);
            long connectionsBefore = sessionsDatabaseConnections(db);
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> index = visitor.get("/index");
                assertEquals(200, index.statusCode(), "request " + i + " on node " + visitor.lastNode());
                assertTrue(index.body().contains("<h1>Hi, " + visitor.name + "!</h1>"), "request " + i
                        + " on node " + visitor.lastNode());
            }
            // Each request reads its session and may write it: without the pool each would open connections.
            long opened = sessionsDatabaseConnections(db) - connectionsBefore;
            assertTrue(opened <= 2 * 10, opened + " connections to the sessions database opened for 40 requests: "
                    + "more than the two nodes' pools (sessions.db.maxPoolSize, 10) hold");
        }
        // The sign-in's address is the client's, from nginx's X-Forwarded-For, not nginx's own.
        String account = visitor.get("/account").body();
        assertTrue(account.contains("127.0.0.1</p>"), account);
        assertFalse(account.contains(Nginx.OWN_ADDRESS), account);
        visitor.assertAlternated();
    }

    @Test
    @Order(2)
    void formFromOneNodeIsPostedOnTheOther() {
        Visitor visitor = new Visitor();
        visitor.signIn();

        String token = visitor.csrfToken("/index");
        HttpResponse<String> posted = visitor.post("/index", Map.of("post", "written across nodes",
                "csrf_token", token));
        assertEquals(302, posted.statusCode(), posted.body());
        assertEquals("/index", visitor.location(posted));
        // The flash was put in the session on one node and is shown, once, by the other.
        HttpResponse<String> index = visitor.get("/index");
        assertTrue(index.body().contains("Your post is now live!"), index.body());
        assertTrue(index.body().contains("written across nodes"), index.body());
        assertFalse(visitor.get("/index").body().contains("Your post is now live!"));
        visitor.assertAlternated();
    }

    @Test
    @Order(3)
    void logoutOnOneNodeHoldsOnTheOther() {
        Visitor visitor = new Visitor();
        visitor.signIn();

        String token = visitor.csrfToken("/index");
        HttpResponse<String> logout = visitor.post("/logout", Map.of("csrf_token", token));
        assertEquals(302, logout.statusCode(), logout.body());
        HttpResponse<String> index = visitor.get("/index");
        assertEquals(302, index.statusCode(), index.body());
        assertEquals("/login?next=%2Findex", visitor.location(index));
        visitor.assertAlternated();
    }

    @Test
    @Order(4)
    void rememberMeRestoresTheSignInOnTheOtherNode() {
        Visitor visitor = new Visitor();
        visitor.signUp();
        visitor.submit("/login", Map.of("username", visitor.name, "password", PASSWORD, "remember_me", "y"));
        assertTrue(visitor.browser().cookie("remember_token").isPresent(), visitor.browser().cookies().toString());

        visitor.browser().dropCookie("JSESSIONID");             // the browser was closed and reopened
        HttpResponse<String> restored = visitor.get("/index");
        assertEquals(200, restored.statusCode());
        assertTrue(restored.body().contains("<h1>Hi, " + visitor.name + "!</h1>"));
        // The session one node started for it serves on the other too.
        HttpResponse<String> next = visitor.get("/index");
        assertTrue(next.body().contains("<h1>Hi, " + visitor.name + "!</h1>"));
        visitor.assertAlternated();
    }

    @Test
    @Order(5)
    void logOutEverywhereElseHoldsOnBothNodes() {
        ClusterChecks.logOutEverywhereElseHoldsOnBothNodes(nginx, "cluster" + VISITORS.incrementAndGet(), PASSWORD);
    }

    @Test
    @Order(6)
    void failedLoginsSpreadOverBothNodesMeetOneLimit() {
        ClusterChecks.failedLoginsSpreadOverBothNodesMeetOneLimit(nginx, "cluster" + VISITORS.incrementAndGet(),
                PASSWORD);
    }

    /** Both nodes' mail senders read one outbox: each reset mail comes once, and its link works on either node. */
    @Test
    @Order(7)
    void eachResetMailIsSentOnceWithTwoSendersRunning() {
        ClusterChecks.eachResetMailIsSentOnceAndItsLinkWorks(nginx, mail, database, "resetter", ClusterChecks.RESETS, PASSWORD);
    }

    /** The app's data is in PostgreSQL: its users table there has this class's users, and no node made a SQLite file. */
    @Test
    @Order(8)
    void theAppsDataLivesInPostgresqlOnly() {
        assertTrue(database.column("SELECT username FROM users").containsAll(List.of("cluster1", "cluster2")));
        ClusterChecks.noSqliteFile(NODES, folder);
    }

    /** The databases' passwords are handed over in the environment: they show in no log and on no command line. */
    @Test
    @Order(9)
    void theDatabasePasswordShowsInNoLogNorCommandLine() {
        ClusterChecks.passwordInNoLogNorCommandLine(NODES, database.password());
        ClusterChecks.passwordInNoLogNorCommandLine(NODES, postgres.password());       // the sessions' database
    }

    /** Last: nginx counts the killed node as failed for a while after its restart. */
    @Test
    @Order(10)
    void nodeKilledMidVisitCostsTheSessionNothing() throws Exception {
        Visitor visitor = new Visitor();
        visitor.signIn();
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
                HttpResponse<String> index = visitor.get("/index");
                // nginx sends a GET the dead node refused or dropped to the other: not even the one in flight fails.
                assertEquals(200, index.statusCode(), "request " + i + ": " + nginx.accessLog());
                assertTrue(index.body().contains("<h1>Hi, " + visitor.name + "!</h1>"), "request " + i);
                if (i >= 30) {
                    assertEquals(0, visitor.lastNode(), "request " + i + " after the kill");
                }
            }
            assertTrue(visitor.failovers() >= 1, "nginx never retried on the other node:\n" + nginx.accessLog());
            String token = visitor.csrfToken("/index");
            HttpResponse<String> posted = visitor.post("/index", Map.of("post", "after the crash",
                    "csrf_token", token));
            assertEquals(302, posted.statusCode());
        } finally {
            killed.get();
            NODES.get(1).restart();
        }
        // Back after the crash (nginx tries it again after its fail_timeout, 10 s), the node serves the same session.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> index;
        do {
            Thread.sleep(200);
            index = visitor.get("/index");
            assertTrue(index.body().contains("<h1>Hi, " + visitor.name + "!</h1>"), index.body());
        } while (visitor.lastNode() != 1 && System.nanoTime() < deadline);
        assertEquals(1, visitor.lastNode(), "the restarted node got no request back:\n" + nginx.accessLog());
        assertTrue(index.body().contains("after the crash"));
    }

    /** A {@link BalancerVisitor} with a name of its own and this class's password. */
    private static final class Visitor extends BalancerVisitor {
        final String name = "cluster" + VISITORS.incrementAndGet();

        Visitor() {
            super(nginx);
        }

        void signUp() {
            register(name, PASSWORD);
        }

        void signIn() {
            signUp();
            logIn(name, PASSWORD);
        }
    }

    /** How many connections PostgreSQL has counted to the sessions' database since it was created. */
    private static long sessionsDatabaseConnections(Connection db) throws SQLException {
        return Long.parseLong(Container.column(db,
                "SELECT sessions FROM pg_stat_database WHERE datname = current_database()").get(0));
    }
}
