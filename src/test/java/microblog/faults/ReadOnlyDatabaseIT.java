package microblog.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import microblog.deploy.Container;
import microblog.deploy.Container.Kind;
import microblog.testing.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

/**
 * The database file is made read-only under a running stock Jetty 12 (issue 4): pages that write answer 503 with the
 * friendly page, the rest keeps working, nothing is saved, and the app recovers by itself once the file is writable
 * again. Root ignores file permissions, so the server runs as nobody; where that is impossible these tests skip,
 * unless {@code -Dfaults.required=true} makes that a failure.
 */
class ReadOnlyDatabaseIT {
    private static final int NOBODY = 65534;
    private static final String PASSWORD = "quiet lantern 42";
    private static final String LOGGED = "The database is unavailable";
    private static final Set<PosixFilePermission> READ_ONLY_FILE = PosixFilePermissions.fromString("r--r--r--");
    private static final Set<PosixFilePermission> READ_ONLY_FOLDER = PosixFilePermissions.fromString("r-xr-xr-x");

    private final Map<Path, Set<PosixFilePermission>> writable = new LinkedHashMap<>();
    private Container container;
    private URI uri;

    @BeforeAll
    static void needsAnUnprivilegedUser() {
        if (!Container.canRunAs(NOBODY, NOBODY)) {
            String why = "cannot run the server as uid " + NOBODY + " (needs root and util-linux's setpriv), and "
                    + "root ignores file permissions: the read-only database tests do not run here";
            if (Boolean.getBoolean("faults.required")) {
                fail(why);
            }
            Assumptions.assumeTrue(false, why);
        }
    }

    @AfterEach
    void removeContainer() throws IOException {
        makeWritable();
        if (container != null) {
            container.close();
        }
    }

    /** The case as it happens: the server has been writing for a while, then the file is made read-only. */
    @Test
    void writesAnswer503AsSoonAsTheFileIsMadeReadOnlyAndGoThroughOnceItIsWritableAgain() throws Exception {
        Browser author = startAndSignIn("steady");
        Map<String, Long> before = counts();

        makeReadOnly();
        assertWritesAreRefusedAndTheRestWorks(author, "steady", before);
        makeWritable();

        assertThePostGoesThrough(author, "steady after the repair", before);
        assertLoggedOnce();
    }

    /**
     * A moment of lock contention while the file is read-only: a failure makes the app retire its pooled
     * connections, and connections opened on a read-only file stay unable to write after the repair (SQLite opens
     * it read-only for good), so they must not outlive it either.
     */
    @Test
    void lockContentionWhileTheFileIsReadOnlyDoesNotDelayTheRecovery() throws Exception {
        Browser author = startAndSignIn("renewed");
        Map<String, Long> before = counts();

        makeReadOnly();
        // Another process holds the write lock for a moment: that post fails (SQLITE_BUSY), so the app evicts its
        // connections and the pool opens new ones on the read-only file. Root's connection stays open until the
        // end, so that closing it never checkpoints and deletes the -wal and -shm files under the server.
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + container.database());
             Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            assertUnavailable(author.submit("/index", Map.of("post", "renewed while locked")), "post while locked");
            statement.execute("ROLLBACK");

            assertWritesAreRefusedAndTheRestWorks(author, "renewed", before);
            makeWritable();

