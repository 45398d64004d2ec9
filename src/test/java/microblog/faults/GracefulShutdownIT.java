package microblog.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import microblog.deploy.Container;
import microblog.deploy.Container.Kind;
import microblog.testing.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SIGTERM to stock Jetty 12 and Tomcat 11 while slow logins are in flight: each of them gets its whole answer, new
 * connections are refused, and the application closes its database cleanly (no WAL left behind, integrity intact).
 */
class GracefulShutdownIT {
    private static final String PASSWORD = "quiet lantern 42";
    private static final int IN_FLIGHT = 20;
    /** A few hundred milliseconds per login, so that the stop lands while every login is still hashing. */
    private static final String SLOW_ITERATIONS = "50000";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");

    private Container container;

    @AfterEach
    void removeContainer() {
        if (container != null) {
            container.close();
        }
    }

    /**
     * Neither container waits for requests in flight out of the box. Stock Jetty 12 closes their connections and
     * stops the webapp under them: it needs the {@code graceful} module (a GracefulHandler) and a stop timeout. Stock
     * Tomcat waits only {@code unloadDelay} (2 s) for running servlets, then stops the webapp (whose listener closes
     * the database under them) and closes their connections: its {@code Service} needs
     * {@code gracefulStopAwaitMillis} (wait for open connections before stopping anything), its {@code Connector}
     * {@code bindOnInit="false"} (so that waiting closes the listening socket instead of serving newcomers) and a
     * short {@code keepAliveTimeout} (so that idle keep-alive connections do not hold the stop up for 20 s).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Kind.class, names = {"JETTY_12", "TOMCAT_11"})
    void requestsInFlightAtTheStopGetTheirWholeAnswerAndTheDatabaseIsClosedCleanly(Kind kind) throws Exception {
        container = new Container(kind, Container.packagedWar(), List.of(""))
                .setting("microblog.throttle", "off")
                .setting("microblog.pbkdf2.iterations", SLOW_ITERATIONS)
                .jettyModule("graceful")
                .jettyProperty("jetty.server.stopTimeout", "30000")
                .tomcatAttribute("Service", "gracefulStopAwaitMillis", "30000")
                .tomcatAttribute("Connector", "bindOnInit", "false")
                .tomcatAttribute("Connector", "keepAliveTimeout", "1000");
        container.startOn(Runnable::run);
        URI uri = container.uri("");
        // One user signing in from twenty browsers at once: one slow hash to register, twenty to log in.
        register(uri, "patient");
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);

        CountDownLatch sent = new CountDownLatch(IN_FLIGHT);
        List<Future<Exchange>> logins = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            Browser browser = new Browser(uri, "");
            String token = Browser.csrfToken(browser.get("/login").body()).orElseThrow();
            String request = loginRequest(uri, browser.cookies(), Map.of("username", "patient",
                    "password", PASSWORD, "remember_me", "y", "csrf_token", token));
            logins.add(pool.submit(() -> exchange(uri, request, sent)));
        }
        assertTrue(sent.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the logins could not be sent");
        // The container accepts connections in the order they came: once a later one is answered, every login was
        // accepted and read, and each is still hashing (twenty slow hashes share the machine's cores).
        Exchange later = exchange(uri, "GET /login HTTP/1.1\r\nHost: " + uri.getAuthority()
                + "\r\nConnection: close\r\n\r\n", new CountDownLatch(1));
        assertEquals(200, later.status(), later.toString());

        long stoppedAt = System.nanoTime();
        AtomicBoolean exited = new AtomicBoolean();
        ExecutorService prober = Executors.newSingleThreadExecutor();
        Future<List<Exchange>> probes = prober.submit(() -> probeUntilRefused(uri, exited));
        prober.shutdown();
        int exitCode = container.terminate(TIMEOUT);
        exited.set(true);

        List<Exchange> answers = new ArrayList<>();
        for (Future<Exchange> login : logins) {
            answers.add(login.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        pool.shutdown();
        List<Exchange> bad = answers.stream()
                .filter(a -> !a.complete() || a.status() != 302 || !a.location().endsWith("/index")
                        || !a.head().contains("remember_token="))
                .toList();
        assertTrue(bad.isEmpty(), bad.size() + " of " + IN_FLIGHT + " logins in flight at the stop were not "
                + "answered in full with their redirect: " + bad + container.logs());
        long finishedAfterStop = answers.stream().filter(a -> a.finishedAt() > stoppedAt).count();
        assertTrue(finishedAfterStop > 0, "no login was still in flight when the stop began: the test proves nothing");
        List<Exchange> afterStop = probes.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<Exchange> failedProbes = afterStop.stream()
                .filter(p -> p.status() >= 500 && p.status() != 503 || p.status() > 0 && !p.complete()).toList();
        assertTrue(failedProbes.isEmpty(), "requests after the stop: " + failedProbes);
        assertTrue(afterStop.stream().anyMatch(Exchange::refused), "never refused after the stop: " + afterStop);

        Path wal = Path.of(container.database() + "-wal");
        long walBytes = Files.exists(wal) ? Files.size(wal) : 0;
        assertEquals(0, walBytes, "database not closed cleanly: " + wal.getFileName() + " left behind"
                + container.logs());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + container.database());
             Statement statement = db.createStatement()) {
            try (ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
                assertTrue(check.next());
                assertEquals("ok", check.getString(1));
            }
            try (ResultSet tokens = statement.executeQuery("SELECT COUNT(*) FROM remember_tokens")) {
                assertTrue(tokens.next());
                assertEquals(IN_FLIGHT, tokens.getInt(1), "every login in flight saved its remember-me token");
            }
        }
        Map<String, Long> probeOutcomes = afterStop.stream().collect(Collectors.groupingBy(
                p -> p.refused() ? "refused" : p.status() > 0 ? String.valueOf(p.status()) : "cut",
                Collectors.counting()));
        long lastAnswer = answers.stream().mapToLong(Exchange::finishedAt).max().orElse(stoppedAt) - stoppedAt;
        System.out.printf("GracefulShutdownIT, %s: %d logins in flight at SIGTERM (%d still hashing), all answered "
                        + "302 in full, the last %d ms after SIGTERM; exit code %d; requests after the stop: %s; "
                        + "WAL %s%n",
                kind, IN_FLIGHT, finishedAfterStop, TimeUnit.NANOSECONDS.toMillis(lastAnswer), exitCode, probeOutcomes,
                Files.exists(wal) ? walBytes + " bytes" : "absent");
    }

    /** One request on its own connection, and what came back over it. */
    record Exchange(int status, String head, boolean complete, boolean refused, String error, long finishedAt) {
        String location() {
            Matcher matcher = Pattern.compile("(?im)^Location:\\s*(\\S+)").matcher(head);
            return matcher.find() ? matcher.group(1) : "";
        }

