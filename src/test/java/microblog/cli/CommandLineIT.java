package microblog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import microblog.db.Database;
import microblog.deploy.Container;
import microblog.deploy.Container.Kind;
import microblog.testing.Browser;
import microblog.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * The operator's command line as an operator runs it: {@code java -jar} on the packaged WAR, each command its own
 * process, on the database of a stock Jetty 12 that serves the same WAR meanwhile; what a command does is seen over
 * HTTP at once.
 */
class CommandLineIT {
    private static final String PASSWORD = "quiet lantern 42";
    private static final String NEW_PASSWORD = "amber harbour 77";
    private static final String SESSION = "JSESSIONID";
    private static final String REMEMBER = "remember_token";
    private static final String INVALID = "Invalid username or password";
    private static final String NL = System.lineSeparator();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final int LOAD_THREADS = 4;
    private static final Pattern CREATED = Pattern.compile("Created user (\\S+) \\(id (\\d+)\\)\\." + NL);

    @TempDir
    static Path folder;
    private static Path war;
    private static Container jetty;
    private static Path live;
    private static ExecutorService starter;

    /** What one {@code java -jar} process did; its text is the message of every assertion about it. */
    record Result(List<String> args, int status, String out, String err) {
        @Override
        public String toString() {
            return "java -jar microblog.war " + String.join(" ", args) + "\nexit " + status
                    + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** A registration the server answered, and when (System.nanoTime) its answer arrived. */
    record Acknowledged(String username, long nanos) {
    }

    @BeforeAll
    static void startJetty() {
        war = Container.packagedWar();
        starter = Executors.newSingleThreadExecutor();
        // Off: the load of registrations from one address would meet the per-address limit.
        jetty = new Container(Kind.JETTY_12, war, List.of("")).setting("microblog.throttle", "off");
        jetty.startOn(starter);
        jetty.uri("");
        live = jetty.database().toAbsolutePath();
    }

    @AfterAll
    static void stopJetty() {
        try {
            if (jetty != null) {
                jetty.close();
            }
        } finally {
            if (starter != null) {
                starter.shutdownNow();
            }
        }
    }

    @Test
    void createdUserLogsInAtOnceAndIsListedActiveFromToday() {
        LocalDate before = LocalDate.now(ZoneOffset.UTC);

        Result created = cli(PASSWORD + "\n", "users", "create", "cli-ada", "--email", "cli-ada@example.com",
                "--db", live.toString());

        assertEquals(0, created.status(), created::toString);
        assertEquals("", created.err(), created::toString);
        Matcher said = CREATED.matcher(created.out());
        assertTrue(said.matches(), created::toString);
        assertEquals("cli-ada", said.group(1), created::toString);
        signedIn("cli-ada", PASSWORD);

        Result list = cli("", "users", "list", "--db", live.toString());
        LocalDate after = LocalDate.now(ZoneOffset.UTC);
        assertListed(list, "cli-ada", "active");
        String line = line(list, "cli-ada");
        // The date when the test began, or when it ended should it have crossed midnight (UTC).
        Set<String> expected = Stream.of(before, after)
                .map(day -> said.group(2) + "\tcli-ada\tcli-ada@example.com\tactive\t" + day)
                .collect(Collectors.toSet());
        assertTrue(expected.contains(line), "expected one of " + expected + ", listed: " + list);
    }

    @Test
    void disablingEndsSessionAndRememberMeAndRefusesTheRightPasswordUntilEnabled() {
        register("cli-bob");
        Browser bob = signedIn("cli-bob", PASSWORD);
        String rememberToken = bob.cookie(REMEMBER).orElseThrow(() -> new AssertionError("no remember_token"));

        // The username matches ignoring case, as at login; the output names the account as it was registered.
        Result disabled = cli("", "users", "disable", "CLI-BOB", "--db", live.toString());

        assertDone(disabled, "Disabled cli-bob; 1 sign-in ended.");
        assertAnonymous(bob);
        bob.dropCookie(SESSION);
        bob.setCookie(REMEMBER, rememberToken);
        assertAnonymous(bob);
        String refusedRight = assertLoginRefused("cli-bob", PASSWORD);
        String refusedWrong = assertLoginRefused("cli-bob", "not the password");
        assertEquals(refusedWrong, refusedRight, "the right password of a disabled account is answered as a wrong one");
        assertListed(cli("", "users", "list", "--db", live.toString()), "cli-bob", "disabled");

        Result enabled = cli("", "users", "enable", "cli-bob", "--db", live.toString());

        assertDone(enabled, "Enabled cli-bob.");
        signedIn("cli-bob", PASSWORD);
        assertListed(cli("", "users", "list", "--db", live.toString()), "cli-bob", "active");
    }

    @Test
    void settingThePasswordEndsTheOldSignInsAndOnlyTheNewPasswordWorks() {
        register("cli-carol");
        Browser carol = signedIn("cli-carol", PASSWORD);
        String rememberToken = carol.cookie(REMEMBER).orElseThrow(() -> new AssertionError("no remember_token"));

        Result set = cli(NEW_PASSWORD + "\n", "users", "set-password", "cli-carol", "--db", live.toString());

        assertDone(set, "Set the password of cli-carol; 1 sign-in ended.");
        assertAnonymous(carol);
        carol.dropCookie(SESSION);
        carol.setCookie(REMEMBER, rememberToken);
        assertAnonymous(carol);
        assertLoginRefused("cli-carol", PASSWORD);
        signedIn("cli-carol", NEW_PASSWORD);
    }

    @Test
    void logoutEndsEveryLiveSessionButLeavesTheAccountUsable() {
        register("cli-dave");
        Browser laptop = signedIn("cli-dave", PASSWORD);
        Browser phone = signedIn("cli-dave", PASSWORD);

        Result logout = cli("", "users", "logout", "cli-dave", "--db", live.toString());

        assertDone(logout, "Logged out cli-dave; 2 sign-ins ended.");
        assertAnonymous(laptop);
        assertAnonymous(phone);
        signedIn("cli-dave", PASSWORD);
    }

    @Test
    void refusedCommandsSayWhyOnOneLineAndChangeNothing() throws Exception {
        register("cli-erin");
        Browser erin = signedIn("cli-erin", PASSWORD);
        Path missing = folder.resolve("no-such.db");
        Path notDatabase = Files.writeString(folder.resolve("notes.txt"), "not a database\n");
        String db = live.toString();
        Result listBefore = cli("", "users", "list", "--db", db);
        assertEquals(0, listBefore.status(), listBefore::toString);
        String state = state();

        assertRefused(cli("", "users", "disable", "cli-nobody", "--db", db), "No user named cli-nobody.");
        assertEquals(state, state(), "users disable of an unknown user changed the database");
        assertRefused(cli(PASSWORD + "\n", "users", "create", "CLI-ERIN", "--email", "other@example.com",
                "--db", db), "Username: Please use a different username.");
        assertEquals(state, state(), "users create of a taken username changed the database");
        assertRefused(cli(PASSWORD + "\n", "users", "create", "cli-fresh", "--email", "not-an-address",
                "--db", db), "Email: Invalid email address.");
        assertEquals(state, state(), "users create with an invalid email changed the database");
        assertRefused(cli("short\n", "users", "create", "cli-fresh", "--email", "cli-fresh@example.com",
                "--db", db), "Password: Password must be between 8 and 1024 characters long.");
        assertEquals(state, state(), "users create with a short password changed the database");
        assertRefused(cli("password1\n", "users", "set-password", "cli-erin", "--db", db),
                "Password: This password is one of the most common passwords, so it is among the first an "
                        + "attacker tries. Please choose another.");
        assertEquals(state, state(), "users set-password with a common password changed the database");
        assertSignedInAs(erin, "cli-erin");

        // --db wins over the system property, which names the live database here.
        Result noDatabase = cli(List.of("-Dmicroblog.db=" + db), Map.of(), PASSWORD + "\n", "users", "create",
                "cli-ghost", "--email", "cli-ghost@example.com", "--db", missing.toString());
        assertEquals(1, noDatabase.status(), noDatabase::toString);
        assertEquals("", noDatabase.out(), noDatabase::toString);
        assertTrue(noDatabase.err().startsWith("No database at " + missing.toAbsolutePath() + " (from --db)."),
                noDatabase::toString);
        assertEquals(1, noDatabase.err().lines().count(), noDatabase::toString);
        try (Stream<Path> files = Files.list(folder)) {
            List<String> made = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(missing.getFileName().toString())).toList();
            assertTrue(made.isEmpty(), "a command on a missing database created " + made);
        }
        assertEquals(state, state(), "users create on a missing database changed the live one");

        assertRefused(cli("", "db", "check", "--db", notDatabase.toString()),
                notDatabase + " is not a SQLite database.");
        assertRefused(cli("", "db", "backup", notDatabase.toString(), "--db", db),
                notDatabase + " already exists: db backup never overwrites a file.");
        assertEquals("not a database\n", Files.readString(notDatabase));
        assertEquals(state, state(), "db check or db backup changed the database");

        Result listAfter = cli("", "users", "list", "--db", db);
        assertEquals(listBefore.out(), listAfter.out(), listAfter::toString);
        assertFalse(listAfter.out().contains("cli-fresh") || listAfter.out().contains("cli-ghost"),
                listAfter::toString);
    }

