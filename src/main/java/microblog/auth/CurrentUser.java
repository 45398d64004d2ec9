package microblog.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import microblog.web.Csrf;

/**
 * Who is signed in: the session keeps only the user's id and the id of its sign-in; the request carries the user
 * loaded for it.
 */
public final class CurrentUser {
    /** Request attribute read by views ({@code ${currentUser.username()}}). */
    public static final String ATTRIBUTE = "currentUser";
    static final String SESSION_USER_ID = "microblog.userId";
    static final String SESSION_SIGN_IN_ID = "microblog.signInId";

    private CurrentUser() {
    }

    /** The user loaded for this request by {@link LoginRequiredFilter}. */
    public static Optional<User> get(HttpServletRequest req) {
        return Optional.ofNullable((User) req.getAttribute(ATTRIBUTE));
    }

    public static boolean isSignedIn(HttpServletRequest req) {
        return req.getAttribute(ATTRIBUTE) != null;
    }

    /** The id the session holds, without creating a session. */
    static Optional<Long> sessionUserId(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((Long) session.getAttribute(SESSION_USER_ID));
    }

    /** The id of this browser's sign-in, when someone is signed in. */
    public static Optional<Long> signInId(HttpServletRequest req) {
        if (!isSignedIn(req)) {
            return Optional.empty();
        }
        return Optional.ofNullable((Long) req.getSession(false).getAttribute(SESSION_SIGN_IN_ID));
    }

    /**
     * Loads the user whose id the session holds (Flask-Login's user_loader), once per request; a session whose
     * user no longer exists or is disabled, or whose sign-in was ended (here or on another server), is ended.
     */
    static void load(HttpServletRequest req, HttpServletResponse resp, SignIns signIns) {
        if (isSignedIn(req)) {
            return;
        }
        HttpSession session = req.getSession(false);
        if (session == null) {
            return;
        }
        Long userId = (Long) session.getAttribute(SESSION_USER_ID);
        if (userId == null) {
            return;
        }
        Long signInId = (Long) session.getAttribute(SESSION_SIGN_IN_ID);
        Optional<User> user = signInId == null ? Optional.empty() : signIns.userOf(signInId, userId);
        if (user.isPresent()) {
            req.setAttribute(ATTRIBUTE, user.get());
            signIns.touch(signInId);
        } else {
            signOut(req, resp);
        }
    }

    /** Signs the user in for this request and session, as part of sign-in {@code signInId}. */
    public static void signIn(HttpServletRequest req, HttpServletResponse resp, User user, long signInId) {
        HttpSession session = req.getSession(false);
        if (session != null) {
            req.changeSessionId();              // a new id at login: no session fixation
        } else {
            session = req.getSession(true);
        }
        session.setAttribute(SESSION_USER_ID, user.id());
        session.setAttribute(SESSION_SIGN_IN_ID, signInId);
        req.setAttribute(ATTRIBUTE, user);
        Csrf.renew(req, resp);
    }

    /** A new session id and CSRF token for the signed-in user (after a password change), nothing else changed. */
    public static void renewSession(HttpServletRequest req, HttpServletResponse resp) {
        req.changeSessionId();
        Csrf.renew(req, resp);
    }

    public static void signOut(HttpServletRequest req, HttpServletResponse resp) {
        HttpSession session = req.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        req.removeAttribute(ATTRIBUTE);
        Csrf.renew(req, resp);
    }
}
