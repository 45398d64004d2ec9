package microblog.auth;

import com.password4j.CompressedPBKDF2Function;
import com.password4j.Password;
import com.password4j.types.Hmac;
import java.security.SecureRandom;
import java.util.Base64;
import microblog.web.Tokens;
import microblog.web.Unicode;

/**
 * PBKDF2-HMAC-SHA256 password hashes made by Password4j; each stored hash carries its own salt, iteration count
 * and length, so older hashes stay checkable after the settings change.
 */
public final class PasswordHasher {
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;

    private final CompressedPBKDF2Function current;
    private final String dummyHash;

    public PasswordHasher(int iterations) {
        this.current = CompressedPBKDF2Function.getInstance(Hmac.SHA256, iterations, KEY_BITS);
        this.dummyHash = dummyHash();
    }

    /**
     * A well-formed hash with the current parameters of no password at all: checking against it costs exactly one
     * real check. Made from random bytes rather than by hashing, so start-up does not spend a full hash on it;
     * should Password4j ever read the format differently, it is made by hashing after all.
     */
    private String dummyHash() {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[SALT_BYTES];
        byte[] key = new byte[KEY_BITS / 8];
        random.nextBytes(salt);
        random.nextBytes(key);
        Base64.Encoder base64 = Base64.getEncoder();
        long parameters = ((long) current.getIterations() << 32) | KEY_BITS;
        String made = "$" + Hmac.SHA256.code() + "$" + parameters + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(key);
        try {
            if (CompressedPBKDF2Function.getInstanceFromHash(made).equals(current)) {
                return made;
            }
        } catch (RuntimeException unreadable) {
            // fall through to a real hash
        }
        return hash(Tokens.random(16));
    }

    public String hash(String password) {
        return Password.hash(normalize(password)).addRandomSalt(SALT_BYTES).with(current).getResult();
    }

    public boolean verify(String password, String storedHash) {
        CompressedPBKDF2Function function;
        try {
            function = CompressedPBKDF2Function.getInstanceFromHash(storedHash);
        } catch (RuntimeException unreadable) {
            return false;
        }
        return Password.check(normalize(password), storedHash).with(function);
    }

    /**
     * Spends the time of one real check, for an unknown username: a login answer must not reveal, by its speed,
     * whether the account exists.
     */
    public void verifyAgainstDummy(String password) {
        verify(password, dummyHash);
    }

    /** Whether a stored hash was made with weaker settings than today's, so it is re-made at the next login. */
    public boolean needsRehash(String storedHash) {
        try {
            CompressedPBKDF2Function stored = CompressedPBKDF2Function.getInstanceFromHash(storedHash);
            return stored.getIterations() < current.getIterations()
                    || stored.getLength() < current.getLength()
                    || !stored.getAlgorithm().equals(current.getAlgorithm());
        } catch (RuntimeException unreadable) {
            return true;
        }
    }

    public int iterations() {
        return current.getIterations();
    }

    /** The same NFKC form at registration and login, so a password typed on another keyboard still matches. */
    static String normalize(String password) {
        return Unicode.nfkc(password);
    }
}
