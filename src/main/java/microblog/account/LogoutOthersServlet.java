package microblog.account;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import microblog.auth.CurrentUser;
import microblog.auth.SignIns;
import microblog.auth.User;
import microblog.web.Flash;
import microblog.web.Redirects;
import microblog.web.Views;

/** {@code POST /account/logout_others}: ends every sign-in of this user but this browser's. */
public final class LogoutOthersServlet extends HttpServlet {
    static final String LOGGED_OUT = "You have been logged out everywhere else.";

    private final SignIns signIns;
    private final Views views;

    public LogoutOthersServlet(SignIns signIns, Views views) {
        this.signIns = signIns;
        this.views = views;
    }

    /** Only reached by a POST whose token was stale (RoutesFilter answers a real GET with 405): the page again. */
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        AccountServlet.render(req, resp, signIns, views);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        User user = CurrentUser.get(req).orElseThrow();
        signIns.endAllBut(user.id(), CurrentUser.signInId(req).orElseThrow());
        Flash.add(req, LOGGED_OUT);
        Redirects.to(req, resp, "/account");
    }
}
