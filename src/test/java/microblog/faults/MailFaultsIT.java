package microblog.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import microblog.deploy.Container;
import microblog.deploy.Container.Kind;
import microblog.testing.Browser;
import microblog.testing.TestMailServer;
import microblog.testing.TestMailServer.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged WAR in stock Jetty 12 with its mail server down, and then killed with SIGKILL: a reset mail the
 * answer promised still arrives once the mail server is back, after a restart too, and it arrives exactly once
 * (with the app's data in PostgreSQL: {@link PostgresqlMailFaultsIT}).
 */
class MailFaultsIT {
    private static final String PASSWORD = "quiet lantern 42";
    private static final String SUBJECT = "[Microblog] Reset Your Password";
    private static final String CHECK_YOUR_EMAIL = "Check your email for the instructions to reset your password";
    /** The first retry comes 10 s after a failure (RetrySchedule); a server start and a slow machine on top. */
    private static final Duration ARRIVAL = Duration.ofSeconds(60);
    private static final Duration FIRST_FAILURE = Duration.ofSeconds(20);
    /** How long a second, duplicate mail is given to show up after the first. */
    private static final Duration DUPLICATE_WINDOW = Duration.ofSeconds(3);

    // Not started by JUnit: the tests decide when the mail server is up. Its port is fixed for the whole test.
    private final TestMailServer mail = new TestMailServer();
    private Container container;

    @BeforeEach
    void createContainer() {
        container = onDatabase(new Container(Kind.JETTY_12, Container.packagedWar(), List.of(""))
                .setting("microblog.throttle", "off")
                .setting("microblog.mail.host", "127.0.0.1")
                .setting("microblog.mail.port", String.valueOf(mail.port())));
    }

    /** The container set to the app's database: its own SQLite file here, PostgreSQL in PostgresqlMailFaultsIT. */
    Container onDatabase(Container container) {
        return container;
    }

    /** A connection to the container's database, for the test's own queries. */
    Connection openDatabase(Container container) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + container.database());
    }

    @AfterEach
    void stopEverything() {
        try {
            container.close();
        } finally {
            mail.stop();
        }
    }

    @Test
    void aResetMailRequestedWhileTheMailServerIsDownArrivesOnceWhenItIsBack() throws Exception {
        container.startOn(Runnable::run);
        URI uri = container.uri("");
        register(uri, "outage");

        requestReset(uri, "outage@example.com");
        awaitFailedAttempt();
        mail.start();

        Received sent = exactlyOneMail(uri);
        assertEquals("outage@example.com", sent.to());
        assertTrue(sent.text().startsWith("Dear outage,"), sent.text());
        HttpResponse<String> page = new Browser(uri, "").get(sent.resetPath());
        assertEquals(200, page.statusCode(), "the mailed link after the outage: " + page.body());
        System.out.printf("MailFaultsIT: the reset mail arrived after the outage; outbox %s%n", outbox());
    }

    @Test
    void aResetMailNotYetSentWhenTheServerIsKilledIsSentOnceAfterTheRestart() throws Exception {
        container.startOn(Runnable::run);
        URI uri = container.uri("");
        register(uri, "crashed");

        // The mail server is down, so the mail cannot leave before the kill. The kill waits for the first failed
        // attempt: then the entry is due again in 10 s, not held by the 5-minute lease of an attempt the kill cut
        // off (OutboxDaoTest covers the lease; here it would only make the test wait 5 minutes).
        requestReset(uri, "crashed@example.com");
        awaitFailedAttempt();
        container.kill();
        container.restart();
        mail.start();

        Received sent = exactlyOneMail(uri);
        assertEquals("crashed@example.com", sent.to());
        assertTrue(sent.text().startsWith("Dear crashed,"), sent.text());
        HttpResponse<String> page = new Browser(uri, "").get(sent.resetPath());
        assertEquals(200, page.statusCode(), "the mailed link after the restart: " + page.body());
        System.out.printf("MailFaultsIT: the reset mail arrived after SIGKILL and a restart; outbox %s%n", outbox());
    }

    private static void register(URI uri, String name) {
        HttpResponse<String> response = new Browser(uri, "").submit("/register", Map.of("username", name,
                "email", name + "@example.com", "password", PASSWORD, "password2", PASSWORD));
        assertEquals(302, response.statusCode(), "registration of " + name + " failed: " + response.body());
    }

    /** Asks for a reset as a person would, and checks the answer: the redirect to the login page and the flash. */
    private static void requestReset(URI uri, String email) {
        Browser browser = new Browser(uri, "");
        HttpResponse<String> asked = browser.submit("/reset_password_request", Map.of("email", email));
        assertEquals(302, asked.statusCode(), asked.body());
        assertEquals("/login", browser.location(asked));
        assertTrue(browser.get("/login").body().contains(CHECK_YOUR_EMAIL), "no flash after the reset request");
    }

    /** Waits until the sender has tried the mail once and failed (the mail server was down). */
    private void awaitFailedAttempt() throws Exception {
        long deadline = System.nanoTime() + FIRST_FAILURE.toNanos();
        while (true) {
            List<String> attempts = query("SELECT attempts FROM outbox WHERE sent_at IS NULL AND given_up_at IS NULL");
            if (attempts.size() == 1 && Integer.parseInt(attempts.get(0)) >= 1) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no failed attempt within " + FIRST_FAILURE.toSeconds() + " s; outbox "
                        + outbox() + container.logs());
            }
            Thread.sleep(100);
        }
    }

    /** The one reset mail, once it arrived and no second one followed; its outbox entry is marked sent. */
    private Received exactlyOneMail(URI uri) throws Exception {
        List<Received> first = mail.await(1, ARRIVAL);
        Thread.sleep(DUPLICATE_WINDOW.toMillis());
        List<Received> all = mail.received();
        assertEquals(1, all.size(), "exactly one mail: " + all);
        Received sent = all.get(0);
        assertEquals(first.get(0), sent);
        assertEquals(SUBJECT, sent.subject());
        assertTrue(sent.resetLink().startsWith(uri + "/reset_password/"), sent.resetLink());
        assertEquals(List.of("1"), query("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL"), outbox());
        assertEquals(List.of("0"), query("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"), outbox());
        return sent;
    }

    private List<String> query(String sql) throws Exception {
        try (Connection db = openDatabase(container)) {
            return Container.column(db, sql);
        }
    }

    private String outbox() throws Exception {
        return query("SELECT 'id=' || id || ' kind=' || kind || ' attempts=' || attempts || ' sent='"
                + " || (sent_at IS NOT NULL) || ' given_up=' || (given_up_at IS NOT NULL) FROM outbox").toString();
    }
}
