package microblog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import microblog.auth.Accounts;
import microblog.auth.PasswordHasher;
import microblog.auth.SignIns;
import microblog.auth.UserDao;
import microblog.testing.TempDatabase;
import microblog.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code users} commands on a real SQLite file, open meanwhile as a running server would have it. */
class UsersCommandTest {
    private static final String PASSWORD = "correct horse 9";

    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private final Commands commands = new Commands();
    private String file;

    @BeforeEach
    void setUp() {
        file = db.file().toString();
    }

    private Commands.Result create(String username, String email, String password) {
        return commands.withInput(password + "\n", "users", "create", username, "--email", email, "--db", file);
    }

    private Accounts accounts() {
        return new Accounts(db.dao(UserDao.class), new PasswordHasher(TestServer.TEST_ITERATIONS),
                db.database().dataVersion(), Clock.systemUTC());
    }

    private long idOf(String username) {
        return accounts().named(username).orElseThrow().id();
    }

    /** A sign-in with a remember-me token, as a password login with "remember me" leaves. */
    private long signIn(String username) {
        long userId = idOf(username);
        long signIn = new SignIns(db.jdbi(), Clock.systemUTC(), Duration.ofMinutes(30), db.database().dataVersion())
                .start(accounts().find(userId).orElseThrow(), "127.0.0.1", "curl/8")
                .orElseThrow();
        db.jdbi().useHandle(h -> h.execute("INSERT INTO remember_tokens (selector, validator_hash, user_id, "
                + "expires_at, sign_in_id) VALUES (?, 'x', ?, ?, ?)", "s" + signIn, userId,
                System.currentTimeMillis() + 60_000, signIn));
        return signIn;
    }

    private long count(String sql, Object... args) {
        return db.jdbi().withHandle(h -> h.select(sql, args).mapTo(Long.class).one());
    }

    private String list() {
        Commands.Result listed = commands.run("users", "list", "--db", file);
        assertEquals(0, listed.status(), listed.toString());
        return listed.out();
    }

    @Test
    void createMakesAUserWhoLogsInWithThePasswordFromStandardInput() {
        Commands.Result created = create("susan", "susan@example.com", PASSWORD);

        assertEquals(0, created.status(), created.toString());
        assertEquals("Created user susan (id " + idOf("susan") + ").\n", created.out());
        assertEquals("", created.err());
        assertTrue(accounts().authenticate("SUSAN", PASSWORD).isPresent(), "logs in, ignoring case, as at login");
    }

    @Test
    void createUsesTheHashingSettings() {
        commands.properties.put("microblog.pbkdf2.iterations", "1234");
        create("hashed", "hashed@example.com", PASSWORD);

        String hash = db.dao(UserDao.class).passwordHashOf(idOf("hashed")).orElseThrow();
        assertTrue(new PasswordHasher(1234).verify(PASSWORD, hash));
        assertFalse(new PasswordHasher(1234).needsRehash(hash), "made with the configured iterations: " + hash);
    }

    @Test
    void createNormalisesTheUsernameAndEmailAsRegistrationDoes() {
        Commands.Result created = create(" ｓｕｓａｎ ", "ｓｕｓａｎ@example.com", PASSWORD);

        assertEquals(0, created.status(), created.toString());
        assertTrue(list().contains("\tsusan\tsusan@example.com\t"), list());
    }

    @Test
    void createRefusesATakenUsernameOrEmailIgnoringCaseWithRegistrationsMessages() {
        create("susan", "susan@example.com", PASSWORD);
        String before = list();

        Commands.Result name = create("SUSAN", "other@example.com", PASSWORD);
        Commands.Result email = create("other", "Susan@Example.com", PASSWORD);

        assertEquals(1, name.status(), name.toString());
        assertEquals("Username: Please use a different username.\n", name.err());
        assertEquals(1, email.status(), email.toString());
        assertEquals("Email: Please use a different email address.\n", email.err());
        assertEquals(before, list(), "nothing changed");
    }

