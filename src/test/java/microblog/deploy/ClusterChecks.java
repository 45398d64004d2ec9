package microblog.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import microblog.testing.Nginx;
import microblog.testing.TestMailServer;
import microblog.testing.TestMailServer.Received;

/**
 * What both cluster tests (Jetty and Tomcat) check through the balancer in the same way, written once. Each check
 * takes user names of its own, so it does not depend on the other tests of its class.
 */
final class ClusterChecks {
    /** Reset requests in one burst, more than a sender tries at once, so that both senders race over them. */
    static final int RESETS = 20;

    private static final String RESET_SUBJECT = "[Microblog] Reset Your Password";
    private static final String CHANGED_SUBJECT = "[Microblog] Your password was changed";
    /** Each node's mail sender looks at the outbox every second: a second copy would come within this. */
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final String SQLITE_SUFFIXES = ".db .db-wal .db-shm .db-journal .sqlite .sqlite3";

    private ClusterChecks() {
    }

    /** "Log out everywhere else" on the account page: the other browser is anonymous on both nodes, this one stays. */
    static void logOutEverywhereElseHoldsOnBothNodes(Nginx nginx, String name, String password) {
        BalancerVisitor here = BalancerVisitor.signedIn(nginx, name, password);
        BalancerVisitor elsewhere = new BalancerVisitor(nginx);
        elsewhere.logIn(name, password);

        HttpResponse<String> ended = here.submit("/account", "/account/logout_others", Map.of());
        assertEquals("/account", here.location(ended), ended.body());

        // Two requests in a row from each browser: nginx sends them to one node each (round robin over everyone).
        for (int i = 0; i < 2; i++) {
            assertEquals("/login?next=%2Findex", elsewhere.location(elsewhere.get("/index")),
                    "the other browser, on node " + elsewhere.lastNode());
        }
        elsewhere.assertAlternated();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> home = here.get("/index");
            assertTrue(home.body().contains("<h1>Hi, " + name + "!</h1>"), "this browser, on node "
                    + here.lastNode());
        }
        here.assertAlternated();
    }

    /**
     * The login limit counts in the shared database (microblog.throttle.store=database): ten wrong passwords spread
     * over both nodes are ten, and the eleventh try, with the right password, is held back on either node.
     */
    static void failedLoginsSpreadOverBothNodesMeetOneLimit(Nginx nginx, String name, String password) {
        new BalancerVisitor(nginx).register(name, password);
        BalancerVisitor attacker = new BalancerVisitor(nginx);
        Set<Integer> guessedOn = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            if (i % 2 == 1) {
                attacker.get("/login");     // a form GET and its POST alternate too: shift, so POSTs alternate
            }
            HttpResponse<String> guess = attacker.submit("/login", Map.of("username", name,
                    "password", "wrong guess " + i));
            assertEquals("/login", attacker.location(guess), "guess " + i + " on node " + attacker.lastNode());
            guessedOn.add(attacker.lastNode());
        }
        attacker.assertAlternated();
        assertEquals(2, guessedOn.size(), "the guesses were posted to both nodes");

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> held = attacker.submit("/login", Map.of("username", name, "password", password));
            assertEquals(429, held.statusCode(), "the right password after ten guesses, on node "
                    + attacker.lastNode());
        }
    }

    /**
     * Reset requests posted through the balancer, so to both nodes, while both nodes' mail senders read the one
     * outbox: each account gets its reset mail exactly once (also after a few quiet seconds more), its link (from
     * microblog.base.url, the balancer) works through the balancer, and so does the new password; the "password was
     * changed" mail that follows also comes once.
     *
     * <p>The requests are made while the mail server is down, so that most of the mails wait, due, in the outbox:
     * when it is back, both senders find the same batch at once and race through it, which only the claim (a
     * compare-and-set) keeps from sending mails twice. Sent as they come in, each mail would be gone from the outbox
     * before the other node's sender looked. {@code count} users are made ({@code prefix1} ...); the nodes must allow
     * that many reset requests from one address (microblog.throttle.reset.address).
     */
    static void eachResetMailIsSentOnceAndItsLinkWorks(Nginx nginx, TestMailServer mail, AppDatabase database,
                                                        String prefix, int count, String password) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(prefix + i);
            new BalancerVisitor(nginx).register(prefix + i, password);
        }
        List<BalancerVisitor> visitors = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            visitors.add(new BalancerVisitor(nginx));
            tokens.add(visitors.get(i).csrfToken("/reset_password_request"));
        }
        mail.stop();
        // All at once: each sender is woken by the requests its node took and tries one mail per wake-up; mails
        // recorded while it is at it wait, untried and due, for the next round.
        Set<Integer> requestedOn = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> posts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                posts.add(pool.submit(() -> {
                    go.await();
                    return visitors.get(n).post("/reset_password_request",
                            Map.of("email", names.get(n) + "@example.com", "csrf_token", tokens.get(n)));
                }));
            }
            go.countDown();
            for (int i = 0; i < count; i++) {
                HttpResponse<String> requested = posts.get(i).get(60, TimeUnit.SECONDS);
                assertEquals("/login", visitors.get(i).location(requested), requested.body());
                requestedOn.add(visitors.get(i).lastNode());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("a reset request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, requestedOn.size(), "the reset requests were posted to both nodes");
        for (BalancerVisitor visitor : visitors) {
            assertTrue(visitor.get("/login").body()
                    .contains("Check your email for the instructions to reset your password"));
        }
        int waiting = Integer.parseInt(database.column(
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts = 0").get(0));
        System.err.println(waiting + " of " + count + " reset mails wait untried for the mail server");
        assertTrue(waiting >= 2, "too few mails wait for both senders to race over: " + waiting);
        mail.start();

        for (String name : names) {
            mail.awaitTo(name + "@example.com", 1);
        }
        pause(QUIET);
        for (String name : names) {
            List<Received> mails = to(mail, name);
            assertEquals(1, mails.size(), "one reset mail to " + name + ": " + mails);
            assertEquals(RESET_SUBJECT, mails.get(0).subject());
            assertTrue(mails.get(0).text().startsWith("Dear " + name + ","), mails.get(0).text());
        }
        assertEquals(List.of(String.valueOf(names.size())), database.column(
                "SELECT count(*) FROM outbox WHERE kind = 'reset' AND sent_at IS NOT NULL"), "marked sent, once each");

        String newPassword = "fresh meadow 77";
        for (String name : names) {
            Received reset = to(mail, name).get(0);
            assertTrue(reset.resetLink().startsWith(nginx.uri() + "/reset_password/"), reset.resetLink());
            BalancerVisitor visitor = new BalancerVisitor(nginx);
            HttpResponse<String> form = visitor.get(reset.resetPath());
            assertTrue(form.body().contains("<h1>Reset Your Password</h1>"), form.body());
            HttpResponse<String> done = visitor.submit(reset.resetPath(), Map.of("password", newPassword,
                    "password2", newPassword));
            assertEquals("/login", visitor.location(done), done.body());
            assertTrue(visitor.get("/login").body().contains("Your password has been reset."));
            visitor.logIn(name, newPassword);
            assertTrue(visitor.get("/index").body().contains("<h1>Hi, " + name + "!</h1>"));
            visitor.assertAlternated();
        }
        for (String name : names) {
            mail.awaitTo(name + "@example.com", 2);
        }
        pause(QUIET);
        for (String name : names) {
            List<String> subjects = to(mail, name).stream().map(Received::subject).toList();
            assertEquals(List.of(RESET_SUBJECT, CHANGED_SUBJECT), subjects, "the mails to " + name);
        }
    }

    /** That the nodes made no SQLite file: not in their own folders, nor in the test's {@code folder}. */
    static void noSqliteFile(List<Container> nodes, Path folder) {
        List<Path> found = new ArrayList<>();
        for (String suffix : SQLITE_SUFFIXES.split(" ")) {
            nodes.forEach(node -> found.addAll(node.filesEndingWith(suffix)));
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(file -> Stream.of(SQLITE_SUFFIXES.split(" "))
                    .anyMatch(suffix -> file.getFileName().toString().endsWith(suffix))).forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(List.of(), found, "the app's data is in PostgreSQL only");
    }

    /**
     * That the app's database password shows in no node's output or log file and on no server JVM's command line
     * (which ps shows to every user of the machine): the shipped configurations hand it over in the environment.
     */
    static void passwordInNoLogNorCommandLine(List<Container> nodes, String password) {
        for (int i = 0; i < nodes.size(); i++) {
            Container node = nodes.get(i);
            assertFalse(node.output().contains(password), "node " + i + "'s output shows the password");
            for (Path log : node.filesEndingWith(".log")) {
                try {
                    assertFalse(Files.readString(log, StandardCharsets.ISO_8859_1).contains(password),
                            "node " + i + "'s " + log.getFileName() + " shows the password");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            String commandLine;
            try {                                           // what ps reads
                commandLine = Files.readString(Path.of("/proc", String.valueOf(node.serverJvm().pid()), "cmdline"),
                        StandardCharsets.ISO_8859_1).replace('\0', ' ');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertTrue(commandLine.contains("-Dmicroblog.db="), commandLine);
            assertFalse(commandLine.contains(password), "ps shows the password: " + commandLine);
        }
    }

    /** The shipped file's text with each {@code @NAME@} placeholder replaced; one left unfilled fails. */
    static String fillIn(String shipped, Map<String, String> placeholders) {
        String text = shipped;
        for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
            text = text.replace(placeholder.getKey(), placeholder.getValue());
        }
        Matcher unfilled = Pattern.compile("@[A-Z0-9_]+@").matcher(text);
        assertFalse(unfilled.find(), "a placeholder not filled in:\n" + text);
        return text;
    }

    private static List<Received> to(TestMailServer mail, String name) {
        return mail.received().stream().filter(m -> m.to().equalsIgnoreCase(name + "@example.com")).toList();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
