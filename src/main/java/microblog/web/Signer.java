package microblog.web;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs short cookie values with HMAC-SHA256 under the installation's secret key, and checks them. */
public final class Signer {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    /** A Mac is not thread-safe, and making one per call costs a provider lookup: one per thread. */
    private final ThreadLocal<Mac> macs;

    public Signer(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** {@code value.signature}; the value must not contain a dot. */
    public String sign(String value) {
        return value + "." + signature(value);
    }

    /** The value inside a signed string, if the signature is ours. */
    public Optional<String> verify(String signed) {
        int dot = signed.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String value = signed.substring(0, dot);
        byte[] expected = signature(value).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signed.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        // Constant time, so the signature cannot be found one byte at a time.
        return MessageDigest.isEqual(expected, given) ? Optional.of(value) : Optional.empty();
    }

    private String signature(String value) {
        return ENCODER.encodeToString(macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
