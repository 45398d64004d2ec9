package microblog.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import microblog.deploy.Container;
import microblog.deploy.Container.Kind;
import microblog.testing.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stock Jetty 12 killed with SIGKILL in the middle of a burst of registrations and posts: after a restart on the
 * same file the database is intact, every acknowledged write is there, and logins and remember-me cookies still work
 * (on PostgreSQL: {@link PostgresqlCrashIT}).
 */
class CrashIT {
    private static final String PASSWORD = "quiet lantern 42";
    private static final int WRITERS = 8;
    /** Acknowledged writes to wait for before the kill, so that the kill lands in the middle of the burst. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = 80;
    private static final Duration BURST_LIMIT = Duration.ofSeconds(60);

    private Container container;

    @AfterEach
    void removeContainer() {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void acknowledgedWritesLoginsAndRememberMeCookiesSurviveAKilledServer() throws Exception {
        container = new Container(Kind.JETTY_12, Container.packagedWar(), List.of("")).setting("microblog.throttle", "off");
        Container started = container;
        killMidBurstAndRestart(container, () -> DriverManager.getConnection("jdbc:sqlite:" + started.database()));
    }

    /** How the test reads the application's database after the restart. */
    @FunctionalInterface
    interface AppDatabase {
        Connection open() throws SQLException;
    }

    /**
     * The crash test itself, for the database {@code container} is set to (SQLite here, PostgreSQL in
     * {@link PostgresqlCrashIT}): starts it, kills it with SIGKILL in the middle of a burst of registrations and
     * posts, restarts it, and checks that every acknowledged write is in {@code database} and logins and remember-me
     * cookies still work.
     */
    static void killMidBurstAndRestart(Container container, AppDatabase database) throws Exception {
        container.startOn(Runnable::run);
        URI uri = container.uri("");

        register(new Browser(uri, ""), "remembered");
        Browser remembered = new Browser(uri, "");
        HttpResponse<String> login = logIn(remembered, "remembered", true);
        assertEquals("/index", remembered.location(login));
        String rememberToken = remembered.cookie("remember_token").orElseThrow(() -> new AssertionError(
                "no remember_token at login: " + Browser.setCookieHeaders(login)));

        Set<String> registered = ConcurrentHashMap.newKeySet();
        Set<String> posted = ConcurrentHashMap.newKeySet();
        AtomicReference<String> lastRegistered = new AtomicReference<>();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        CountDownLatch enough = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
        AtomicBoolean killed = new AtomicBoolean();
        List<Browser> posters = new ArrayList<>();
        for (int writer = 1; writer < WRITERS; writer += 2) {
            String name = "poster" + writer;
            register(new Browser(uri, ""), name);
            Browser poster = new Browser(uri, "");
            assertEquals("/index", poster.location(logIn(poster, name, false)));
            posters.add(poster);
        }

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<String>> writers = new ArrayList<>();
        Instant deadline = Instant.now().plus(BURST_LIMIT);
        for (int writer = 0; writer < WRITERS; writer++) {
            int id = writer;
            writers.add(pool.submit(() -> {
                Browser browser = id % 2 == 0 ? new Browser(uri, "") : posters.get(id / 2);
                for (int n = 0; Instant.now().isBefore(deadline); n++) {
                    String write = id % 2 == 0 ? "crash-" + id + "-" + n : "post " + n + " of writer " + id;
                    HttpResponse<String> response;
                    try {
                        response = id % 2 == 0
                                ? browser.submit("/register", registration(write))
                                : browser.submit("/index", Map.of("post", write));
                    } catch (UncheckedIOException serverGone) {
                        return (killed.get() ? "" : "BEFORE THE KILL: ") + serverGone.getCause();
                    }
                    String expected = id % 2 == 0 ? "/login" : "/index";
                    if (response.statusCode() == 302 && expected.equals(browser.location(response))) {
                        if (id % 2 == 0) {
                            registered.add(write);
                            lastRegistered.set(write);
                        } else {
                            posted.add(write);
                        }
                        enough.countDown();
                    } else {
                        unexpected.add(write + ": " + response.statusCode() + " " + response.headers().map());
                    }
                }
                return "still running at the deadline";
            }));
        }
        pool.shutdown();
        assertTrue(enough.await(BURST_LIMIT.toSeconds(), TimeUnit.SECONDS),
                "too few acknowledged writes: " + registered.size() + " registrations, " + posted.size() + " posts");
        Set<String> registeredBeforeKill = Set.copyOf(registered);
        Set<String> postedBeforeKill = Set.copyOf(posted);
        killed.set(true);
        container.kill();
        List<String> endings = new ArrayList<>();
        for (Future<String> writer : writers) {
            endings.add(writer.get(BURST_LIMIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertTrue(unexpected.isEmpty(), "writes refused during the burst: " + unexpected);
        assertTrue(endings.stream().noneMatch(e -> e.startsWith("BEFORE") || e.startsWith("still")),
                "every writer should run until the kill cut it off: " + endings);

        container.restart();

        String where;
        try (Connection db = database.open()) {
            where = db.getMetaData().getURL();
            if (where.startsWith("jdbc:sqlite:")) {
                assertEquals(List.of("ok"), Container.column(db, "PRAGMA integrity_check"));
            }
            Set<String> lostUsers = new TreeSet<>(registered);
            lostUsers.removeAll(Container.column(db, "SELECT username FROM users"));
            assertTrue(lostUsers.isEmpty(), "acknowledged registrations lost in the crash: " + lostUsers);
            Set<String> lostPosts = new TreeSet<>(posted);
            lostPosts.removeAll(Container.column(db, "SELECT body FROM posts"));
            assertTrue(lostPosts.isEmpty(), "acknowledged posts lost in the crash: " + lostPosts);
        }
        String survivor = lastRegistered.get();
        Browser returning = new Browser(uri, "");
        assertEquals("/index", returning.location(logIn(returning, survivor, false)),
                survivor + " cannot log in after the restart");
        HttpResponse<String> home = returning.get("/index");
        assertTrue(home.body().contains("<h1>Hi, " + survivor + "!</h1>"), home.body());
        Browser reopened = new Browser(uri, "");
        reopened.setCookie("remember_token", rememberToken);
        HttpResponse<String> restored = reopened.get("/index");
        assertEquals(200, restored.statusCode(), "remember-me cookie from before the crash: " + restored.body());
        assertTrue(restored.body().contains("<h1>Hi, remembered!</h1>"), restored.body());
        System.out.printf("CrashIT (%s): SIGKILL after %d acknowledged registrations and %d acknowledged posts "
                        + "(%d and %d by the end, all found after the restart); writers ended with %s%n",
                where, registeredBeforeKill.size(), postedBeforeKill.size(), registered.size(), posted.size(),
                new HashSet<>(endings));
    }

    private static Map<String, String> registration(String name) {
        return Map.of("username", name, "email", name + "@example.com", "password", PASSWORD, "password2", PASSWORD);
    }

    private static void register(Browser browser, String name) {
        HttpResponse<String> response = browser.submit("/register", registration(name));
        assertEquals(302, response.statusCode(), "registration of " + name + " failed: " + response.body());
    }

    private static HttpResponse<String> logIn(Browser browser, String name, boolean remember) {
        Map<String, String> fields = remember
                ? Map.of("username", name, "password", PASSWORD, "remember_me", "y")
                : Map.of("username", name, "password", PASSWORD);
        HttpResponse<String> response = browser.submit("/login", fields);
        assertEquals(302, response.statusCode(), "login of " + name + ": " + response.body());
        return response;
    }


}
