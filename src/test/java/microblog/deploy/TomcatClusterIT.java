package microblog.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.function.Function;
import microblog.testing.Browser;
import microblog.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stock Tomcat 11 nodes set up from deploy/tomcat (sessions in PostgreSQL through the PersistentValve, the app's
 * data in one shared SQLite file), visited in strict alternation with one cookie jar, as a round-robin balancer
 * without sticky sessions would send a visitor's requests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatClusterIT {
    private static final Path DEPLOY = Path.of("deploy/tomcat");
    private static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final PostgresCluster postgres = new PostgresCluster();

    @TempDir
    static Path shared;

    private static final ExecutorService executor = Executors.newCachedThreadPool();
    private static final List<Container> nodes = new ArrayList<>();
    private static final List<URI> uris = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() throws Exception {
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                Statement statement = db.createStatement()) {
            statement.execute(Files.readString(DEPLOY.resolve("sessions.sql"), StandardCharsets.UTF_8));
        }
        Map<String, String> settings = setenv(shared.resolve("microblog.db"));
        for (int i = 0; i < 2; i++) {
            Container node = new Container(Container.Kind.TOMCAT_11, Container.packagedWar(), List.of(""));
            settings.forEach(node::setting);
            node.tomcatFile("conf/Catalina/localhost/ROOT.xml", DEPLOY.resolve("conf/Catalina/localhost/ROOT.xml"),
                    Map.of("@SESSIONS_JDBC_URL@", xml(postgres.jdbcUrl()), "@SESSIONS_USER@", xml(postgres.user()),
                            "@SESSIONS_PASSWORD@", xml(postgres.password())));
            node.tomcatFile("lib/postgresql.jar", postgresDriver(), Map.of());
            nodes.add(node);
        }
        // One after the other: the first start creates and migrates the shared SQLite file.
        for (Container node : nodes) {
            node.startOn(executor);
            uris.add(node.uri(""));
        }
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
        Visitor visitor = new Visitor();
        HttpResponse<String> registered = visitor.submitAcross("/register", Map.of("username", "susan",
                "email", "susan@example.com", "password", PASSWORD, "password2", PASSWORD));
        assertEquals(302, registered.statusCode(), registered.body());
        assertTrue(visitor.on(0, b -> b.get("/login")).body()
                .contains("Congratulations, you are now a registered user!"), "the flash crossed to the other node");
        String anonymousSession = visitor.cookie("JSESSIONID");

        HttpResponse<String> login = visitor.submitAcross("/login",
                Map.of("username", "susan", "password", PASSWORD));
        assertEquals("/index", visitor.location(login));
        assertNotEquals(anonymousSession, visitor.cookie("JSESSIONID"), "a new session id at login");
        assertEquals(List.of("1"), storedSessions(visitor.cookie("JSESSIONID")), "the session lives in PostgreSQL");

        for (int i = 0; i < 40; i++) {
            HttpResponse<String> index = visitor.get("/index");
            assertEquals(200, index.statusCode(), "request " + i + " to node " + visitor.last);
            assertTrue(index.body().contains("<h1>Hi, susan!</h1>"), "request " + i + " to node " + visitor.last);
        }

        Visitor fixated = new Visitor();
        fixated.jar.put("JSESSIONID", anonymousSession);
        assertEquals("/login?next=%2Findex", fixated.location(fixated.on(1, b -> b.get("/index"))),
                "the session id from before the login signs nobody in");
    }

    @Test
    @Order(2)
    void formFromOneNodePostsOnTheOther() {
        Visitor visitor = signedIn("tom");
        for (int node = 0; node < 2; node++) {
            String text = "written through node " + (1 - node);
            HttpResponse<String> posted = visitor.submitAcross(node, "/index", Map.of("post", text));
            assertEquals("/index", visitor.location(posted), posted.body());
            String page = visitor.on(node, b -> b.get("/index")).body();
            assertTrue(page.contains("Your post is now live!"), page);
            assertTrue(page.contains(text), page);
        }
    }

    @Test
    @Order(3)
    void logoutOnOneNodeHoldsOnTheOther() {
        Visitor visitor = signedIn("ann");
        String session = visitor.cookie("JSESSIONID");
        HttpResponse<String> logout = visitor.submitAcross("/index", "/logout", Map.of());
        assertEquals(302, logout.statusCode(), logout.body());

        HttpResponse<String> next = visitor.on(1, b -> b.get("/index"));
        assertEquals("/login?next=%2Findex", visitor.location(next));
        assertTrue(visitor.on(0, b -> b.get(visitor.location(next))).body()
                .contains("Please log in to access this page."), "the flash set on one node shows on the other");

        Visitor replay = new Visitor();
        replay.jar.put("JSESSIONID", session);
        assertEquals("/login?next=%2Findex", replay.location(replay.on(0, b -> b.get("/index"))),
                "the old session cookie is dead on the node that did not log out");
    }

    @Test
    @Order(4)
    void rememberMeCookieRestoresTheSignInOnTheOtherNode() {
        Visitor visitor = new Visitor();
        register(visitor, "max");
        HttpResponse<String> login = visitor.submitAcross("/login",
                Map.of("username", "max", "password", PASSWORD, "remember_me", "y"));
        assertEquals("/index", visitor.location(login));
        assertTrue(visitor.jar.containsKey("remember_token"));

        visitor.jar.remove("JSESSIONID");                       // the browser was closed and reopened
        HttpResponse<String> restored = visitor.on(1, b -> b.get("/index"));
        assertEquals(200, restored.statusCode(), restored.body());
        assertTrue(restored.body().contains("<h1>Hi, max!</h1>"));
        assertTrue(visitor.jar.containsKey("JSESSIONID"), "the restored sign-in has a session again");
        for (int i = 0; i < 4; i++) {
            assertTrue(visitor.get("/index").body().contains("<h1>Hi, max!</h1>"), "node " + visitor.last);
        }
    }

    /** Last: node 0 stays dead. */
    @Test
    @Order(5)
    void nodeKilledMidRunCostsTheVisitorNothing() throws Exception {
        Visitor visitor = signedIn("kim");
        AtomicBoolean stop = new AtomicBoolean();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicIntegerArray served = new AtomicIntegerArray(2);
        // As a balancer does: a request the node cannot take (connection refused or cut) goes to the other node.
        Future<?> visits = executor.submit(() -> {
            while (!stop.get()) {
                HttpResponse<String> index = visitor.getWithFailover("/index");
                if (index.statusCode() != 200 || !index.body().contains("<h1>Hi, kim!</h1>")) {
                    failures.add(index.statusCode() + " from node " + visitor.last);
                }
                served.incrementAndGet(visitor.last);
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

        assertEquals(List.of(), failures);
        assertTrue(served.get(1) >= afterKill + 20, "the survivor kept serving");
        String text = "after the crash";
        HttpResponse<String> posted = visitor.on(1, b -> b.submit("/index", Map.of("post", text)));
        assertEquals("/index", visitor.location(posted));
        assertTrue(visitor.on(1, b -> b.get("/index")).body().contains(text));
        assertFalse(nodes.get(1).logs().contains("SEVERE"), nodes.get(1).logs());
    }

    private static Visitor signedIn(String name) {
        Visitor visitor = new Visitor();
        register(visitor, name);
        HttpResponse<String> login = visitor.submitAcross("/login", Map.of("username", name, "password", PASSWORD));
        assertEquals("/index", visitor.location(login));
        return visitor;
    }

    private static void register(Visitor visitor, String name) {
        HttpResponse<String> registered = visitor.submitAcross("/register", Map.of("username", name,
                "email", name + "@example.com", "password", PASSWORD, "password2", PASSWORD));
        assertEquals("/login", visitor.location(registered), registered.body());
    }

    /**
     * The system properties the shipped bin/setenv.sh gives the JVM, its placeholder filled in: sourced by sh as
     * catalina.sh does, so the file itself is what the nodes run with.
     */
    private static Map<String, String> setenv(Path database) throws IOException, InterruptedException {
        String script = Files.readString(DEPLOY.resolve("bin/setenv.sh"), StandardCharsets.UTF_8)
                .replace("@MICROBLOG_DB@", database.toString());
        Path filled = shared.resolve("setenv.sh");
        Files.writeString(filled, script);
        Process sh = new ProcessBuilder("sh", "-c", ". \"$1\" && printf '%s\\n' $CATALINA_OPTS", "sh",
                filled.toString()).redirectErrorStream(true).start();
        String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, sh.waitFor(), output);
        Map<String, String> settings = new LinkedHashMap<>();
        for (String option : output.strip().split("\n")) {
            assertTrue(option.startsWith("-D") && option.contains("="), "only -Dname=value expected: " + option);
            settings.put(option.substring(2, option.indexOf('=')), option.substring(option.indexOf('=') + 1));
        }
        assertEquals(database.toString(), settings.get("microblog.db"));
        return settings;
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

    /** One visitor with one cookie jar, its requests going to the nodes in turn; {@code on} picks a node. */
    private static final class Visitor {
        private final Map<String, String> jar = new LinkedHashMap<>();
        private final List<Browser> browsers = uris.stream().map(uri -> new Browser(uri, "")).toList();
        private int next;
        private volatile int last;

        /** A request to the given node, with the shared cookies, whose answer's cookies go back into the jar. */
        synchronized <T> T on(int node, Function<Browser, T> request) {
            Browser browser = browsers.get(node);
            browser.cookies().clear();
            browser.cookies().putAll(jar);
            last = node;
            try {
                return request.apply(browser);
            } finally {
                jar.clear();
                jar.putAll(browser.cookies());
            }
        }

        HttpResponse<String> get(String path) {
            return on(turn(), b -> b.get(path));
        }

        /** A GET on the next node, or, if it cannot be reached, on the other (nginx's proxy_next_upstream error). */
        HttpResponse<String> getWithFailover(String path) {
            int node = turn();
            try {
                return on(node, b -> b.get(path));
            } catch (UncheckedIOException unreachable) {
                return on(1 - node, b -> b.get(path));
            }
        }

        /** The form's page from the next node, the POST (with the page's CSRF token) to the one after it. */
        HttpResponse<String> submitAcross(String path, Map<String, String> fields) {
            return submitAcross(path, path, fields);
        }

        HttpResponse<String> submitAcross(String formPage, String action, Map<String, String> fields) {
            return submitAcross(turn(), formPage, action, fields);
        }

        /** The form's page from {@code formNode}, the POST to the other node. */
        HttpResponse<String> submitAcross(int formNode, String path, Map<String, String> fields) {
            return submitAcross(formNode, path, path, fields);
        }

        private HttpResponse<String> submitAcross(int formNode, String formPage, String action,
                Map<String, String> fields) {
            int postNode = 1 - formNode;
            HttpResponse<String> page = on(formNode, b -> b.get(formPage));
            String token = Browser.csrfToken(page.body())
                    .orElseThrow(() -> new AssertionError("no csrf_token on " + formPage + ": " + page.statusCode()));
            Map<String, String> withToken = new LinkedHashMap<>(fields);
            withToken.put("csrf_token", token);
            next = postNode + 1;
            return on(postNode, b -> b.post(action, withToken));
        }

        private synchronized int turn() {
            return next++ % browsers.size();
        }

        String cookie(String name) {
            return jar.get(name);
        }

        String location(HttpResponse<String> response) {
            return browsers.get(0).location(response);
        }
    }
}
