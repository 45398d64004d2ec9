package microblog.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import microblog.web.Csrf;

/** Who is signed in: the session keeps only the user's id; the request carries the user loaded for it. */
public final class CurrentUser {
    /** Request attribute read by views ({@code ${currentUser.username()}}). */
    public static final String ATTRIBUTE = "currentUser";
    static final String SESSION_USER_ID = "microblog.userId";

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

    /**
     * Loads the user whose id the session holds (Flask-Login's user_loader), once per request; a session whose
     * user no longer exists is ended.
     */
    static void load(HttpServletRequest req, HttpServletResponse resp, Accounts accounts) {
        if (isSignedIn(req)) {
            return;
        }
        Optional<Long> userId = sessionUserId(req);
        if (userId.isEmpty()) {
            return;
        }
        Optional<User> user = accounts.find(userId.get());
        if (user.isPresent()) {
            req.setAttribute(ATTRIBUTE, user.get());
        } else {
            signOut(req, resp);
        }
    }

    public static void signIn(HttpServletRequest req, HttpServletResponse resp, User user) {
        HttpSession session = req.getSession(false);
        if (session != null) {
            req.changeSessionId();              // a new id at login: no session fixation
        } else {
            session = req.getSession(true);
        }
        session.setAttribute(SESSION_USER_ID, user.id());
        req.setAttribute(ATTRIBUTE, user);
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