    @Test
    void createRefusesABadUsernameOrEmailBeforeAskingForThePassword() {
        Commands.Result badEmail = commands.run("users", "create", "tom", "--email", "not-an-address", "--db", file);
        Commands.Result badName = commands.run("users", "create", "tom smith", "--email", "tom@example.com",
                "--db", file);

        assertEquals(1, badEmail.status(), badEmail.toString());
        assertEquals("Email: Invalid email address.\n", badEmail.err(), "no password was read: stdin was empty");
        assertEquals(1, badName.status(), badName.toString());
        assertTrue(badName.err().startsWith("Username: Username may only contain letters"), badName.err());
        assertEquals(0, count("SELECT COUNT(*) FROM users"));
    }

    @Test
    void createRefusesAPasswordThatRegistrationRefuses() {
        Commands.Result shortOne = create("tom", "tom@example.com", "short");
        Commands.Result common = create("tom", "tom@example.com", "password1");
        Commands.Result withName = create("tom", "tom@example.com", "tom-is-great");

        assertEquals(1, shortOne.status(), shortOne.toString());
        assertEquals("Password: Password must be between 8 and 1024 characters long.\n", shortOne.err());
        assertEquals(1, common.status());
        assertTrue(common.err().startsWith("Password: This password is one of the most common"), common.err());
        assertEquals("Password: Password must not contain your username.\n", withName.err());
        assertEquals(0, count("SELECT COUNT(*) FROM users"));
    }

    @Test
    void createWithoutAPasswordOnStandardInputChangesNothing() {
        Commands.Result created = commands.run("users", "create", "tom", "--email", "tom@example.com", "--db", file);

        assertEquals(1, created.status(), created.toString());
        assertTrue(created.err().startsWith("No password: standard input is not a terminal and was empty"),
                created.err());
        assertEquals(0, count("SELECT COUNT(*) FROM users"));
    }

    @Test
    void createWithoutAnEmailIsAUsageError() {
        Commands.Result created = commands.withInput(PASSWORD + "\n", "users", "create", "tom", "--db", file);

        assertEquals(2, created.status(), created.toString());
        assertTrue(created.err().contains("Missing required option: '--email=EMAIL'"), created.err());
        assertTrue(created.err().contains("Usage: java -jar microblog.war users create"), created.err());
    }

    @Test
    void aPasswordIsNeverTakenFromTheCommandLine() {
        Commands.Result created = commands.run("users", "create", "tom", "--email", "tom@example.com",
                "--password", PASSWORD, "--db", file);

        assertEquals(2, created.status(), created.toString());
        assertTrue(created.err().startsWith("Unknown option"), created.err());
    }

    @Test
    void listShowsEveryUserTabSeparatedWithStatusAndRegistrationDate() {
        create("susan", "susan@example.com", PASSWORD);
        create("tom", "tom@example.com", PASSWORD);
        commands.run("users", "disable", "tom", "--db", file);
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        assertEquals(idOf("susan") + "\tsusan\tsusan@example.com\tactive\t" + today + "\n"
                + idOf("tom") + "\ttom\ttom@example.com\tdisabled\t" + today + "\n", list());
    }

    @Test
    void listShowsADashForAUserWhoseRegistrationWasNotRecorded() {
        db.jdbi().useHandle(h -> h.execute("INSERT INTO users (username, email, password_hash) "
                + "VALUES ('old', 'old@example.com', 'x')"));

        assertEquals(idOf("old") + "\told\told@example.com\tactive\t-\n", list());
    }

    @Test
    void setPasswordEndsEverySignInAndTheNewPasswordWorks() {
        create("susan", "susan@example.com", PASSWORD);
        signIn("susan");
        signIn("susan");

        Commands.Result set = commands.withInput("a brand new one 7\n", "users", "set-password", "Susan",
                "--db", file);

        assertEquals(0, set.status(), set.toString());
        assertEquals("Set the password of susan; 2 sign-ins ended.\n", set.out());
        assertEquals(0, count("SELECT COUNT(*) FROM sign_ins"));
        assertEquals(0, count("SELECT COUNT(*) FROM remember_tokens"));
        assertFalse(accounts().authenticate("susan", PASSWORD).isPresent());
        assertTrue(accounts().authenticate("susan", "a brand new one 7").isPresent());
        assertEquals(1, count("SELECT COUNT(*) FROM outbox WHERE recipient = 'susan@example.com' "
                + "AND subject = '[Microblog] Your password was changed'"), "the user is told, as after a reset");
    }

