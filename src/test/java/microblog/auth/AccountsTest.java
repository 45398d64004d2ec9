package microblog.auth;

import java.time.Clock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.password4j.CompressedPBKDF2Function;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registering and checking passwords against a real database, and upgrading hashes made with weaker settings. */
class AccountsTest {
    private static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private UserDao users;

    @BeforeEach
    void openDatabase() {
        users = db.dao(UserDao.class);
    }

    private Accounts accounts(PasswordHasher hasher) {
        return new Accounts(users, hasher, db.database().dataVersion(), Clock.systemUTC());
    }

    @Test
    void authenticateRehashesAWeakerStoredHashWithTheCurrentIterations() {
        String weak = new PasswordHasher(500).hash(PASSWORD);
        long id = users.insert("susan", "susan@example.com", weak, 0L);
        Accounts accounts = accounts(new PasswordHasher(1000));

        Optional<User> user = accounts.authenticate("SUSAN", PASSWORD);

        assertEquals(id, user.orElseThrow().id());
        String stored = users.findById(id).orElseThrow().passwordHash();
        assertNotEquals(weak, stored);
        assertEquals(500, CompressedPBKDF2Function.getInstanceFromHash(weak).getIterations());
        assertEquals(1000, CompressedPBKDF2Function.getInstanceFromHash(stored).getIterations());
        assertTrue(accounts.authenticate("susan", PASSWORD).isPresent(), "the new hash checks the same password");
    }

    @Test
    void authenticateLeavesACurrentHashAlone() {
        PasswordHasher hasher = new PasswordHasher(1000);
        String hash = hasher.hash(PASSWORD);
        long id = users.insert("tom", "tom@example.com", hash, 0L);

        assertTrue(accounts(hasher).authenticate("tom", PASSWORD).isPresent());

        assertEquals(hash, users.findById(id).orElseThrow().passwordHash());
    }

    @Test
    void wrongPasswordIsRefusedAndTheWeakHashIsKept() {
        String weak = new PasswordHasher(500).hash(PASSWORD);
        long id = users.insert("ann", "ann@example.com", weak, 0L);

        assertFalse(accounts(new PasswordHasher(1000)).authenticate("ann", "wrong password").isPresent());

        assertEquals(weak, users.findById(id).orElseThrow().passwordHash());
    }

    @Test
    void unknownUserIsRefused() {
        users.insert("bob", "bob@example.com", new PasswordHasher(1000).hash(PASSWORD), 0L);

        assertEquals(Optional.empty(), accounts(new PasswordHasher(1000)).authenticate("rob", PASSWORD));
    }

    /**
     * An unknown username costs one hash check, like a wrong password, so timing tells nobody which usernames
     * exist. Compared as a ratio of medians measured side by side, never as an absolute time.
     */
    @Test
    void unknownUserTakesAsLongAsAWrongPassword() {
        PasswordHasher hasher = new PasswordHasher(20_000);
        Accounts accounts = accounts(hasher);
        users.insert("timed", "timed@example.com", hasher.hash(PASSWORD), 0L);
        long[] unknown = new long[7];
        long[] wrong = new long[7];
        for (int i = 0; i < unknown.length; i++) {
            long start = System.nanoTime();
            assertTrue(accounts.authenticate("nobody-at-all", "some guess").isEmpty());
            unknown[i] = System.nanoTime() - start;
            start = System.nanoTime();
            assertTrue(accounts.authenticate("timed", "some guess").isEmpty());
            wrong[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(unknown);
        java.util.Arrays.sort(wrong);

        double ratio = (double) unknown[unknown.length / 2] / wrong[wrong.length / 2];
        assertTrue(ratio > 0.5 && ratio < 2.0, "unknown/wrong median time ratio " + ratio);
    }

    @Test
    void findSeesAUserDeletedOrRenamedByAnotherConnectionAtOnce() throws Exception {
        long id = users.insert("gone", "gone@example.com", "hash", 0L);
        long kept = users.insert("kept", "kept@example.com", "hash", 0L);
        Accounts accounts = accounts(new PasswordHasher(1000));
        assertEquals("gone", accounts.find(id).orElseThrow().username());
        assertEquals("kept", accounts.find(kept).orElseThrow().username());

        // Another connection of its own, as the sqlite3 shell or a second webapp on the same file would have.
        try (Connection other = db.otherConnection()) {
            other.createStatement().executeUpdate("DELETE FROM users WHERE id = " + id);
            other.createStatement().executeUpdate("UPDATE users SET username = 'renamed' WHERE id = " + kept);
        }

        assertEquals(Optional.empty(), accounts.find(id));
        assertEquals("renamed", accounts.find(kept).orElseThrow().username());
    }

    @Test
    void aRegistrationThatLostTheRaceSaysWhichFieldTheWinnerTook() {
        users.insert("susan", "susan@example.com", "hash", 0L);
        // As if the winner committed between this registration's check and its insert: the check sees nothing, and
        // the unique index decides, in either dialect's words.
        UserDao checkedTooEarly = (UserDao) Proxy.newProxyInstance(UserDao.class.getClassLoader(),
                new Class<?>[] {UserDao.class}, (proxy, method, args) -> {
                    if (method.getName().endsWith("Taken")) {
                        return false;
                    }
                    try {
                        return method.invoke(users, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Accounts accounts = new Accounts(checkedTooEarly, new PasswordHasher(1000), db.database().dataVersion(),
                Clock.systemUTC());

        assertEquals(List.of(Accounts.USERNAME_TAKEN),
                accounts.register("SUSAN", "other@example.com", PASSWORD).of("username"));
        assertEquals(List.of(Accounts.EMAIL_TAKEN),
                accounts.register("other", "Susan@Example.com", PASSWORD).of("email"));
        assertEquals(1, users.accounts().size());
    }
}