    @Test
    void malformedCommandLinesGetTheUsageAndHelpListsEveryCommand() throws Exception {
        String db = live.toString();
        String state = state();

        Result noEmail = cli(PASSWORD + "\n", "users", "create", "cli-frank", "--db", db);
        assertUsage(noEmail, "Missing required option: '--email=EMAIL'", "Usage: java -jar microblog.war users create");
        Result nothing = cli("");
        assertUsage(nothing, "Missing command.", "Usage: java -jar microblog.war");
        Result unknown = cli("", "frobnicate", "--db", db);
        assertUsage(unknown, "Unmatched argument at index 0: 'frobnicate'", "Usage: java -jar microblog.war");
        assertEquals(state, state(), "a malformed command line changed the database");

        Result help = cli("", "--help");
        assertEquals(0, help.status(), help::toString);
        assertEquals("", help.err(), help::toString);
        for (String command : List.of("users create USERNAME --email EMAIL", "users list",
                "users set-password USERNAME", "users disable USERNAME", "users enable USERNAME",
                "users logout USERNAME", "db check", "db backup FILE")) {
            assertTrue(help.out().contains("  " + command + " "), "--help lists " + command + ": " + help);
        }
    }

    @Test
    void databaseIsChosenBySystemPropertyBeforeJarOrByTheEnvironment() {
        register("cli-grace");
        Path absent = folder.resolve("absent.db");

        // The system property wins over the environment variable, which names a file that does not exist.
        Result byProperty = cli(List.of("-Dmicroblog.db=" + live), Map.of("MICROBLOG_DB", absent.toString()), "",
                "users", "list");
        assertListed(byProperty, "cli-grace", "active");
        Result byEnvironment = cli(List.of(), Map.of("MICROBLOG_DB", live.toString()), "", "users", "list");
        assertListed(byEnvironment, "cli-grace", "active");
        assertEquals(byProperty.out(), byEnvironment.out());
        assertFalse(Files.exists(absent), "the environment variable was read although the property was set");
    }