    @Test
    void setPasswordRefusesAWeakPasswordAndKeepsTheOldOne() {
        create("susan", "susan@example.com", PASSWORD);
        signIn("susan");

        Commands.Result set = commands.withInput("susan2026\n", "users", "set-password", "susan", "--db", file);

        assertEquals(1, set.status(), set.toString());
        assertEquals("Password: Password must not contain your username.\n", set.err());
        assertTrue(accounts().authenticate("susan", PASSWORD).isPresent());
        assertEquals(1, count("SELECT COUNT(*) FROM sign_ins"), "nothing changed");
    }

    @Test
    void disableEndsEverySignInAndTheRightPasswordNoLongerLogsIn() {
        create("susan", "susan@example.com", PASSWORD);
        signIn("susan");

        Commands.Result disabled = commands.run("users", "disable", "SUSAN", "--db", file);

        assertEquals(0, disabled.status(), disabled.toString());
        assertEquals("Disabled susan; 1 sign-in ended.\n", disabled.out());
        assertEquals(0, count("SELECT COUNT(*) FROM sign_ins"));
        assertEquals(0, count("SELECT COUNT(*) FROM remember_tokens"));
        assertFalse(accounts().authenticate("susan", PASSWORD).isPresent());

        Commands.Result enabled = commands.run("users", "enable", "susan", "--db", file);

        assertEquals(0, enabled.status(), enabled.toString());
        assertEquals("Enabled susan.\n", enabled.out());
        assertTrue(accounts().authenticate("susan", PASSWORD).isPresent());
    }

    @Test
    void disableVoidsResetLinksSoEnablingBringsNoneBack() {
        create("susan", "susan@example.com", PASSWORD);
        long id = idOf("susan");
        db.jdbi().useHandle(h -> h.execute("INSERT INTO password_resets (token_hash, user_id, created_at, "
                + "expires_at) VALUES ('h', ?, ?, ?)", id, System.currentTimeMillis(),
                System.currentTimeMillis() + 600_000));

        commands.run("users", "disable", "susan", "--db", file);
        commands.run("users", "enable", "susan", "--db", file);

        assertEquals(0, count("SELECT COUNT(*) FROM password_resets WHERE used_at IS NULL"));
    }

    @Test
    void disablingTwiceAndEnablingTwiceSayHowThingsStand() {
        create("susan", "susan@example.com", PASSWORD);
        commands.run("users", "disable", "susan", "--db", file);

        assertEquals("susan was already disabled; 0 sign-ins ended.\n",
                commands.run("users", "disable", "susan", "--db", file).out());
        commands.run("users", "enable", "susan", "--db", file);
        assertEquals("susan was already enabled.\n", commands.run("users", "enable", "susan", "--db", file).out());
    }

    @Test
    void logoutEndsEverySignInOfThatUserOnly() {
        create("susan", "susan@example.com", PASSWORD);
        create("tom", "tom@example.com", PASSWORD);
        signIn("susan");
        signIn("susan");
        signIn("tom");

        Commands.Result logout = commands.run("users", "logout", "susan", "--db", file);

        assertEquals(0, logout.status(), logout.toString());
        assertEquals("Logged out susan; 2 sign-ins ended.\n", logout.out());
        assertEquals(1, count("SELECT COUNT(*) FROM sign_ins"));
        assertEquals(1, count("SELECT COUNT(*) FROM remember_tokens WHERE user_id = ?", idOf("tom")));
    }

    @Test
    void anUnknownUsernameIsExitOneWithTheContractsMessage() {
        for (String command : new String[] {"set-password", "disable", "enable", "logout"}) {
            Commands.Result result = commands.withInput(PASSWORD + "\n", "users", command, "ghost", "--db", file);

            assertEquals(1, result.status(), command + ": " + result);
            assertEquals("No user named ghost.\n", result.err(), command);
            assertEquals("", result.out(), command);
        }
    }
}
