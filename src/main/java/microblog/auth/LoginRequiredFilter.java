package microblog.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import microblog.web.Flash;
import microblog.web.Redirects;
import microblog.web.Routes;

/**
 * Loads the signed-in user for each request (Flask-Login's user_loader) and sends anonymous visitors of protected
 * pages to the login page, remembering where they were going (Flask-Login's {@code @login_required}).
 */
public final class LoginRequiredFilter extends HttpFilter {
    static final String PLEASE_LOG_IN = "Please log in to access this page.";

    private final SignIns signIns;
    private final Routes routes;

    public LoginRequiredFilter(SignIns signIns, Routes routes) {
        this.signIns = signIns;
        this.routes = routes;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        // Loaded on every request, so a deleted account is signed out at once.
        CurrentUser.load(req, resp, signIns);
        String path = Routes.pathOf(req);
        if (CurrentUser.isSignedIn(req) || !routes.loginRequired(path)) {
            chain.doFilter(req, resp);
            return;
        }
        String target = req.getQueryString() == null ? path : path + "?" + req.getQueryString();
        Flash.add(req, PLEASE_LOG_IN);
        Redirects.to(req, resp, "/login?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }
}