    @Test
    void backupOfTheLiveDatabaseHoldsEveryRegistrationAcknowledgedBeforeItBegan() throws Exception {
        Path copy = Files.createDirectories(folder.resolve("backups")).resolve("copy.db");
        Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<String> refused = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(LOAD_THREADS);
        long began;
        long ended;
        Result backup;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < LOAD_THREADS; t++) {
                String prefix = "load" + t + "-";
                workers.add(load.submit(() -> registerUntil(stop, prefix, acknowledged, refused)));
            }
            awaitAcknowledged(acknowledged, 20, workers);

            began = System.nanoTime();
            backup = cli("", "db", "backup", copy.toString(), "--db", live.toString());
            ended = System.nanoTime();

            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            load.shutdownNow();
        }

        assertTrue(refused.isEmpty(), "registrations refused under load: " + refused);
        assertDone(backup, "Backed up " + live + " to " + copy + " (" + Files.size(copy)
                + " bytes); the copy passed db check.");
        long during = acknowledged.stream().filter(a -> a.nanos() > began && a.nanos() < ended).count();
        assertTrue(during > 0, "no registration was answered while the backup ran: no load to back up under");
        Set<String> due = acknowledged.stream().filter(a -> a.nanos() < began).map(Acknowledged::username)
                .collect(Collectors.toSet());
        Set<String> copied = usernames(copy);
        Set<String> lost = new HashSet<>(due);
        lost.removeAll(copied);
        assertTrue(lost.isEmpty(), lost.size() + " of " + due.size() + " registrations acknowledged before the "
                + "backup began are not in the copy: " + lost);
        Set<String> phantoms = new HashSet<>(copied);
        phantoms.removeAll(usernames(live));
        assertTrue(phantoms.isEmpty(), "users in the copy that the live database never had: " + phantoms);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        try (Stream<Path> files = Files.list(copy.getParent())) {
            assertEquals(List.of(copy), files.toList(), "the backup left a temporary file beside the copy");
        }

