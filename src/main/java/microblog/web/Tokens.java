package microblog.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random tokens and their digests, for CSRF and remember-me. */
public final class Tokens {
    /**
     * One generator per thread, each a NIST SP 800-90A DRBG seeded from the operating system: Linux's default
     * (NativePRNG) funnels every instance through one shared, locked reader of /dev/urandom, which requests then
     * queue on.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Tokens::newGenerator);

    private Tokens() {
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("DRBG is part of every Java runtime since 9", e);
        }
    }

    /** {@code bytes} random bytes, URL-safe Base64 without padding (safe in cookies and form fields). */
    public static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.get().nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }

    /** Whether {@code value} looks like a token of {@link #random}: URL-safe Base64, of a sane length. */
    public static boolean isToken(String value) {
        return value != null && value.length() >= 16 && value.length() <= 128 && value.matches("[A-Za-z0-9_-]+");
    }

    public static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Compares without leaking, through timing, how much of the two strings agree. */
    public static boolean equal(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