        @Override
        public String toString() {
            String firstLine = head.lines().findFirst().orElse("(no answer)");
            return firstLine + (complete ? "" : " INCOMPLETE") + (refused ? " refused" : "")
                    + (error.isEmpty() ? "" : " " + error);
        }
    }

    /**
     * Writes the request in full on a new connection, counts down {@code sent}, then reads until the server closes
     * the connection; the answer is complete when its body has the length its headers announced.
     */
    private static Exchange exchange(URI uri, String request, CountDownLatch sent) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            } catch (ConnectException refused) {
                return new Exchange(0, "", false, true, refused.toString(), System.nanoTime());
            }
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            sent.countDown();
            InputStream in = socket.getInputStream();
            in.transferTo(received);
            return answer(received.toByteArray(), "");
        } catch (IOException e) {
            return answer(received.toByteArray(), e.toString());
        }
    }

    private static Exchange answer(byte[] bytes, String error) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        long now = System.nanoTime();
        if (end < 0) {
            return new Exchange(0, text, false, false, error.isEmpty() ? "no complete head" : error, now);
        }
        String head = text.substring(0, end);
        String body = text.substring(end + 4);
        Matcher status = STATUS_LINE.matcher(head);
        int code = status.find() ? Integer.parseInt(status.group(1)) : 0;
        String lower = head.toLowerCase(Locale.ROOT);
        Matcher length = Pattern.compile("(?m)^content-length:\\s*(\\d+)").matcher(lower);
        boolean complete;
        if (length.find()) {
            complete = body.length() == Long.parseLong(length.group(1));
        } else if (lower.contains("transfer-encoding: chunked")) {
            complete = body.endsWith("0\r\n\r\n");
        } else {
            complete = error.isEmpty();
        }
        return new Exchange(code, head, complete && error.isEmpty(), false, error, now);
    }

    /** New connections after the stop began, until one is refused or the server has exited. */
    private static List<Exchange> probeUntilRefused(URI uri, AtomicBoolean exited) throws InterruptedException {
        List<Exchange> probes = new ArrayList<>();
        String request = "GET /login HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nConnection: close\r\n\r\n";
        while (true) {
            Exchange probe = exchange(uri, request, new CountDownLatch(1));
            probes.add(probe);
            if (probe.refused() || exited.get() && probes.size() > 1) {
                return probes;
            }
            Thread.sleep(20);
        }
    }

    private static String loginRequest(URI uri, Map<String, String> cookies, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String cookie = cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
        return "POST /login HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "Cookie: " + cookie + "\r\n"
                + "Connection: close\r\n\r\n" + body;
    }

    private static void register(URI uri, String name) {
        HttpResponse<String> response = new Browser(uri, "").submit("/register", Map.of("username", name,
                "email", name + "@example.com", "password", PASSWORD, "password2", PASSWORD));
        assertEquals(302, response.statusCode(), "registration of " + name + " failed: " + response.body());
    }

}
