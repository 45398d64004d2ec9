package microblog.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers unknown paths with 404 and unknown methods with 405 before anything else looks at the request, so no
 * other filter (login, CSRF) answers for a route that does not exist. TRACE is never echoed (on Jetty, whose default
 * descriptor would answer TRACE with a bare 403, WEB-INF/jetty-web.xml lets it reach this filter).
 */
public final class RoutesFilter extends HttpFilter {
    private final Routes routes;

    public RoutesFilter(Routes routes) {
        this.routes = routes;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String path = Routes.pathOf(req);
        if (!routes.exists(path) || routes.isStatic(path) && !isFile(path)) {
            ErrorPages.render(req, resp, HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (!routes.allows(path, req.getMethod())) {
            resp.setHeader("Allow", routes.allow(path));
            ErrorPages.render(req, resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        chain.doFilter(req, resp);
    }

    /**
     * Whether a file (not a folder) exists at this static path: a folder gets no listing, and no redirect that
     * would reveal that it exists. Folders are listed with a trailing slash, files without.
     */
    private boolean isFile(String path) {
        var siblings = getServletContext().getResourcePaths(path.substring(0, path.lastIndexOf('/') + 1));
        return siblings != null && siblings.contains(path);
    }
}
