package bench;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * The yardstick: writes one fixed page, read once from {@code WEB-INF/page.html} (the bench makes it as large as the
 * app's logged-in home page), with the same content type; no session, no database, no view.
 */
public final class FixedPageServlet extends HttpServlet {
    private byte[] page;

    @Override
    public void init() throws ServletException {
        try (InputStream in = getServletContext().getResourceAsStream("/WEB-INF/page.html")) {
            if (in == null) {
                throw new ServletException("no /WEB-INF/page.html");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new ServletException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        resp.setContentLength(page.length);
        resp.getOutputStream().write(page);
    }
}