            assertThePostGoesThrough(author, "renewed after the repair", before);
        }
        assertLoggedOnce();
    }

    private Browser startAndSignIn(String name) {
        container = new Container(Kind.JETTY_12, Container.packagedWar(), List.of(""))
                .setting("microblog.throttle", "off")
                .setting("microblog.db.timeout.seconds", "1")
                .runAs(NOBODY, NOBODY);
        container.startOn(Runnable::run);
        uri = container.uri("");
        Browser author = new Browser(uri, "");
        HttpResponse<String> registered = author.submit("/register", registration(name));
        assertEquals(302, registered.statusCode(), "registration of " + name + ": " + registered.body());
        HttpResponse<String> login = author.submit("/login", Map.of("username", name, "password", PASSWORD));
        assertEquals("/index", author.location(login), "login of " + name + ": " + login.body());
        HttpResponse<String> post = author.submit("/index", Map.of("post", name + " before the fault"));
        assertEquals("/index", author.location(post), "the first post: " + post.body());
        return author;
    }

    private void assertWritesAreRefusedAndTheRestWorks(Browser author, String name, Map<String, Long> before)
            throws SQLException {
        for (int i = 1; i <= 3; i++) {
            assertUnavailable(author.submit("/index", Map.of("post", name + " read-only " + i)), "post " + i);
        }
        assertUnavailable(new Browser(uri, "").submit("/register", registration(name + "-newcomer")),
                "registration");
        assertEquals(200, new Browser(uri, "").get("/login").statusCode(), "the login page needs no write");
        assertEquals(200, new Browser(uri, "").get("/static/css/microblog.css").statusCode());
        assertEquals(before, counts(), "nothing saved while the file is read-only");
    }

    private void assertThePostGoesThrough(Browser author, String body, Map<String, Long> before)
            throws SQLException {
        HttpResponse<String> post = author.submit("/index", Map.of("post", body));
        assertEquals(302, post.statusCode(), "the first post after the repair, without a restart: "
                + post.statusCode() + " " + post.body());
        assertEquals("/index", author.location(post));
        assertEquals(before.get("posts") + 1, counts().get("posts"));
        assertEquals(List.of(body), strings("SELECT body FROM posts ORDER BY id DESC LIMIT 1"));
    }

    private void assertLoggedOnce() {
        String output = container.output();
        long lines = output.lines().filter(line -> line.contains(LOGGED)).count();
        assertEquals(1, lines, "\"" + LOGGED + "\" once a minute, not once per failed request:" + container.logs());
    }

    private static void assertUnavailable(HttpResponse<String> response, String what) {
        assertEquals(503, response.statusCode(), what + " while the database is read-only: "
                + response.statusCode() + " " + response.headers().firstValue("Location").orElse(response.body()));
        assertTrue(response.body().contains("Temporarily Unavailable"), response.body());
        assertEquals("30", response.headers().firstValue("Retry-After").orElse(""), what);
        assertFalse(response.body().contains("SQL") || response.body().contains("Exception"), response.body());
    }

    /** {@code chmod a-w} on the database, its -wal and -shm files and their folder, as the server runs. */
    private void makeReadOnly() throws IOException {
        Path database = container.database();
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path file = Path.of(database + suffix);
            assertTrue(Files.exists(file), file + " should exist while the server runs");
            writable.put(file, Files.getPosixFilePermissions(file));
            Files.setPosixFilePermissions(file, READ_ONLY_FILE);
        }
        writable.put(database.getParent(), Files.getPosixFilePermissions(database.getParent()));
        Files.setPosixFilePermissions(database.getParent(), READ_ONLY_FOLDER);
    }

    private void makeWritable() throws IOException {
        for (Map.Entry<Path, Set<PosixFilePermission>> saved : writable.entrySet()) {
            if (Files.exists(saved.getKey())) {
                Files.setPosixFilePermissions(saved.getKey(), saved.getValue());
            }
        }
        writable.clear();
    }

    /** Row counts read as root through a read-only connection, which never writes or checkpoints the file. */
    private Map<String, Long> counts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("users", "posts")) {
            counts.put(table, Long.parseLong(strings("SELECT count(*) FROM " + table).get(0)));
        }
        return counts;
    }

    private List<String> strings(String sql) throws SQLException {
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection db = readOnly.createConnection("jdbc:sqlite:" + container.database());
             Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static Map<String, String> registration(String name) {
        return Map.of("username", name, "email", name + "@example.com", "password", PASSWORD, "password2", PASSWORD);
    }

}