        Result check = cli("", "db", "check", "--db", copy.toString());
        assertDone(check, copy + ": integrity ok, schema version 5 (this microblog's).");
    }

    @Test
    void checkFindsTheLiveDatabaseSound() {
        Result check = cli("", "db", "check", "--db", live.toString());

        assertDone(check, live + ": integrity ok, schema version 5 (this microblog's).");
    }

    /**
     * The commands on PostgreSQL, in a class of their own so that only they skip where PostgreSQL is missing: a
     * database as a server's first start leaves it, named by the server's settings in the environment.
     */
    @Nested
    class OnPostgresql {
        @RegisterExtension
        static final PostgresCluster postgres = new PostgresCluster();

        @Test
        void commandsWorkOnTheServersDatabaseAndEveryRefusalIsOneLine() {
            String url = postgres.jdbcUrl();
            Database.open(url, postgres.user(), postgres.password(), Database.DEFAULT_TIMEOUT).close();
            Map<String, String> server = Map.of("MICROBLOG_DB", url, "MICROBLOG_DB_USER", postgres.user(),
                    "MICROBLOG_DB_PASSWORD", postgres.password());

            Result created = cli(List.of(), server, PASSWORD + "\n", "users", "create", "pg-ada", "--email",
                    "pg-ada@example.com");
            assertEquals(0, created.status(), created::toString);
            assertTrue(CREATED.matcher(created.out()).matches(), created::toString);
            assertEquals("", created.err(), created::toString);
            assertListed(cli(List.of(), server, "", "users", "list"), "pg-ada", "active");
            assertDone(cli(List.of(), server, "", "users", "disable", "PG-ADA"), "Disabled pg-ada; 0 sign-ins ended.");
            assertListed(cli(List.of(), server, "", "users", "list"), "pg-ada", "disabled");
            assertDone(cli(List.of(), server, "", "db", "check"), url + ": schema version 5 (this microblog's), "
                    + "every table there; on PostgreSQL db check reads the schema only, not the data's integrity.");

            // The system property before the environment, as for the server; nothing but the one line is printed
            // (no pool or driver log, no stack trace).
            assertRefused(cli(List.of("-Dmicroblog.db.password=wrong"), server, "", "users", "list"),
                    "Cannot connect to " + url + " (from the environment variable MICROBLOG_DB; user microblog): "
                            + "FATAL: password authentication failed for user \"microblog\". Check the URL, and the "
                            + "user and password the servers use: microblog.db.user and microblog.db.password (-D "
                            + "before -jar), or MICROBLOG_DB_USER and MICROBLOG_DB_PASSWORD.");
            String empty = postgres.createDatabase("cli_it_empty");
            assertRefused(cli(List.of(), server, "", "users", "list", "--db", empty), empty + " is not a microblog "
                    + "database (it has no schema_version and users tables): start this microblog's server on it "
                    + "once to create them, or name the server's database.");
            Path dump = folder.resolve("pg.dump");
            Result backup = cli(List.of(), server, "", "db", "backup", dump.toString());
            assertEquals(1, backup.status(), backup::toString);
            assertTrue(backup.err().startsWith("db backup copies SQLite files; for PostgreSQL use pg_dump: pg_dump "
                    + "--format=custom --dbname=" + url.substring("jdbc:".length()) + " --username=microblog --file="
                    + dump + " "), backup::toString);
            assertEquals(1, backup.err().lines().count(), backup::toString);
            assertFalse(Files.exists(dump), "db backup on PostgreSQL wrote a file");
        }
    }

    private static Void registerUntil(AtomicBoolean stop, String prefix, Queue<Acknowledged> acknowledged,
                                      Queue<String> refused) {
        Browser visitor = visitor();
        for (int i = 0; !stop.get(); i++) {
            String name = prefix + i;
            HttpResponse<String> response = visitor.submit("/register", Map.of("username", name,
                    "email", name + "@example.com", "password", PASSWORD, "password2", PASSWORD));
            long at = System.nanoTime();
            if (response.statusCode() == 302 && "/login".equals(visitor.location(response))) {
                acknowledged.add(new Acknowledged(name, at));
            } else {
                refused.add(name + ": " + response.statusCode());
            }
        }
        return null;
    }

    /** Waits until the load has had this many registrations answered (and fails if a worker died). */
    private static void awaitAcknowledged(Queue<Acknowledged> acknowledged, int count, List<Future<?>> workers)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < count) {
            for (Future<?> worker : workers) {
                if (worker.isDone()) {
                    worker.get();
                    throw new AssertionError("a load worker stopped early");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acknowledged.size() + " registrations answered in 60 s");
            }
            Thread.sleep(50);
        }
    }

    private static Result cli(String stdin, String... args) {
        return cli(List.of(), Map.of(), stdin, args);
    }

    /**
     * Runs {@code java [jvmOptions] -jar microblog.war args} with the test's own JVM, these environment variables
     * (and no inherited MICROBLOG_DB), and {@code stdin} as its whole standard input; kills it after the timeout.
     */
    private static Result cli(List<String> jvmOptions, Map<String, String> environment, String stdin,
                              String... args) {
        try {
            Path tmp = Files.createDirectories(folder.resolve("tmp"));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // A short-lived JVM starts in half the time with the first JIT tier only.
                    "-XX:TieredStopAtLevel=1", "-Dmicroblog.pbkdf2.iterations=1000",
                    // The launcher unpacks the WAR here: a killed process leaves nothing in /tmp.
                    "-Djava.io.tmpdir=" + tmp));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", war.toString()));
            command.addAll(Arrays.asList(args));
            Path out = Files.createTempFile(folder, "stdout-", ".txt");
            Path err = Files.createTempFile(folder, "stderr-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("MICROBLOG_DB");
            builder.environment().putAll(environment);
            Process process = builder.start();
            try {
                try (Writer input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
                    input.write(stdin);
                } catch (IOException exitedWithoutReading) {
                    // a command that fails before it reads its input may close the pipe first
                }
                if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("java -jar microblog.war " + String.join(" ", args) + " did not exit "
                            + "within " + COMMAND_TIMEOUT.toSeconds() + " s; stdout: " + Files.readString(out)
                            + " stderr: " + Files.readString(err));
                }
                return new Result(List.of(args), process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                if (process.isAlive()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run java -jar " + war + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertDone(Result result, String line) {
        assertEquals(0, result.status(), result::toString);
        assertEquals(line + NL, result.out(), result::toString);
        assertEquals("", result.err(), result::toString);
    }

    /** Exit status 1, nothing on standard output, exactly this one line on standard error. */
    private static void assertRefused(Result result, String line) {
        assertEquals(1, result.status(), result::toString);
        assertEquals("", result.out(), result::toString);
        assertEquals(line + NL, result.err(), result::toString);
    }

    /** Exit status 2, nothing on standard output, the reason and the usage on standard error. */
    private static void assertUsage(Result result, String reason, String usage) {
        assertEquals(2, result.status(), result::toString);
        assertEquals("", result.out(), result::toString);
        assertTrue(result.err().startsWith(reason + NL), result::toString);
        assertTrue(result.err().contains(usage), result::toString);
    }

    /** {@code users list} succeeded and shows the user with this status. */
    private static void assertListed(Result list, String username, String status) {
        assertEquals(0, list.status(), list::toString);
        assertEquals("", list.err(), list::toString);
        String[] columns = line(list, username).split("\t", -1);
        assertEquals(5, columns.length, list::toString);
        assertTrue(columns[0].matches("\\d+"), list::toString);
        assertEquals(username + "@example.com", columns[2], list::toString);
        assertEquals(status, columns[3], list::toString);
        assertTrue(columns[4].matches("\\d{4}-\\d{2}-\\d{2}"), list::toString);
    }

    private static String line(Result list, String username) {
        return list.out().lines().filter(line -> line.split("\t", -1).length > 1
                        && line.split("\t", -1)[1].equals(username)).findFirst()
                .orElseThrow(() -> new AssertionError(username + " not listed: " + list));
    }

    private static Browser visitor() {
        return new Browser(jetty.uri(""), "");
    }

    private static void register(String name) {
        Browser visitor = visitor();
        HttpResponse<String> response = visitor.submit("/register", Map.of("username", name,
                "email", name + "@example.com", "password", PASSWORD, "password2", PASSWORD));
        assertEquals(302, response.statusCode(), "registration of " + name + " failed: " + response.body());
        assertEquals("/login", visitor.location(response));
    }

    /** A new browser that logs in (remembered) and lands on its home page. */
    private static Browser signedIn(String name, String password) {
        Browser visitor = visitor();
        HttpResponse<String> login = visitor.submit("/login",
                Map.of("username", name, "password", password, "remember_me", "y"));
        assertEquals(302, login.statusCode(), login.body());
        assertEquals("/index", visitor.location(login), "login of " + name);
        assertSignedInAs(visitor, name);
        return visitor;
    }

    private static void assertSignedInAs(Browser visitor, String name) {
        HttpResponse<String> home = visitor.get("/index");
        assertEquals(200, home.statusCode(), home.body());
        assertTrue(home.body().contains("<h1>Hi, " + name + "!</h1>"), home.body());
    }

    private static void assertAnonymous(Browser visitor) {
        HttpResponse<String> home = visitor.get("/index");
        assertEquals(302, home.statusCode(), "still signed in: " + home.body());
        assertEquals("/login?next=%2Findex", visitor.location(home));
    }

    /** A login that fails as a wrong password does; answers where it was sent. */
    private static String assertLoginRefused(String name, String password) {
        Browser visitor = visitor();
        HttpResponse<String> login = visitor.submit("/login",
                Map.of("username", name, "password", password, "remember_me", "y"));
        assertEquals(302, login.statusCode(), login.body());
        String location = visitor.location(login);
        assertEquals("/login", location, "login of " + name);
        HttpResponse<String> page = visitor.get("/login");
        assertTrue(page.body().contains(INVALID), page.body());
        assertTrue(visitor.cookie(REMEMBER).isEmpty(), "a refused login was remembered");
        return location;
    }

    /**
     * What a refused command must leave as it was: every user row, every sign-in and remember-me token, and every
     * table's AUTOINCREMENT counter (any insert moves it, even of a row deleted since).
     */
    private static String state() throws SQLException {
        try (Connection db = reading(live)) {
            return String.join("\n", rows(db, "SELECT * FROM users ORDER BY id"),
                    rows(db, "SELECT id, user_id FROM sign_ins ORDER BY id"),
                    rows(db, "SELECT id, user_id, selector FROM remember_tokens ORDER BY id"),
                    rows(db, "SELECT name, seq FROM sqlite_sequence ORDER BY name"));
        }
    }

    private static Set<String> usernames(Path database) throws SQLException {
        try (Connection db = reading(database)) {
            return new HashSet<>(Container.column(db, "SELECT username FROM users"));
        }
    }

    /** A read-only connection that never creates the file. */
    private static Connection reading(Path database) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout(15_000);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + database);
        return source.getConnection();
    }

    private static String rows(Connection db, String sql) throws SQLException {
        StringBuilder rows = new StringBuilder(sql).append('\n');
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                for (int i = 1; i <= columns; i++) {
                    rows.append(i > 1 ? "\t" : "").append(result.getString(i));
                }
                rows.append('\n');
            }
        }
        return rows.toString();
    }
}
