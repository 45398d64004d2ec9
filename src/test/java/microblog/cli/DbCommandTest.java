package microblog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import microblog.testing.TempDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code db check} and {@code db backup} on a real SQLite file that is open meanwhile, as a server has it. */
class DbCommandTest {
    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    @TempDir
    Path folder;

    private final Commands commands = new Commands();

    @Test
    void checkReportsASoundDatabaseAndItsSchemaVersion() {
        Commands.Result checked = commands.run("db", "check", "--db", db.file().toString());

        assertEquals(0, checked.status(), checked.toString());
        assertEquals(db.file() + ": integrity ok, schema version 5 (this microblog's).\n", checked.out());
    }

    @Test
    void checkFailsOnRowsThatReferToNothing() {
        db.jdbi().useHandle(h -> {
            h.execute("PRAGMA foreign_keys = OFF");
            h.execute("INSERT INTO posts (body, timestamp, user_id) VALUES ('orphan', 0, 999)");
        });

        Commands.Result checked = commands.run("db", "check", "--db", db.file().toString());

        assertEquals(1, checked.status(), checked.toString());
        assertEquals(db.file() + " is not sound: 1 rows refer to rows that do not exist (first in table posts).\n",
                checked.err());
    }

    @Test
    void checkFailsOnADamagedFile() throws Exception {
        Path damaged = folder.resolve("damaged.db");
        assertEquals(0, commands.run("db", "backup", damaged.toString(), "--db", db.file().toString()).status());
        byte[] bytes = Files.readAllBytes(damaged);
        for (int i = 4096 + 100; i < bytes.length; i += 7) {
            bytes[i] = (byte) 0x5a;         // every page but the first scribbled over
        }
        Files.write(damaged, bytes);

        Commands.Result checked = commands.run("db", "check", "--db", damaged.toString());

        assertEquals(1, checked.status(), checked.toString());
        assertEquals(1, checked.err().lines().count(), checked.err());
    }

    @Test
    void backupWritesACheckedCopyReadableByItsOwnerOnly() throws Exception {
        db.jdbi().useHandle(h -> h.execute(
                "INSERT INTO users (username, email, password_hash) VALUES ('susan', 'susan@example.com', 'x')"));
        Path copy = folder.resolve("nightly.db");

        Commands.Result backup = commands.run("db", "backup", copy.toString(), "--db", db.file().toString());

        assertEquals(0, backup.status(), backup.toString());
        assertEquals("Backed up " + db.file() + " to " + copy + " (" + Files.size(copy) + " bytes); the copy "
                + "passed db check.\n", backup.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        assertEquals(List.of("susan"), Jdbi.create("jdbc:sqlite:" + copy).withHandle(h -> h.createQuery(
                "SELECT username FROM users").mapTo(String.class).list()));
        assertEquals(0, commands.run("db", "check", "--db", copy.toString()).status());
        assertEquals(0, commands.run("users", "list", "--db", copy.toString()).status(), "a microblog database");
        try (var left = Files.list(folder)) {
            assertEquals(List.of(copy), left.toList(), "no temporary file left beside it");
        }
    }

    @Test
    void backupNeverOverwritesAFile() throws Exception {
        Path existing = folder.resolve("precious.db");
        Files.writeString(existing, "keep me");

        Commands.Result backup = commands.run("db", "backup", existing.toString(), "--db", db.file().toString());

        assertEquals(1, backup.status(), backup.toString());
        assertEquals(existing + " already exists: db backup never overwrites a file.\n", backup.err());
        assertEquals("keep me", Files.readString(existing));
    }

    @Test
    void backupIntoAMissingFolderIsRefused() {
        Path nowhere = folder.resolve("no-such-folder").resolve("b.db");

        Commands.Result backup = commands.run("db", "backup", nowhere.toString(), "--db", db.file().toString());

        assertEquals(1, backup.status(), backup.toString());
        assertEquals("No folder " + nowhere.getParent() + " to write the backup in.\n", backup.err());
        assertFalse(Files.exists(nowhere.getParent()));
    }

    @Test
    void backupOfAMissingDatabaseWritesNothing() {
        Path copy = folder.resolve("b.db");

        Commands.Result backup = commands.run("db", "backup", copy.toString(), "--db",
                folder.resolve("gone.db").toString());

        assertEquals(1, backup.status(), backup.toString());
        assertTrue(backup.err().startsWith("No database at "), backup.err());
        assertFalse(Files.exists(copy));
    }
}
