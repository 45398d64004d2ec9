package microblog.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import microblog.web.Csrf;

/**
 * Lets error pages show a signed-in user's navigation (the Logout button and its token): a 404 or 500 page is
 * reached before, or instead of, the filters that load the user for the app's own routes.
 */
public final class ErrorPagesFilter extends HttpFilter {
    private static final Logger LOG = Logger.getLogger(ErrorPagesFilter.class.getName());

    private final SignIns signIns;

    public ErrorPagesFilter(SignIns signIns) {
        this.signIns = signIns;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        try {
            CurrentUser.load(req, resp, signIns);
        } catch (RuntimeException databaseDown) {
            // An error page must render even when the database is what failed; it then shows the anonymous nav.
            LOG.log(Level.FINE, "No user for the error page", databaseDown);
        }
        if (req.getAttribute("csrfToken") == null) {
            req.setAttribute("csrfToken", Csrf.existingToken(req));
        }
        chain.doFilter(req, resp);
    }
}
