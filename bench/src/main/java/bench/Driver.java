package bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The form flows wrk cannot do: GET /login for the CSRF token and cookie, then POST /login, as a browser would. */
final class Driver {
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Driver(String base) {
        this.base = base;
    }

    /** A login form ready to be posted: its token and the cookie header that goes with it. */
    record Form(String token, String cookie) {
    }

    Form loginForm() throws IOException, InterruptedException {
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200) {
            throw new IllegalStateException("GET /login answered " + page.statusCode());
        }
        Matcher field = CSRF_FIELD.matcher(page.body());
        if (!field.find()) {
            throw new IllegalStateException("no csrf_token on the login page");
        }
        return new Form(field.group(1), cookies(page));
    }

    /** Posts the login form; answers the JSESSIONID cookie ("JSESSIONID=...") on success, null on failure. */
    String postLogin(Form form, String username, String password) throws IOException, InterruptedException {
        String body = "username=" + enc(username) + "&password=" + enc(password) + "&csrf_token="
                + enc(form.token()) + "&submit=Sign+In";
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!form.cookie().isEmpty()) {
            post.header("Cookie", form.cookie());
        }
        HttpResponse<Void> answer = client.send(post.build(), HttpResponse.BodyHandlers.discarding());
        String location = answer.headers().firstValue("Location").orElse("");
        if (answer.statusCode() / 100 == 3 && location.endsWith("/index")) {
            return answer.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                    .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                    .findFirst().orElseThrow(() -> new IllegalStateException("login set no JSESSIONID"));
        }
        if (answer.statusCode() / 100 == 3 && location.contains("/login")) {
            return null;
        }
        throw new IllegalStateException("POST /login answered " + answer.statusCode() + " " + location);
    }

    String login(String username, String password) throws IOException, InterruptedException {
        return postLogin(loginForm(), username, password);
    }

    HttpResponse<byte[]> get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (cookie != null) {
            get.header("Cookie", cookie);
        }
        return client.send(get.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Milliseconds of each POST of a wrong password for an existing user, one after another. */
    List<Double> failedLogins(String username, int warmUp, int count) throws IOException, InterruptedException {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < warmUp + count; i++) {
            Form form = loginForm();
            long start = System.nanoTime();
            String session = postLogin(form, username, "not-the-password-" + i);
            double ms = (System.nanoTime() - start) / 1e6;
            if (session != null) {
                throw new IllegalStateException("a wrong password logged in");
            }
            if (i >= warmUp) {
                times.add(ms);
            }
        }
        return times;
    }

    /** Logs in with {@code workers} parallel clients, user names from {@code users}; answers logins per second. */
    double loginRate(int workers, UserPicker users, String password, double warmUpSeconds, double seconds)
            throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmUpSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        AtomicInteger counted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    String session = login(users.next(), password);
                    long done = System.nanoTime();
                    if (session == null) {
                        throw new IllegalStateException("a seeded user could not log in");
                    }
                    if (done >= measureFrom && done < end) {
                        counted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return counted.get() / seconds;
    }

    /** Logs in {@code count} times with {@code workers} parallel clients; answers the seconds it took. */
    double logins(int workers, int count, UserPicker users, String password) throws Exception {
        AtomicLong left = new AtomicLong(count);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    if (login(users.next(), password) == null) {
                        throw new IllegalStateException("a seeded user could not log in");
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Hands out seeded user names round robin. */
    static final class UserPicker {
        private final AtomicInteger next = new AtomicInteger();
        private final int users;

        UserPicker(int users) {
            this.users = users;
        }

        String next() {
            return Seeder.username(1 + Math.floorMod(next.getAndIncrement(), users));
        }
    }

    private static String cookies(HttpResponse<?> response) {
        List<String> pairs = new ArrayList<>();
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            int semicolon = setCookie.indexOf(';');
            pairs.add(semicolon < 0 ? setCookie : setCookie.substring(0, semicolon));
        }
        return String.join("; ", pairs);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
