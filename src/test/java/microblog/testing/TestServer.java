package microblog.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real webapp (web.xml, JSPs, listener) in an embedded Jetty 12 on a free loopback port, with a fresh SQLite
 * file (or, under {@code -Dmicroblog.test.db=postgresql}, a fresh database in the run's throwaway PostgreSQL
 * cluster: see {@link TempDatabase#onPostgresql()}) and cheap hashing; one per test class.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {
    /** Cheap enough for hundreds of logins in a test run; production uses 600,000. */
    public static final int TEST_ITERATIONS = 1000;

    private final String contextPath;
    private final java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    private boolean behindTlsProxy;
    private Path database;
    private PostgresCluster postgres;
    private Path folder;
    private Server server;
    private WebAppContext webapp;
    private URI base;

    public TestServer() {
        this("");
    }

    /** {@code contextPath} is {@code ""} for the root or, say, {@code "/microblog"}. */
    public TestServer(String contextPath) {
        this.contextPath = contextPath;
        settings.put("microblog.pbkdf2.iterations", String.valueOf(TEST_ITERATIONS));
        // Test suites log in and register many times from one address; abuse-limit tests turn this back on.
        settings.put("microblog.throttle", "off");
    }

    /**
     * As behind a reverse proxy that terminates TLS: the connector honours {@code X-Forwarded-Proto}, so a request
     * sent with {@code X-Forwarded-Proto: https} is one the container reports as secure.
     */
    public TestServer behindTlsProxy() {
        behindTlsProxy = true;
        return this;
    }

    /** The session timeout the container applies, in seconds. */
    public int sessionTimeoutSeconds() {
        return webapp.getSessionHandler().getMaxInactiveInterval();
    }

    /** Sends the app's mail to this server (register the mail server first, so it starts first). */
    public TestServer withMail(TestMailServer mail) {
        settings.put("microblog.mail.host", "127.0.0.1");
        settings.put("microblog.mail.port", String.valueOf(mail.port()));
        return this;
    }

    /** A context init-param for the app, such as {@code microblog.throttle}; call before the server starts. */
    public TestServer with(String setting, String value) {
        settings.put(setting, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        folder = Files.createTempDirectory("microblog-test");
        // PostgreSQL's cluster lives in JUnit's root store; a test that drives the server by hand (no context: a
        // start-up check, the jqwik fuzz test) gets SQLite.
        if (TempDatabase.onPostgresql() && database == null && context != null) {
            postgres = new PostgresCluster();
            postgres.beforeAll(context);
            postgres.jdbcUrl();                             // skips the class here where PostgreSQL is missing
        }
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        if (behindTlsProxy) {
            ((ServerConnector) server.getConnectors()[0]).getConnectionFactory(HttpConnectionFactory.class)
                    .getHttpConfiguration().addCustomizer(new ForwardedRequestCustomizer());
        }
        webapp = new WebAppContext(Path.of("webapp").toAbsolutePath().toString(),
                contextPath.isEmpty() ? "/" : contextPath);
        if (postgres != null) {
            webapp.setInitParameter("microblog.db", postgres.jdbcUrl());
            webapp.setInitParameter("microblog.db.user", postgres.user());
            webapp.setInitParameter("microblog.db.password", postgres.password());
        } else {
            webapp.setInitParameter("microblog.db", database().toString());
        }
        settings.forEach(webapp::setInitParameter);
        // The app's classes and libraries come from the test class path, as Maven built them.
        webapp.setParentLoaderPriority(true);
        // Let Jasper find JSTL's tag library descriptors in the jar on the class path.
        webapp.setAttribute("org.eclipse.jetty.server.webapp.ContainerIncludeJarPattern",
                ".*/jakarta\\.servlet\\.jsp\\.jstl-[^/]*\\.jar$");
        // One work folder for every test server of the run: each JSP is compiled once, not once per test class.
        webapp.setTempDirectory(Path.of("target", "jsp-work").toAbsolutePath().toFile());
        webapp.setTempDirectoryPersistent(true);
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.start();
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        base = URI.create("http://127.0.0.1:" + port + contextPath);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.stop();
        }
        if (postgres != null) {
            postgres.afterAll(context);
        }
        if (folder != null) {
            deleteRecursively(folder);
        }
    }

    /** A new visitor with an empty cookie jar. */
    public Browser newBrowser() {
        return new Browser(base, contextPath);
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The absolute URL of a path inside the application. */
    public String uri(String path) {
        return base + path;
    }

    public String contextPath() {
        return contextPath;
    }

    /** The SQLite file (SQLite only: a test of the file itself). */
    public Path database() {
        if (postgres != null) {
            throw new IllegalStateException("a SQLite-only test ran on PostgreSQL");
        }
        return database != null ? database : folder.resolve("microblog.db");
    }

    /** Whether this server's database is PostgreSQL. */
    public boolean onPostgresql() {
        return postgres != null;
    }

    /** Puts the database file here instead of in the server's temp folder (say, on a small file system). */
    public TestServer databaseAt(Path file) {
        database = file;
        return this;
    }

    /** A separate connection to the server's database, for checking what was (or was not) saved. */
    public Jdbi jdbi() {
        return postgres != null ? Jdbi.create(postgres.jdbcUrl(), postgres.user(), postgres.password())
                : Jdbi.create("jdbc:sqlite:" + database());
    }

    public long count(String table) {
        return jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    /** Registers a user through the real form and checks that it worked. */
    public void register(String username, String email, String password) {
        Browser browser = newBrowser();
        var response = browser.submit("/register", java.util.Map.of("username", username, "email", email,
                "password", password, "password2", password));
        if (response.statusCode() != 302) {
            throw new AssertionError("registration of " + username + " failed: " + response.statusCode() + "\n"
                    + response.body());
        }
    }

    /** A browser signed in as {@code username}. */
    public Browser signedIn(String username, String password) {
        Browser browser = newBrowser();
        var response = browser.submit("/login", java.util.Map.of("username", username, "password", password));
        if (response.statusCode() != 302 || !browser.location(response).equals("/index")) {
            throw new AssertionError("login of " + username + " failed: " + response.statusCode());
        }
        return browser;
    }

    private static void deleteRecursively(Path path) {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
