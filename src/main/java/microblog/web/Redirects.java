package microblog.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Redirects to paths inside the application, adding the context path. */
public final class Redirects {
    private Redirects() {
    }

    /** {@code path} starts with {@code /} and is inside the application ({@code /index}, {@code /login?next=...}). */
    public static void to(HttpServletRequest req, HttpServletResponse resp, String path) throws IOException {
        resp.setStatus(HttpServletResponse.SC_FOUND);
        resp.setHeader("Location", req.getContextPath() + path);
    }
}
