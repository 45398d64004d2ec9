package microblog.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import microblog.web.Cookies;
import microblog.web.Signer;
import microblog.web.Tokens;
import microblog.web.Unicode;

/**
 * OWASP's "device cookie": a signed {@code device} cookie naming the account this browser last logged into and a
 * random device id, so that the owner's own browser is not held back by someone else's failed guesses.
 */
public final class KnownDevices {
    public static final String COOKIE = "device";
    private static final Duration LIFETIME = Duration.ofDays(365);

    private final Signer signer;
    private final Clock clock;

    public KnownDevices(Signer signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    /** The device id, if this browser carries a valid known-device cookie for this username. */
    public Optional<String> deviceFor(HttpServletRequest req, String username) {
        return Cookies.get(req, COOKIE).flatMap(signer::verify).flatMap(value -> {
            int tilde = value.indexOf('~');
            if (tilde <= 0) {
                return Optional.empty();
            }
            String account = decode(value.substring(0, tilde));
            return Unicode.fold(username).equals(account) ? Optional.of(value.substring(tilde + 1))
                    : Optional.empty();
        });
    }

    /** Marks this browser as known for the user after a successful login, keeping its device id if it has one. */
    public void remember(HttpServletRequest req, HttpServletResponse resp, User user, Optional<String> device) {
        String id = device.orElseGet(() -> Tokens.random(16));
        String value = signer.sign(encode(Unicode.fold(user.username())) + "~" + id);
        Cookies.set(req, resp, COOKIE, value, clock.instant(), clock.instant().plus(LIFETIME));
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String text) {
        try {
            return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return "";
        }
    }
}
