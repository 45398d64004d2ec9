package microblog.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import microblog.web.Cookies;
import microblog.web.Tokens;
import org.jdbi.v3.core.Jdbi;

/**
 * Remember-me that can be revoked: the {@code remember_token} cookie holds {@code selector.validator}; the server
 * keeps only a hash of the validator, replaces it at every use, and treats a replaced validator seen after a short
 * grace window as a stolen cookie, revoking every remember-me token of that user.
 */
public final class RememberMe {
    public static final String COOKIE = "remember_token";
    /** How long the token just replaced still works, so several tabs restoring at once do not look like theft. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(RememberMe.class.getName());

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration lifetime;

    public RememberMe(Jdbi jdbi, Clock clock, Duration lifetime) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** What presenting a cookie value led to. */
    sealed interface Outcome {
        /**
         * Valid: the user, its sign-in (null for a token older than sign-ins), and the cookie's new value (empty in
         * the grace window: the browser has it already).
         */
        record Accepted(long userId, Long signInId, long tokenId, Optional<String> newValue, long expiresAt)
                implements Outcome {
        }

        /** Unknown, expired, malformed or (after a theft) revoked. */
        record Refused() implements Outcome {
        }
    }

    /**
     * Remembers the user in this browser for sign-in {@code signInId}: a new token, its cookie lasting
     * {@code microblog.remember.days}.
     */
    public void issue(HttpServletRequest req, HttpServletResponse resp, User user, long signInId) {
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        String value = create(user.id(), signInId, expires.toEpochMilli());
        Cookies.set(req, resp, COOKIE, value, now, expires);
    }

    String create(long userId, long signInId, long expiresAt) {
        String selector = Tokens.random(16);
        String validator = Tokens.random(32);
        jdbi.useExtension(RememberTokenDao.class, dao -> {
            dao.deleteExpired(clock.millis());
            dao.insert(selector, Tokens.sha256Hex(validator), userId, expiresAt, signInId);
        });
        return selector + "." + validator;
    }

    /** Who a valid remember-me cookie names: the user and the sign-in it continues. */
    public record Remembered(long userId, Long signInId, long tokenId) {
    }

    /** The user a valid cookie names, rotating its token; a refused cookie is expired in the browser. */
    public Optional<Remembered> restore(HttpServletRequest req, HttpServletResponse resp) {
        Optional<String> cookie = Cookies.get(req, COOKIE);
        if (cookie.isEmpty()) {
            return Optional.empty();
        }
        Outcome outcome = use(cookie.get());
        if (outcome instanceof Outcome.Accepted accepted) {
            accepted.newValue().ifPresent(value -> Cookies.set(req, resp, COOKIE, value, clock.instant(),
                    Instant.ofEpochMilli(accepted.expiresAt())));
            return Optional.of(new Remembered(accepted.userId(), accepted.signInId(), accepted.tokenId()));
        }
        Cookies.expire(req, resp, COOKIE);
        return Optional.empty();
    }

    /** Checks a cookie value and rotates its token, in one transaction so concurrent uses are seen in order. */
    Outcome use(String value) {
        int dot = value.indexOf('.');
        if (dot <= 0 || dot == value.length() - 1) {
            return new Outcome.Refused();
        }
        String selector = value.substring(0, dot);
        String validatorHash = Tokens.sha256Hex(value.substring(dot + 1));
        return jdbi.inTransaction(handle -> {
            RememberTokenDao dao = handle.attach(RememberTokenDao.class);
            Optional<RememberToken> found = dao.findBySelector(selector);
            if (found.isEmpty()) {
                return new Outcome.Refused();
            }
            RememberToken token = found.get();
            long now = clock.millis();
            if (token.expiresAt() <= now) {
                dao.deleteBySelector(selector);
                return new Outcome.Refused();
            }
            if (Tokens.equal(validatorHash, token.validatorHash())) {
                String validator = Tokens.random(32);
                dao.rotate(token.id(), token.validatorHash(), Tokens.sha256Hex(validator), now);
                return new Outcome.Accepted(token.userId(), token.signInId(), token.id(),
                        Optional.of(selector + "." + validator), token.expiresAt());
            }
            boolean inGrace = token.rotatedAt() != null && now - token.rotatedAt() <= GRACE.toMillis();
            if (inGrace && Tokens.equal(validatorHash, token.previousHash())) {
                return new Outcome.Accepted(token.userId(), token.signInId(), token.id(), Optional.empty(),
                        token.expiresAt());
            }
            // A validator of this selector that is neither current nor just replaced: someone else holds a copy.
            int revoked = dao.deleteAllOf(token.userId());
            LOG.warning("Remember-me token reused after rotation: revoked " + revoked
                    + " remember-me token(s) of user " + token.userId());
            return new Outcome.Refused();
        });
    }

    /** Forgets this browser: its token is deleted on the server and its cookie expired. */
    public void forget(HttpServletRequest req, HttpServletResponse resp) {
        Optional<String> cookie = Cookies.get(req, COOKIE);
        if (cookie.isEmpty()) {
            return;
        }
        String value = cookie.get();
        int dot = value.indexOf('.');
        String selector = dot > 0 ? value.substring(0, dot) : value;
        jdbi.useExtension(RememberTokenDao.class, dao -> dao.deleteBySelector(selector));
        Cookies.expire(req, resp, COOKIE);
    }

    /** Removes expired tokens; run at start-up and whenever a token is issued. */
    public int purgeExpired() {
        return jdbi.withExtension(RememberTokenDao.class, dao -> dao.deleteExpired(clock.millis()));
    }
}
