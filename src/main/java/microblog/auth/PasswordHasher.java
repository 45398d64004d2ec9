package microblog.auth;

import com.password4j.CompressedPBKDF2Function;
import com.password4j.Password;
import com.password4j.types.Hmac;
import java.text.Normalizer;
import microblog.web.Tokens;

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
        this.dummyHash = hash(Tokens.random(16));
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
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }
}
