package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The users table on a real SQLite file: lookups ignore case, and so does uniqueness. */
class UserDaoTest {
    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private UserDao users;

    @BeforeEach
    void openDatabase() {
        users = db.dao(UserDao.class);
    }

    @Test
    void insertedUserIsFoundByIdAndByUsernameIgnoringCase() {
        long id = users.insert("Susan", "Susan@Example.com", "hash-1", 0L);

        User expected = new User(id, "Susan", "Susan@Example.com", "hash-1");
        assertEquals(Optional.of(expected), users.findById(id));
        assertEquals(Optional.of(expected), users.findByUsername("susan"));
        assertEquals(Optional.of(expected), users.findByUsername("SUSAN"));
        assertEquals(Optional.empty(), users.findByUsername("susan2"));
        assertEquals(Optional.empty(), users.findById(id + 1));
    }

    @Test
    void usernameAndEmailTakenIgnoreCase() {
        users.insert("Susan", "Susan@Example.com", "hash-1", 0L);

        assertTrue(users.usernameTaken("sUSAN"));
        assertTrue(users.emailTaken("susan@example.COM"));
        assertFalse(users.usernameTaken("susanna"));
        assertFalse(users.emailTaken("susan@example.org"));
    }

    @Test
    void caseVariantOfATakenUsernameCannotBeInserted() {
        users.insert("Susan", "susan@example.com", "hash-1", 0L);

        assertThrows(UnableToExecuteStatementException.class,
                () -> users.insert("SUSAN", "other@example.com", "hash-2", 0L));
        assertEquals("Susan", users.findByUsername("susan").orElseThrow().username());
    }

    @Test
    void caseVariantOfATakenEmailCannotBeInserted() {
        users.insert("susan", "susan@example.com", "hash-1", 0L);

        assertThrows(UnableToExecuteStatementException.class,
                () -> users.insert("tom", "SUSAN@EXAMPLE.COM", "hash-2", 0L));
        assertFalse(users.usernameTaken("tom"));
    }

    @Test
    void aRehashLeavesAPasswordChangedSinceTheCheckAlone() {
        long susan = users.insert("Susan", "Susan@Example.com", "weak-hash-of-old", 0L);
        users.updatePasswordHash(susan, "hash-of-new");        // a password change while the login hashed

        assertEquals(0, users.rehash(susan, "weak-hash-of-old", "strong-hash-of-old"));
        assertEquals("hash-of-new", users.passwordHashOf(susan).orElseThrow(), "the change is not undone");
        assertEquals(1, users.rehash(susan, "hash-of-new", "strong-hash-of-new"));
        assertEquals("strong-hash-of-new", users.passwordHashOf(susan).orElseThrow());
    }

    @Test
    void updatePasswordHashChangesOnlyThatUser() {
        long susan = users.insert("susan", "susan@example.com", "hash-1", 0L);
        long tom = users.insert("tom", "tom@example.com", "hash-2", 0L);

        users.updatePasswordHash(susan, "hash-3");

        assertEquals("hash-3", users.findById(susan).orElseThrow().passwordHash());
        assertEquals("hash-2", users.findById(tom).orElseThrow().passwordHash());
    }
}
