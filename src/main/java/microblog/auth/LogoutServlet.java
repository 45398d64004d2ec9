package microblog.auth;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import microblog.web.Redirects;
import microblog.web.Views;

/**
 * {@code /logout}: POST signs out and forgets this browser's remember-me token; GET only shows a confirm button,
 * because a link or an image must not be able to sign anyone out (microblog: routes.logout).
 */
public final class LogoutServlet extends HttpServlet {
    static final String VIEW = "auth/logout";

    private final RememberMe rememberMe;
    private final SignIns signIns;
    private final Views views;

    public LogoutServlet(RememberMe rememberMe, SignIns signIns, Views views) {
        this.rememberMe = rememberMe;
        this.signIns = signIns;
        this.views = views;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        // A logout POST with a stale token arrives here as a GET marked expired: show the button again.
        if (CurrentUser.isSignedIn(req) || req.getAttribute(Views.FORM_EXPIRED) != null) {
            views.render(req, resp, VIEW);
            return;
        }
        Redirects.to(req, resp, "/index");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        rememberMe.forget(req, resp);
        Optional<User> user = CurrentUser.get(req);
        Optional<Long> signIn = CurrentUser.signInId(req);
        if (user.isPresent() && signIn.isPresent()) {
            signIns.end(user.get().id(), signIn.get());
        }
        CurrentUser.signOut(req, resp);
        Redirects.to(req, resp, "/index");
    }
}
