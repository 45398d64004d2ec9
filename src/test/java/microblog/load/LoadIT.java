package microblog.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import microblog.deploy.Container;
import microblog.deploy.Container.Kind;
import microblog.testing.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many visitors at once against the packaged WAR in stock Jetty 12: registrations, right and wrong logins, home
 * pages, posts and logouts. No 5xx, every acknowledged write is in the database, and a throughput and latency line.
 * Runs only with {@code mvn verify -Pload}.
 */
class LoadIT {
    private static final int CLIENTS = 32;
    private static final int MAX_REQUESTS = 3000;
    private static final Duration MAX_DURATION = Duration.ofSeconds(30);
    private static final String PASSWORD = "quiet lantern 42";

    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Set<String> posted = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> actions = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private Container container;
    private long deadline;

    @AfterEach
    void removeContainer() {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void manyConcurrentVisitorsGetNoServerErrorAndLoseNoWrite() throws Exception {
        container = new Container(Kind.JETTY_12, Container.packagedWar(), List.of(""))
                .setting("microblog.throttle", "off")
                .setting("microblog.pbkdf2.iterations", "1000");
        container.startOn(Runnable::run);
        URI uri = container.uri("");

        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        deadline = started + MAX_DURATION.toNanos();
        List<Future<?>> clients = new ArrayList<>();
        for (int id = 0; id < CLIENTS; id++) {
            Visitor visitor = new Visitor(id, new Browser(uri, ""));
            clients.add(pool.submit(visitor::run));
        }
        for (Future<?> client : clients) {
            client.get(MAX_DURATION.toSeconds() * 3, TimeUnit.SECONDS);
        }
        long elapsed = System.nanoTime() - started;
        pool.shutdown();

        assertTrue(failures.isEmpty(), failures.size() + " requests went wrong, the first ones: "
                + failures.subList(0, Math.min(20, failures.size())) + container.logs());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + container.database())) {
            Set<String> lostUsers = new TreeSet<>(registered);
            lostUsers.removeAll(Container.column(db, "SELECT username FROM users"));
            assertTrue(lostUsers.isEmpty(), "acknowledged registrations not in the database: " + lostUsers);
            Set<String> lostPosts = new TreeSet<>(posted);
            lostPosts.removeAll(Container.column(db, "SELECT body FROM posts"));
            assertTrue(lostPosts.isEmpty(), "acknowledged posts not in the database: " + lostPosts);
            assertEquals(List.of("ok"), Container.column(db, "PRAGMA integrity_check"));
        }
        List<Long> all = latencies.values().stream().flatMap(List::stream).sorted().toList();
        assertEquals(requests.get(), all.size(), "every request was timed");
        assertTrue(all.size() >= MAX_REQUESTS / 10, "too few requests to measure: " + all.size());
        double seconds = elapsed / 1e9;
        Map<String, String> byRequest = new TreeMap<>();
        latencies.forEach((request, times) -> byRequest.put(request, times.size() + " p50 "
                + millis(percentile(times.stream().sorted().toList(), 50)) + " p99 "
                + millis(percentile(times.stream().sorted().toList(), 99))));
        System.out.printf("LoadIT: %d requests from %d clients in %.1f s = %.0f requests/s; latency p50 %s ms, "
                        + "p99 %s ms, max %s ms; %d registrations and %d posts acknowledged and found; "
                        + "actions %s; by request %s%n",
                all.size(), CLIENTS, seconds, all.size() / seconds, millis(percentile(all, 50)),
                millis(percentile(all, 99)), millis(all.get(all.size() - 1)), registered.size(), posted.size(),
                new TreeMap<>(actions), byRequest);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** One visitor with its own cookie jar, doing what people do, each request timed and checked. */
    private final class Visitor {
        private final int id;
        private final Browser browser;
        private final Random random;
        private final List<String> accounts = new ArrayList<>();
        private String signedInAs;
        private int counter;

