package microblog.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;

/**
 * The CSRF token of a visitor: kept in the session once there is one; before that, a signed double-submit
 * {@code csrf} cookie (as Django does), so that merely looking at the login page creates no session.
 */
public final class Csrf {
    public static final String FIELD = "csrf_token";
    static final String COOKIE = "csrf";
    static final String SESSION_ATTRIBUTE = "microblog.csrf";
    private static final String ISSUED = "microblog.csrf.issued";

    private final Signer signer;

    public Csrf(Signer signer) {
        this.signer = signer;
    }

    /** The token to put in a form rendered now, setting the cookie if the visitor has neither session nor cookie. */
    public String token(HttpServletRequest req, HttpServletResponse resp) {
        HttpSession session = req.getSession(false);
        if (session != null) {
            synchronized (session) {
                String token = (String) session.getAttribute(SESSION_ATTRIBUTE);
                if (token == null) {
                    token = Tokens.random(32);
                    session.setAttribute(SESSION_ATTRIBUTE, token);
                }
                return token;
            }
        }
        String issued = (String) req.getAttribute(ISSUED);
        if (issued != null) {
            return issued;
        }
        Optional<String> cookie = validCookie(req);
        if (cookie.isPresent()) {
            return cookie.get();
        }
        String token = signer.sign(Tokens.random(32));
        Cookies.set(req, resp, COOKIE, token);
        req.setAttribute(ISSUED, token);
        return token;
    }

    /** The token of a session that exists, without making one; for pages the container renders. */
    public static String existingToken(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        return session == null ? null : (String) session.getAttribute(SESSION_ATTRIBUTE);
    }

    /**
     * Whether a POST carries the visitor's token: the session's, or, for a visitor not signed in, the token of a
     * validly signed {@code csrf} cookie (a login form rendered before the visitor's session began).
     */
    public boolean accepts(HttpServletRequest req, boolean signedIn) {
        String submitted = req.getParameter(FIELD);
        if (submitted == null || submitted.isEmpty()) {
            return false;
        }
        if (Tokens.equal(submitted, existingToken(req))) {
            return true;
        }
        // A signed-in user's forms always carry the session token; the cookie only stands in before a login.
        return !signedIn && validCookie(req).filter(cookie -> Tokens.equal(submitted, cookie)).isPresent();
    }

    /**
     * A new token for a new state (login, logout): the session gets a fresh one and the pre-login cookie is
     * dropped, so a token seen before the change is worth nothing after it.
     */
    public static void renew(HttpServletRequest req, HttpServletResponse resp) {
        HttpSession session = req.getSession(false);
        if (session != null) {
            session.setAttribute(SESSION_ATTRIBUTE, Tokens.random(32));
        }
        if (Cookies.get(req, COOKIE).isPresent()) {
            Cookies.expire(req, resp, COOKIE);
        }
    }

    private Optional<String> validCookie(HttpServletRequest req) {
        return Cookies.get(req, COOKIE).filter(value -> signer.verify(value).isPresent());
    }
}
