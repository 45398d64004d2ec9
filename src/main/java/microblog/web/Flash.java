package microblog.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;

/** One-time messages kept in the session and shown on the next page rendered (Flask's flash()). */
public final class Flash {
    static final String ATTRIBUTE = "microblog.flashes";

    private Flash() {
    }

    /** Keeps a message for the next page; this starts a session if there is none. */
    public static void add(HttpServletRequest req, String message) {
        HttpSession session = req.getSession(true);
        synchronized (session) {
            List<String> messages = messages(session);
            List<String> updated = messages == null ? new ArrayList<>() : new ArrayList<>(messages);
            updated.add(message);
            session.setAttribute(ATTRIBUTE, List.copyOf(updated));
        }
    }

    /** The waiting messages, removed so they show once; never creates a session. */
    public static List<String> drain(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        if (session == null) {
            return List.of();
        }
        synchronized (session) {
            List<String> messages = messages(session);
            if (messages == null) {
                return List.of();
            }
            session.removeAttribute(ATTRIBUTE);
            return messages;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> messages(HttpSession session) {
        return (List<String>) session.getAttribute(ATTRIBUTE);
    }
}
