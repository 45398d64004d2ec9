package microblog.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Renders the site's own error pages ({@code /WEB-INF/views/errors/CODE.jsp}) for any request method. */
public final class ErrorPages {
    private ErrorPages() {
    }

    /**
     * The error page with this status. Rendered here rather than through {@code sendError}, because Jetty shows
     * a web.xml error page only for GET, HEAD and POST, leaving a PUT or DELETE with an empty body.
     */
    public static void render(HttpServletRequest req, HttpServletResponse resp, int status)
            throws ServletException, IOException {
        resp.setStatus(status);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("text/html;charset=UTF-8");
        // JSPs answer only GET, HEAD and POST: show the page as if it had been asked for with GET.
        HttpServletRequest asGet = "HEAD".equals(req.getMethod()) ? req : new HttpServletRequestWrapper(req) {
            @Override
            public String getMethod() {
                return "GET";
            }
        };
        // Through the same page writer as every view (a view that already took the writer leaves no conflict).
        PageResponse.render(asGet, resp, "/WEB-INF/views/errors/" + status + ".jsp");
    }
}
