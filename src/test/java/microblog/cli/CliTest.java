package microblog.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import microblog.db.Database;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a whole: help, usage errors, which database, and databases the commands must refuse. */
class CliTest {
    @TempDir
    Path folder;

    private final Commands commands = new Commands();

    private Path microblogDatabase(String name) {
        Path file = folder.resolve(name);
        Database.open(file.toString()).close();
        return file;
    }

    @Test
    void helpListsEveryCommandWithItsArguments() {
        Commands.Result help = commands.run("--help");

        assertEquals(0, help.status(), help.toString());
        for (String command : new String[] {"users create USERNAME --email EMAIL", "users list",
                "users set-password USERNAME", "users disable USERNAME", "users enable USERNAME",
                "users logout USERNAME", "db check", "db backup FILE"}) {
            assertTrue(help.out().contains("  " + command + " "), command + " in:\n" + help.out());
        }
        assertTrue(help.out().startsWith("Usage: java -jar microblog.war"), help.out());
    }

    @Test
    void eachCommandHasItsOwnHelp() {
        Commands.Result help = commands.run("users", "create", "--help");

        assertEquals(0, help.status(), help.toString());
        assertTrue(help.out().contains("Usage: java -jar microblog.war users create"), help.out());
        assertTrue(help.out().contains("--email=EMAIL"), help.out());
    }

    @Test
    void aMalformedCommandLineIsExitTwoWithTheUsage() {
        for (String[] args : new String[][] {{}, {"users"}, {"db"}, {"frobnicate"}, {"users", "delete", "x"},
                {"users", "disable"}, {"users", "list", "extra"}, {"db", "backup"}, {"--db"}}) {
            Commands.Result result = commands.run(args);

            assertEquals(2, result.status(), String.join(" ", args) + ": " + result);
            assertTrue(result.err().contains("Usage: java -jar microblog.war"), String.join(" ", args) + ": "
                    + result.err());
            assertEquals("", result.out());
        }
    }

    @Test
    void theDatabaseIsTheServersSettingUnlessDbNamesOne() {
        Path property = microblogDatabase("property.db");
        Path environment = microblogDatabase("environment.db");
        Path option = microblogDatabase("option.db");
        commands.environment.put("MICROBLOG_DB", environment.toString());
        commands.withInput("correct horse 9\n", "users", "create", "env", "--email", "env@example.com");
        commands.properties.put("microblog.db", property.toString());
        commands.withInput("correct horse 9\n", "users", "create", "prop", "--email", "prop@example.com");
        commands.withInput("correct horse 9\n", "--db", option.toString(), "users", "create", "opt", "--email",
                "opt@example.com");

        assertEquals(1, usernames(environment).length);
        assertArrayEquals(new String[] {"env"}, usernames(environment));
        assertArrayEquals(new String[] {"prop"}, usernames(property), "the system property before the environment");
        assertArrayEquals(new String[] {"opt"}, usernames(option), "--db before the subcommand works too");
    }

    private static String[] usernames(Path file) {
        return Jdbi.create("jdbc:sqlite:" + file).withHandle(h -> h.createQuery("SELECT username FROM users")
                .mapTo(String.class).list()).toArray(String[]::new);
    }

    @Test
    void aMissingDatabaseFileIsRefusedNamingThePathAndTheSettingAndIsNotCreated() {
        Path typo = folder.resolve("mircoblog.db");

        Commands.Result byOption = commands.run("users", "list", "--db", typo.toString());
        commands.properties.put("microblog.db", typo.toString());
        Commands.Result byProperty = commands.run("users", "list");
        commands.properties.remove("microblog.db");
        commands.environment.put("MICROBLOG_DB", typo.toString());
        Commands.Result byEnvironment = commands.run("db", "check");

        assertEquals(1, byOption.status(), byOption.toString());
        assertTrue(byOption.err().startsWith("No database at " + typo + " (from --db)."), byOption.err());
        assertTrue(byProperty.err().startsWith("No database at " + typo + " (from the system property "
                + "microblog.db)."), byProperty.err());
        assertEquals(1, byEnvironment.status());
        assertTrue(byEnvironment.err().startsWith("No database at " + typo + " (from the environment variable "
                + "MICROBLOG_DB)."), byEnvironment.err());
        assertFalse(Files.exists(typo), "never created by a typo");
        assertEquals(1, byOption.err().lines().count(), "one line");
    }

    @Test
    void aFileThatIsNotMicroblogsIsRefusedAndLeftAsItWas() throws Exception {
        Path text = folder.resolve("notes.txt");
        Files.writeString(text, "not a database at all, just some notes that are long enough\n".repeat(20));
        Path other = folder.resolve("other.db");
        Jdbi.create("jdbc:sqlite:" + other).useHandle(h -> h.execute("CREATE TABLE things (id INTEGER)"));
        byte[] textBefore = Files.readAllBytes(text);
        byte[] otherBefore = Files.readAllBytes(other);

        Commands.Result notSqlite = commands.run("users", "list", "--db", text.toString());
        Commands.Result notOurs = commands.withInput("correct horse 9\n", "users", "create", "x", "--email",
                "x@example.com", "--db", other.toString());
        Commands.Result checked = commands.run("db", "check", "--db", other.toString());

        assertEquals(1, notSqlite.status(), notSqlite.toString());
        assertEquals(text + " is not a SQLite database.\n", notSqlite.err());
        assertEquals(1, notOurs.status(), notOurs.toString());
        assertEquals(other + " is not a microblog database (it has no schema_version and users tables).\n",
                notOurs.err());
        assertEquals(1, checked.status());
        assertArrayEquals(textBefore, Files.readAllBytes(text));
        assertArrayEquals(otherBefore, Files.readAllBytes(other), "not even its journal mode changed");
        assertFalse(Files.exists(folder.resolve("other.db-wal")));
    }

    @Test
    void aDatabaseOfAnotherSchemaVersionIsRefusedWithWhatToDo() {
        Path newer = microblogDatabase("newer.db");
        Jdbi.create("jdbc:sqlite:" + newer).useHandle(h -> h.execute(
                "INSERT INTO schema_version (version, script, applied_at) VALUES (99, 'V99__future.sql', 0)"));
        Path older = microblogDatabase("older.db");
        Jdbi.create("jdbc:sqlite:" + older).useHandle(h -> h.execute(
                "DELETE FROM schema_version WHERE version = (SELECT MAX(version) FROM schema_version)"));

        Commands.Result onNewer = commands.run("users", "list", "--db", newer.toString());
        Commands.Result onOlder = commands.run("users", "list", "--db", older.toString());

        assertEquals(1, onNewer.status(), onNewer.toString());
        assertTrue(onNewer.err().startsWith(newer + " has schema version 99, this microblog knows only up to "),
                onNewer.err());
        assertEquals(1, onOlder.status(), onOlder.toString());
        assertTrue(onOlder.err().contains("start this version's server on it once to upgrade it."), onOlder.err());
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedNamingWhatTheCommandsTake() {
        Commands.Result listed = commands.run("users", "list", "--db", "jdbc:mysql://db.example.com/microblog");

        assertEquals(1, listed.status(), listed.toString());
        assertEquals("The commands work on SQLite files and jdbc:postgresql: URLs; jdbc:mysql://db.example.com/"
                + "microblog (from --db) is neither.\n", listed.err());
    }

    @Test
    void anUnexpectedFailureIsOneLineWithoutAStackTrace() {
        String reason = Cli.reason(new IllegalStateException("outer", new java.sql.SQLException("disk I/O\nerror")));

        assertEquals("The command failed and changed nothing: disk I/O error", reason);
    }
}
