package microblog.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
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
 * Two stock Tomcat 11 nodes set up from deploy/tomcat (sessions in one PostgreSQL database through the
 * PersistentValve, the app's data, limits and outbox in another, both mail senders on one GreenMail), visited with one
 * cookie jar through Debian's nginx configured from the shipped deploy/nginx/microblog.conf: round robin without
 * sticky sessions, so a visitor's requests alternate between the nodes (which each test checks in nginx's answers).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatClusterIT {
    private static final Path DEPLOY = Path.of("deploy/tomcat");
    private static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final PostgresCluster postgres = new PostgresCluster();

    @RegisterExtension
    static final Nginx nginx = new Nginx();

    @RegisterExtension
    static final TestMailServer mail = new TestMailServer();

    @TempDir
    static Path shared;

    private static final ExecutorService executor = Executors.newCachedThreadPool();
    private static final List<Container> nodes = new ArrayList<>();
    private static AppDatabase database;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        if (!nginx.installed()) {
            return;                                             // every test skips, saying how to install it
        }
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                Statement statement = db.createStatement()) {
            statement.execute(Files.readString(DEPLOY.resolve("sessions.sql"), StandardCharsets.UTF_8));
        }
        // Apart from the sessions' database, as an operator keeps them: each can be moved, backed up, sized alone.
        database = AppDatabase.create(postgres, "tomcat_microblog");
        Setenv setenv = setenv(Map.of("@MICROBLOG_DB@", database.url(),
                "@MICROBLOG_DB_USER@", database.user(), "@MICROBLOG_DB_PASSWORD@", database.password(),
                "@MICROBLOG_BASE_URL@", nginx.uri().toString(),
                "@MICROBLOG_MAIL_HOST@", "127.0.0.1", "@MICROBLOG_MAIL_PORT@", String.valueOf(mail.port())));
        for (int i = 0; i < 2; i++) {
            Container node = new Container(Container.Kind.TOMCAT_11, Container.packagedWar(), List.of(""));
            setenv.applyTo(node);
            // Test only: every visitor of this class comes from 127.0.0.1: more registrations and reset requests
            // than the 10 an hour allowed.
            node.setting("microblog.throttle.register.hour", "100");
            node.setting("microblog.throttle.reset.address", String.valueOf(ClusterChecks.RESETS));
            node.tomcatFile("conf/Catalina/localhost/ROOT.xml", DEPLOY.resolve("conf/Catalina/localhost/ROOT.xml"),
                    Map.of("@SESSIONS_JDBC_URL@", xml(postgres.jdbcUrl()), "@SESSIONS_USER@", xml(postgres.user()),
                            "@SESSIONS_PASSWORD@", xml(postgres.password())));
            node.tomcatFile("lib/postgresql.jar", postgresDriver(), Map.of());
            nodes.add(node);
        }
        // One after the other, as an operator would start them the first time (the migrations would wait for each
        // other on PostgreSQL's advisory lock anyway).
        List<URI> uris = new ArrayList<>();
        for (Container node : nodes) {
            node.startOn(executor);
            uris.add(node.uri(""));
        }
        assertEquals(nginx.uri(), nginx.start(uris), "the balancer is where microblog.base.url says");
    }

    @AfterAll
    static void stopNodes() {
        for (int i = 0; i < nodes.size(); i++) {                // into target/failsafe-reports/*-output.txt
            System.out.println("===== node " + i + " =====" + nodes.get(i).logs());
        }
        nodes.forEach(Container::close);
        executor.shutdownNow();
    }

    @Test
    @Order(1)
    void userRegisteredOnOneNodeLogsInOnTheOtherAndStaysSignedInOnBoth() {
        BalancerVisitor visitor = new BalancerVisitor(nginx);
        HttpResponse<String> registered = visitor.submit("/register", Map.of("username", "susan",
                "email", "susan@example.com", "password", PASSWORD, "password2", PASSWORD));
        assertEquals(302, registered.statusCode(), registered.body());
        assertTrue(visitor.get("/login").body()
                .contains("Congratulations, you are now a registered user!"), "the flash crossed to the other node");
        String anonymousSession = visitor.browser().cookie("JSESSIONID").orElseThrow();

        HttpResponse<String> login = visitor.submit("/login", Map.of("username", "susan", "password", PASSWORD));
        assertEquals("/index", visitor.location(login));
        String session = visitor.browser().cookie("JSESSIONID").orElseThrow();
        assertNotEquals(anonymousSession, session, "a new session id at login");
        assertEquals(List.of("1"), storedSessions(session), "the session lives in PostgreSQL");

        for (int i = 0; i < 40; i++) {
            HttpResponse<String> index = visitor.get("/index");
            assertEquals(200, index.statusCode(), "request " + i + " to node " + visitor.lastNode());
            assertTrue(index.body().contains("<h1>Hi, susan!</h1>"), "request " + i + " to node "
                    + visitor.lastNode());
        }
        // The sign-in's address is the client's, from nginx's X-Forwarded-For, not nginx's own.
        String account = visitor.get("/account").body();
        assertTrue(account.contains("127.0.0.1</p>"), account);
        assertFalse(account.contains(Nginx.OWN_ADDRESS), account);
        visitor.assertAlternated();

        BalancerVisitor fixated = new BalancerVisitor(nginx);
        fixated.browser().setCookie("JSESSIONID", anonymousSession);
        for (int i = 0; i < 2; i++) {                           // on either node
            assertEquals("/login?next=%2Findex", fixated.location(fixated.get("/index")),
                    "the session id from before the login signs nobody in");
        }
        fixated.assertAlternated();
    }

    @Test
    @Order(2)
    void formFromOneNodePostsOnTheOther() {
        BalancerVisitor visitor = signedIn("tom");
        for (int round = 0; round < 2; round++) {
            String text = "written in round " + round;
            HttpResponse<String> posted = visitor.submit("/index", Map.of("post", text));
            assertEquals("/index", visitor.location(posted), posted.body());
            String page = visitor.get("/index").body();
            assertTrue(page.contains("Your post is now live!"), page);
            assertTrue(page.contains(text), page);
        }
        visitor.assertAlternated();
    }

    @Test
    @Order(3)
    void logoutOnOneNodeHoldsOnTheOther() {
        BalancerVisitor visitor = signedIn("ann");
        String session = visitor.browser().cookie("JSESSIONID").orElseThrow();
        HttpResponse<String> logout = visitor.submit("/index", "/logout", Map.of());
        assertEquals(302, logout.statusCode(), logout.body());

        HttpResponse<String> next = visitor.get("/index");
        assertEquals("/login?next=%2Findex", visitor.location(next));
        assertTrue(visitor.get(visitor.location(next)).body()
                .contains("Please log in to access this page."), "the flash set on one node shows on the other");
        visitor.assertAlternated();

        BalancerVisitor replay = new BalancerVisitor(nginx);
        replay.browser().setCookie("JSESSIONID", session);
        for (int i = 0; i < 2; i++) {                           // the node that logged out and the other one
            assertEquals("/login?next=%2Findex", replay.location(replay.get("/index")),
                    "the old session cookie is dead on both nodes");
        }
        replay.assertAlternated();
    }

    @Test
    @Order(4)
    void rememberMeCookieRestoresTheSignInOnTheOtherNode() {
        BalancerVisitor visitor = new BalancerVisitor(nginx);
        register(visitor, "max");
        HttpResponse<String> login = visitor.submit("/login",
                Map.of("username", "max", "password", PASSWORD, "remember_me", "y"));
        assertEquals("/index", visitor.location(login));
        assertTrue(visitor.browser().cookie("remember_token").isPresent());

        visitor.browser().dropCookie("JSESSIONID");             // the browser was closed and reopened
        HttpResponse<String> restored = visitor.get("/index");
        assertEquals(200, restored.statusCode(), restored.body());
        assertTrue(restored.body().contains("<h1>Hi, max!</h1>"));
        assertTrue(visitor.browser().cookie("JSESSIONID").isPresent(), "the restored sign-in has a session again");
        for (int i = 0; i < 4; i++) {
            assertTrue(visitor.get("/index").body().contains("<h1>Hi, max!</h1>"), "node " + visitor.lastNode());
        }
        visitor.assertAlternated();
    }

    /** "Log out everywhere else" on the account page: the other browser is anonymous on both nodes, this one stays. */
    @Test
    @Order(5)
    void logOutEverywhereElseHoldsOnBothNodes() {
        ClusterChecks.logOutEverywhereElseHoldsOnBothNodes(nginx, "eve", PASSWORD);
    }

    /** Ten wrong passwords spread over both nodes are ten: the eleventh try is held back on either node. */
    @Test
    @Order(6)
    void failedLoginsSpreadOverBothNodesMeetOneLimit() {
        ClusterChecks.failedLoginsSpreadOverBothNodesMeetOneLimit(nginx, "guarded", PASSWORD);
    }

    /** Both nodes' mail senders read one outbox: each reset mail comes once, and its link works on either node. */
    @Test
    @Order(7)
    void eachResetMailIsSentOnceWithTwoSendersRunning() {
        ClusterChecks.eachResetMailIsSentOnceAndItsLinkWorks(nginx, mail, database, "reader", ClusterChecks.RESETS, PASSWORD);
    }

    /** The app's data is in PostgreSQL: its users table there has this class's users, and no node made a SQLite file. */
    @Test
    @Order(8)
    void theAppsDataLivesInPostgresqlOnly() {
        assertTrue(database.column("SELECT username FROM users").containsAll(List.of("susan", "tom", "eve")));
        ClusterChecks.noSqliteFile(nodes, shared);
    }

    /** The database password is handed over in the environment: it shows in no log and on no command line. */
    @Test
    @Order(9)
    void theDatabasePasswordShowsInNoLogNorCommandLine() {
        ClusterChecks.passwordInNoLogNorCommandLine(nodes, database.password());
    }

    /** Last: node 0 stays dead. */
    @Test
    @Order(10)
    void nodeKilledMidRunCostsTheVisitorNothing() throws Exception {
        BalancerVisitor visitor = signedIn("kim");
        AtomicBoolean stop = new AtomicBoolean();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicIntegerArray served = new AtomicIntegerArray(2);
        // nginx sends a GET that a node refused or cut to the other node (proxy_next_upstream error timeout).
        Future<?> visits = executor.submit(() -> {
            while (!stop.get()) {
                HttpResponse<String> index = visitor.get("/index");
                int node = nginx.node(index);
                if (index.statusCode() != 200 || !index.body().contains("<h1>Hi, kim!</h1>")) {
                    failures.add(index.statusCode() + " from node " + node);
                }
                served.incrementAndGet(node);
            }
            return null;
        });
        while (served.get(0) + served.get(1) < 20 && !visits.isDone()) {
            Thread.sleep(20);
        }
        nodes.get(0).kill();
        int afterKill = served.get(1);
        while (served.get(1) < afterKill + 20 && !visits.isDone()) {
            Thread.sleep(20);
        }
        stop.set(true);
        visits.get(30, TimeUnit.SECONDS);

        // Not even the request in flight at the kill failed: nginx retried it on the survivor.
        assertEquals(List.of(), failures, nginx.accessLog());
        assertTrue(served.get(0) > 0, "both nodes served before the kill");
        assertTrue(served.get(1) >= afterKill + 20, "the survivor kept serving");
        assertTrue(visitor.failovers() >= 1, "nginx never retried on the other node:\n" + nginx.accessLog());
        String text = "after the crash";
        HttpResponse<String> posted = visitor.submit("/index", Map.of("post", text));
        assertEquals("/index", visitor.location(posted));
        assertTrue(visitor.get("/index").body().contains(text));
        assertEquals(1, visitor.lastNode());
        assertFalse(nodes.get(1).logs().contains("SEVERE"), nodes.get(1).logs());
    }

    private static BalancerVisitor signedIn(String name) {
        return BalancerVisitor.signedIn(nginx, name, PASSWORD);
    }

    private static void register(BalancerVisitor visitor, String name) {
        visitor.register(name, PASSWORD);
    }

    /** What the shipped bin/setenv.sh gives Tomcat's JVM: system properties (CATALINA_OPTS) and exported variables. */
    private record Setenv(Map<String, String> properties, Map<String, String> environment) {
        void applyTo(Container node) {
            properties.forEach(node::setting);
            environment.forEach(node::environment);
        }
    }

    /**
     * The shipped bin/setenv.sh, its placeholders filled in, sourced by sh as catalina.sh does (in an empty
     * environment, so that only what it exports is seen), so the file itself is what the nodes run with.
     */
    private static Setenv setenv(Map<String, String> placeholders) throws IOException, InterruptedException {
        String script = ClusterChecks.fillIn(Files.readString(DEPLOY.resolve("bin/setenv.sh"),
                StandardCharsets.UTF_8), placeholders);
        Path filled = shared.resolve("setenv.sh");
        Files.writeString(filled, script);
        Process sh = new ProcessBuilder("env", "-i", "PATH=/usr/bin:/bin", "sh", "-c",
                ". \"$1\" && printf '%s\\n' $CATALINA_OPTS && echo -- && env", "sh", filled.toString())
                .redirectErrorStream(true).start();
        String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, sh.waitFor(), output);
        String[] parts = output.split("\n--\n", 2);
        assertEquals(2, parts.length, output);
        Map<String, String> properties = new LinkedHashMap<>();
        for (String option : parts[0].strip().split("\n")) {
            assertTrue(option.startsWith("-D") && option.contains("="), "only -Dname=value expected: " + option);
            properties.put(option.substring(2, option.indexOf('=')), option.substring(option.indexOf('=') + 1));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (String variable : parts[1].strip().split("\n")) {
            if (variable.startsWith("MICROBLOG_")) {
                environment.put(variable.substring(0, variable.indexOf('=')),
                        variable.substring(variable.indexOf('=') + 1));
            }
        }
        assertEquals(placeholders.get("@MICROBLOG_DB@"), properties.get("microblog.db"));
        assertEquals("database", properties.get("microblog.throttle.store"));
        assertEquals("X-Forwarded-For", properties.get("microblog.client.header"));
        assertEquals(Map.of("MICROBLOG_DB_PASSWORD", placeholders.get("@MICROBLOG_DB_PASSWORD@")), environment,
                "the password in the environment only");
        assertFalse(properties.containsKey("microblog.db.password"), "no password among the JVM options");
        return new Setenv(properties, environment);
    }

    /** The PostgreSQL JDBC driver's jar on the test class path (from ~/.m2), as an operator puts it in lib/. */
    private static Path postgresDriver() throws Exception {
        return Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** How many rows of the sessions table hold this session id. */
    private static List<String> storedSessions(String id) {
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
            return Container.column(db, "SELECT count(*) FROM tomcat_sessions WHERE id = '"
                    + id.replace("'", "") + "'");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static String xml(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
