package microblog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import microblog.auth.Accounts;
import microblog.auth.PasswordHasher;
import microblog.auth.SignIns;
import microblog.auth.UserDao;
import microblog.db.Database;
import microblog.testing.Loopback;
import microblog.testing.PostgresCluster;
import microblog.testing.TestServer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on PostgreSQL, in the run's throwaway cluster: a database that a server opened (and so migrated) and
 * keeps open meanwhile, named by a {@code jdbc:postgresql:} URL, with the user and password given as the servers get
 * them; and the databases they must refuse without creating anything.
 */
class PostgresqlCommandsTest {
    private static final String PASSWORD = "correct horse 9";

    @RegisterExtension
    static final PostgresCluster postgres = new PostgresCluster();

    /** What a server has open: the database it migrated at its start. */
    private static Database server;
    private static String url;

    @TempDir
    Path folder;

    private final Commands commands = new Commands();

    @BeforeAll
    static void startServer() {
        url = postgres.jdbcUrl();
        server = Database.open(url, postgres.user(), postgres.password(), Database.DEFAULT_TIMEOUT);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void setUp() {
        server.jdbi().useHandle(h -> h.execute("TRUNCATE users, outbox RESTART IDENTITY CASCADE"));
        commands.environment.put("MICROBLOG_DB_USER", postgres.user());
        commands.environment.put("MICROBLOG_DB_PASSWORD", postgres.password());
    }

    private Commands.Result create(String username, String password) {
        return commands.withInput(password + "\n", "users", "create", username, "--email",
                username + "@example.com", "--db", url);
    }

    private Accounts accounts() {
        return new Accounts(server.jdbi().onDemand(UserDao.class), new PasswordHasher(TestServer.TEST_ITERATIONS),
                server.dataVersion(), Clock.systemUTC());
    }

    private long idOf(String username) {
        return accounts().named(username).orElseThrow().id();
    }

    /** A sign-in with a remember-me token, as a password login with "remember me" leaves. */
    private void signIn(String username) {
        long userId = idOf(username);
        try (SignIns signIns = new SignIns(server.jdbi(), Clock.systemUTC(), Duration.ofMinutes(30),
                server.dataVersion())) {
            long signIn = signIns.start(accounts().find(userId).orElseThrow(), "127.0.0.1", "curl/8")
                .orElseThrow();
            server.jdbi().useHandle(h -> h.execute("INSERT INTO remember_tokens (selector, validator_hash, user_id, "
                    + "expires_at, sign_in_id) VALUES (?, 'x', ?, ?, ?)", "s" + signIn, userId,
                    System.currentTimeMillis() + 60_000, signIn));
        }
    }

    private static long count(String sql, Object... args) {
        return server.jdbi().withHandle(h -> h.select(sql, args).mapTo(Long.class).one());
    }

    /** The tables of a database, read as the cluster's superuser. */
    private static List<String> tablesOf(String database) {
        return Jdbi.create(database, postgres.user(), postgres.password()).withHandle(h -> h.createQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").mapTo(String.class).list());
    }

    private static void assertRefused(Commands.Result result, String line) {
        assertEquals(1, result.status(), result.toString());
        assertEquals("", result.out(), result.toString());
        assertEquals(line + "\n", result.err(), result.toString());
    }

    @Test
    void createdUserLogsInAndIsListedActive() {
        Commands.Result created = create("susan", PASSWORD);

        assertEquals(0, created.status(), created.toString());
        assertEquals("Created user susan (id " + idOf("susan") + ").\n", created.out());
        assertEquals("", created.err());
        assertTrue(accounts().authenticate("SUSAN", PASSWORD).isPresent(), "logs in, ignoring case, as at login");

        Commands.Result taken = create("Susan", PASSWORD);
        assertRefused(taken, "Username: Please use a different username. Email: Please use a different email "
                + "address.");

        Commands.Result listed = commands.run("users", "list", "--db", url);
        assertEquals(0, listed.status(), listed.toString());
        assertEquals(idOf("susan") + "\tsusan\tsusan@example.com\tactive\t" + LocalDate.now(ZoneOffset.UTC) + "\n",
                listed.out());
    }

    @Test
    void disableEndsEverySignInAndEnableLetsTheUserBackIn() {
        create("tom", PASSWORD);
        signIn("tom");

        Commands.Result disabled = commands.run("users", "disable", "TOM", "--db", url);

        assertEquals(0, disabled.status(), disabled.toString());
        assertEquals("Disabled tom; 1 sign-in ended.\n", disabled.out());
        assertEquals(0, count("SELECT COUNT(*) FROM sign_ins"));
        assertEquals(0, count("SELECT COUNT(*) FROM remember_tokens"));
        assertFalse(accounts().authenticate("tom", PASSWORD).isPresent());
        assertTrue(commands.run("users", "list", "--db", url).out().contains("\ttom\ttom@example.com\tdisabled\t"));

        Commands.Result enabled = commands.run("users", "enable", "tom", "--db", url);

        assertEquals(0, enabled.status(), enabled.toString());
        assertEquals("Enabled tom.\n", enabled.out());
        assertTrue(accounts().authenticate("tom", PASSWORD).isPresent());
    }

    @Test
    void setPasswordEndsEverySignInAndOnlyTheNewPasswordWorks() {
        create("ada", PASSWORD);
        signIn("ada");
        signIn("ada");

        Commands.Result set = commands.withInput("a brand new one 7\n", "users", "set-password", "Ada", "--db", url);

        assertEquals(0, set.status(), set.toString());
        assertEquals("Set the password of ada; 2 sign-ins ended.\n", set.out());
        assertEquals(0, count("SELECT COUNT(*) FROM sign_ins"));
        assertFalse(accounts().authenticate("ada", PASSWORD).isPresent());
        assertTrue(accounts().authenticate("ada", "a brand new one 7").isPresent());
        assertEquals(1, count("SELECT COUNT(*) FROM outbox WHERE recipient = 'ada@example.com' "
                + "AND subject = '[Microblog] Your password was changed'"), "a server's sender mails the user");
    }

    @Test
    void logoutEndsEverySignInOfThatUserOnly() {
        create("dave", PASSWORD);
        create("erin", PASSWORD);
        signIn("dave");
        signIn("dave");
        signIn("erin");

        Commands.Result logout = commands.run("users", "logout", "dave", "--db", url);

        assertEquals(0, logout.status(), logout.toString());
        assertEquals("Logged out dave; 2 sign-ins ended.\n", logout.out());
        assertEquals(1, count("SELECT COUNT(*) FROM sign_ins"));
        assertEquals(1, count("SELECT COUNT(*) FROM remember_tokens WHERE user_id = ?", idOf("erin")));
        assertRefused(commands.run("users", "logout", "ghost", "--db", url), "No user named ghost.");
    }

    @Test
    void theDatabaseUserAndPasswordAreReadAsTheServerReadsThem() {
        commands.environment.clear();
        commands.properties.put("microblog.db", url);
        commands.properties.put("microblog.db.user", postgres.user());
        commands.properties.put("microblog.db.password", postgres.password());
        assertEquals(0, create("grace", PASSWORD).status(), "all three as system properties");

        commands.properties.remove("microblog.db");
        commands.properties.remove("microblog.db.user");
        commands.properties.remove("microblog.db.password");
        commands.environment.put("MICROBLOG_DB", url);
        commands.environment.put("MICROBLOG_DB_USER", postgres.user());
        commands.environment.put("MICROBLOG_DB_PASSWORD", "wrong");
        commands.properties.put("microblog.db.password", postgres.password());
        Commands.Result listed = commands.run("users", "list");

        assertEquals(0, listed.status(), "the system property before the environment: " + listed);
        assertTrue(listed.out().contains("\tgrace\t"), listed.out());
    }

    @Test
    void checkReportsTheSchemaVersionAndTablesAndSaysItCheckedNoIntegrity() {
        Commands.Result checked = commands.run("db", "check", "--db", url);

        assertEquals(0, checked.status(), checked.toString());
        assertEquals(url + ": schema version 5 (this microblog's), every table there; on PostgreSQL db check reads "
                + "the schema only, not the data's integrity.\n", checked.out());
    }

    @Test
    void checkFindsAMissingTable() {
        String damaged = postgres.createDatabase("pgcli_damaged");
        Database.open(damaged, postgres.user(), postgres.password(), Database.DEFAULT_TIMEOUT).close();
        Jdbi.create(damaged, postgres.user(), postgres.password()).useHandle(h -> h.execute("DROP TABLE limits"));

        assertRefused(commands.run("db", "check", "--db", damaged), damaged + " is not sound: table limits is "
                + "missing.");
    }

    @Test
    void anEmptyDatabaseIsRefusedWithWhatToDoAndNothingIsCreated() {
        String empty = postgres.createDatabase("pgcli_empty");
        String refusal = empty + " is not a microblog database (it has no schema_version and users tables): start "
                + "this microblog's server on it once to create them, or name the server's database.";

        assertRefused(commands.withInput(PASSWORD + "\n", "users", "create", "x", "--email", "x@example.com",
                "--db", empty), refusal);
        assertRefused(commands.run("users", "list", "--db", empty), refusal);
        assertRefused(commands.run("db", "check", "--db", empty), refusal);
        assertEquals(List.of(), tablesOf(empty), "never migrated");
    }

    @Test
    void aDatabaseOfAnotherSchemaVersionIsRefusedWithWhatToDo() {
        String older = postgres.createDatabase("pgcli_older");
        Database.open(older, postgres.user(), postgres.password(), Database.DEFAULT_TIMEOUT).close();
        Jdbi.create(older, postgres.user(), postgres.password()).useHandle(h -> h.execute(
                "DELETE FROM schema_version WHERE version = 5"));

        assertRefused(commands.run("users", "list", "--db", older), older + " has schema version 4, this microblog "
                + "needs 5: start this version's server on it once to upgrade it.");
        Commands.Result checked = commands.run("db", "check", "--db", older);
        assertEquals(0, checked.status(), checked.toString());
        assertTrue(checked.out().startsWith(older + ": schema version 4 (older than this microblog's 5: its server "
                + "upgrades it at start); "), checked.out());
        int version = Jdbi.create(older, postgres.user(), postgres.password()).withHandle(h -> h.createQuery(
                "SELECT MAX(version) FROM schema_version").mapTo(Integer.class).one());
        assertEquals(4, version, "not migrated");
    }

    @Test
    void aWrongPasswordIsOneLineNamingTheUrlAndTheUser() {
        commands.environment.put("MICROBLOG_DB_PASSWORD", "not-the-password");

        Commands.Result listed = commands.run("users", "list", "--db", url);

        assertRefused(listed, "Cannot connect to " + url + " (from --db; user microblog): FATAL: password "
                + "authentication failed for user \"microblog\". Check the URL, and the user and password the "
                + "servers use: microblog.db.user and microblog.db.password (-D before -jar), or MICROBLOG_DB_USER "
                + "and MICROBLOG_DB_PASSWORD.");
        assertFalse(listed.err().contains("not-the-password"));
        assertEquals(1, commands.run("db", "check", "--db", url).status());
    }

    @Test
    void noPasswordOrNoServerIsOneLineToo() {
        commands.environment.remove("MICROBLOG_DB_PASSWORD");
        Commands.Result noPassword = commands.run("db", "check", "--db", url);
        String nowhere = "jdbc:postgresql://127.0.0.1:" + Loopback.freePort() + "/microblog";
        Commands.Result noServer = commands.run("users", "disable", "susan", "--db", nowhere);

        assertEquals(1, noPassword.status(), noPassword.toString());
        assertTrue(noPassword.err().startsWith("Cannot connect to " + url + " (from --db; user microblog): "),
                noPassword.err());
        assertEquals(1, noPassword.err().lines().count(), noPassword.err());
        assertEquals(1, noServer.status(), noServer.toString());
        assertTrue(noServer.err().startsWith("Cannot connect to " + nowhere + " (from --db; user microblog): "
                + "Connection to 127.0.0.1:"), noServer.err());
        assertEquals(1, noServer.err().lines().count(), noServer.err());
    }

    @Test
    void aPasswordInTheUrlIsNeverShown() {
        commands.environment.clear();
        String withSecrets = url + "?user=microblog&password=secret-in-the-url";

        Commands.Result listed = commands.run("users", "list", "--db", withSecrets);

        assertEquals(1, listed.status(), listed.toString());
        assertTrue(listed.err().startsWith("Cannot connect to " + url + " (from --db; no microblog.db.user set): "),
                listed.err());
        assertFalse(listed.err().contains("secret-in-the-url"), listed.err());
    }

    @Test
    void backupIsRefusedPointingToPgDumpAndWritesNothing() {
        Path copy = folder.resolve("nightly.dump");

        Commands.Result backup = commands.run("db", "backup", copy.toString(), "--db", url + "?sslmode=disable");

        assertRefused(backup, "db backup copies SQLite files; for PostgreSQL use pg_dump: pg_dump --format=custom "
                + "--dbname=" + url.substring("jdbc:".length()) + " --username=microblog --file=" + copy
                + " (the password from PGPASSWORD or ~/.pgpass; README.md, \"Operate\", shows pg_restore).");
        assertFalse(Files.exists(copy));
    }
}
