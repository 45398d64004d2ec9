package microblog.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Renders a JSP under {@code /WEB-INF/views/} with what every page needs: flashes, the CSRF token, errors. */
public final class Views {
    /** Request attribute: the status a rendered page gets instead of 200 (the CSRF filter sets 400). */
    public static final String STATUS = "microblog.status";
    /** Request attribute: the form was submitted with a stale token. */
    public static final String FORM_EXPIRED = "formExpired";

    private final Csrf csrf;

    public Views(Csrf csrf) {
        this.csrf = csrf;
    }

    public void render(HttpServletRequest req, HttpServletResponse resp, String view)
            throws ServletException, IOException {
        render(req, resp, view, new FormErrors());
    }

    public void render(HttpServletRequest req, HttpServletResponse resp, String view, FormErrors errors)
            throws ServletException, IOException {
        Object status = req.getAttribute(STATUS);
        if (status instanceof Integer code) {
            resp.setStatus(code);
        }
        req.setAttribute("csrfToken", csrf.token(req, resp));
        req.setAttribute("flashes", Flash.drain(req));
        req.setAttribute("errors", errors.asMap());
        // Every page may hold a form token or private data: never keep it in a cache or the back-button history.
        resp.setHeader("Cache-Control", "no-store");
        // Jetty writes the charset in lower case (charset=utf-8), Tomcat as given; both mean the same.
        resp.setContentType("text/html;charset=UTF-8");
        PageResponse.render(req, resp, "/WEB-INF/views/" + view + ".jsp");
    }

    /**
     * The "too many attempts" page: status 429, {@code Retry-After}, and in words when to try again. Identical for
     * every username, so it tells nobody whether an account exists.
     */
    public void tooManyRequests(HttpServletRequest req, HttpServletResponse resp, long seconds)
            throws ServletException, IOException {
        resp.setHeader("Retry-After", String.valueOf(seconds));
        req.setAttribute(STATUS, 429);
        req.setAttribute("retryAfter", inWords(seconds));
        render(req, resp, "errors/429");
    }

    static String inWords(long seconds) {
        if (seconds < 60) {
            return seconds == 1 ? "1 second" : seconds + " seconds";
        }
        long minutes = (seconds + 59) / 60;
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
}