        Visitor(int id, Browser browser) {
            this.id = id;
            this.browser = browser;
            this.random = new Random(id);
        }

        void run() {
            try {
                register();
                while (requests.get() < MAX_REQUESTS && System.nanoTime() < deadline && failures.size() < 50) {
                    int dice = random.nextInt(100);
                    if (signedInAs == null) {
                        if (dice < 45) {
                            logIn(accounts.get(random.nextInt(accounts.size())), PASSWORD);
                        } else if (dice < 60) {
                            logIn(accounts.get(random.nextInt(accounts.size())), "not the password 1");
                        } else if (dice < 85) {
                            register();
                        } else {
                            expect("anonymous home page", get("/index"), 302, "/login?next=%2Findex");
                        }
                    } else if (dice < 40) {
                        HttpResponse<String> home = get("/index");
                        expect("home page", home, 200, null);
                        if (!home.body().contains("<h1>Hi, " + signedInAs + "!</h1>")) {
                            failures.add("home page of " + signedInAs + " does not greet them");
                        }
                    } else if (dice < 85) {
                        post();
                    } else {
                        expect("logout", submit("/index", "/logout", Map.of()), 302, "/index");
                        signedInAs = null;
                    }
                }
            } catch (RuntimeException | AssertionError e) {
                failures.add("visitor " + id + " stopped: " + e);
            }
        }

        private void register() {
            String name = "load" + id + "-" + counter++;
            HttpResponse<String> response = submit("/register", "/register", Map.of("username", name,
                    "email", name + "@example.com", "password", PASSWORD, "password2", PASSWORD));
            if (expect("registration", response, 302, "/login")) {
                registered.add(name);
                accounts.add(name);
            }
        }

        private void logIn(String name, String password) {
            boolean right = password.equals(PASSWORD);
            Map<String, String> fields = new LinkedHashMap<>(Map.of("username", name, "password", password));
            if (random.nextBoolean()) {
                fields.put("remember_me", "y");
            }
            HttpResponse<String> response = submit("/login", "/login", fields);
            if (expect(right ? "login" : "wrong password", response, 302, right ? "/index" : "/login") && right) {
                signedInAs = name;
            }
        }

        private void post() {
            String body = "visitor " + id + " says " + counter++;
            if (expect("post", submit("/index", "/index", Map.of("post", body)), 302, "/index")) {
                posted.add(body);
            }
        }

        private HttpResponse<String> submit(String page, String action, Map<String, String> fields) {
            HttpResponse<String> form = get(page);
            String token = Browser.csrfToken(form.body()).orElseThrow(() -> new AssertionError(
                    "no csrf_token on " + page + " (" + form.statusCode() + ")"));
            Map<String, String> withToken = new LinkedHashMap<>(fields);
            withToken.put("csrf_token", token);
            return timed("POST " + action, () -> browser.post(action, withToken));
        }

        private HttpResponse<String> get(String path) {
            return timed("GET " + path, () -> browser.get(path));
        }

        private HttpResponse<String> timed(String what, Supplier<HttpResponse<String>> request) {
            requests.incrementAndGet();
            List<Long> times = latencies.computeIfAbsent(what, w -> new CopyOnWriteArrayList<>());
            long start = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = request.get();
            } catch (UncheckedIOException e) {
                times.add(System.nanoTime() - start);
                throw new AssertionError(what + ": " + e.getCause(), e);
            }
            times.add(System.nanoTime() - start);
            if (response.statusCode() >= 500) {
                failures.add(what + " answered " + response.statusCode());
            }
            return response;
        }

        /** Whether the action got the answer it should; records it if not. */
        private boolean expect(String action, HttpResponse<String> response, int status, String location) {
            actions.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
            boolean right = response.statusCode() == status
                    && (location == null || location.equals(browser.location(response)));
            if (!right) {
                failures.add(action + " of visitor " + id + " answered " + response.statusCode() + " "
                        + response.headers().firstValue("Location").orElse(""));
            }
            return right;
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }


}
