package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.password4j.CompressedPBKDF2Function;
import java.util.Optional;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Checking passwords against a real SQLite file, and upgrading hashes made with weaker settings. */
class AccountsTest {
    private static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private UserDao users;

    @BeforeEach
    void openDatabase() {
        users = db.dao(UserDao.class);
    }

    @Test
    void authenticateRehashesAWeakerStoredHashWithTheCurrentIterations() {
        String weak = new PasswordHasher(500).hash(PASSWORD);
        long id = users.insert("susan", "susan@example.com", weak);
        Accounts accounts = new Accounts(users, new PasswordHasher(1000));

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
        long id = users.insert("tom", "tom@example.com", hash);

        assertTrue(new Accounts(users, hasher).authenticate("tom", PASSWORD).isPresent());

        assertEquals(hash, users.findById(id).orElseThrow().passwordHash());
    }

    @Test
    void wrongPasswordIsRefusedAndTheWeakHashIsKept() {
        String weak = new PasswordHasher(500).hash(PASSWORD);
        long id = users.insert("ann", "ann@example.com", weak);

        assertFalse(new Accounts(users, new PasswordHasher(1000)).authenticate("ann", "wrong password").isPresent());

        assertEquals(weak, users.findById(id).orElseThrow().passwordHash());
    }

    @Test
    void unknownUserIsRefused() {
        users.insert("bob", "bob@example.com", new PasswordHasher(1000).hash(PASSWORD));

        assertEquals(Optional.empty(), new Accounts(users, new PasswordHasher(1000)).authenticate("rob", PASSWORD));
    }
}
