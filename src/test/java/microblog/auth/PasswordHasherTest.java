package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.password4j.CompressedPBKDF2Function;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PBKDF2 hashes with cheap settings: salted, self-describing, checkable, and upgraded when too weak. */
class PasswordHasherTest {
    private static final String PASSWORD = "correct horse battery";

    private final PasswordHasher hasher = new PasswordHasher(1000);

    @Test
    void hashIsNotThePasswordAndCarriesItsParameters() {
        String hash = hasher.hash(PASSWORD);

        assertFalse(hash.contains(PASSWORD), hash);
        CompressedPBKDF2Function function = CompressedPBKDF2Function.getInstanceFromHash(hash);
        assertEquals(1000, function.getIterations());
        assertEquals(256, function.getLength());
        assertTrue(function.getAlgorithm().toUpperCase(Locale.ROOT).contains("SHA256"), function.getAlgorithm());
    }

    @Test
    void twoHashesOfOnePasswordDifferBecauseOfTheirSalt() {
        String first = hasher.hash(PASSWORD);
        String second = hasher.hash(PASSWORD);

        assertNotEquals(first, second);
        assertTrue(hasher.verify(PASSWORD, first));
        assertTrue(hasher.verify(PASSWORD, second));
    }

    @Test
    void verifyAcceptsTheRightPasswordOnly() {
        String hash = hasher.hash(PASSWORD);

        assertTrue(hasher.verify(PASSWORD, hash));
        assertFalse(hasher.verify("correct horse battery!", hash));
        assertFalse(hasher.verify("Correct horse battery", hash));
        assertFalse(hasher.verify("", hash));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "$3$", "$3$abc$def$ghi", "$2a$10$abcdefghijklmnopqrstuu", PASSWORD})
    void verifyAgainstAnUnreadableHashIsFalse(String storedHash) {
        assertFalse(hasher.verify(PASSWORD, storedHash));
    }

    @Test
    void hashMadeWithFewerIterationsNeedsRehash() {
        String weak = new PasswordHasher(500).hash(PASSWORD);

        assertTrue(hasher.needsRehash(weak));
        assertTrue(hasher.verify(PASSWORD, weak), "older hashes stay checkable");
    }

    @Test
    void hashMadeWithTheSameSettingsNeedsNoRehash() {
        assertFalse(hasher.needsRehash(hasher.hash(PASSWORD)));
        assertFalse(new PasswordHasher(500).needsRehash(hasher.hash(PASSWORD)), "stronger is not re-made weaker");
    }

    @Test
    void unreadableHashNeedsRehash() {
        assertTrue(hasher.needsRehash("garbage"));
    }

    @Test
    void fullwidthPasswordVerifiesAgainstItsAsciiFormAfterNfkc() {
        String hash = hasher.hash("password123");

        assertTrue(hasher.verify("\uFF50\uFF41\uFF53\uFF53\uFF57\uFF4F\uFF52\uFF44\uFF11\uFF12\uFF13", hash));
        assertTrue(hasher.verify("password123", hasher.hash("\uFF50\uFF41\uFF53\uFF53word123")));
    }

    @Test
    void theDummyHashHasTheCurrentParametersAndMatchesNoPassword() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1000);
        java.lang.reflect.Field field = PasswordHasher.class.getDeclaredField("dummyHash");
        field.setAccessible(true);
        String dummy = (String) field.get(hasher);

        com.password4j.CompressedPBKDF2Function parsed =
                com.password4j.CompressedPBKDF2Function.getInstanceFromHash(dummy);
        assertEquals(1000, parsed.getIterations());
        assertEquals(256, parsed.getLength());
        assertFalse(hasher.verify("anything", dummy));
        assertFalse(hasher.needsRehash(dummy), "a current, well-formed hash");
    }
}
