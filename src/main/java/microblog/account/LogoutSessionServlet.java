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
import microblog.web.Forms;
import microblog.web.Redirects;
import microblog.web.Views;

/** {@code POST /account/logout_session}: ends one sign-in of this user, named by the field {@code session}. */
public final class LogoutSessionServlet extends HttpServlet {
    static final String LOGGED_OUT = "That browser has been logged out.";

    private final SignIns signIns;
    private final Views views;

    public LogoutSessionServlet(SignIns signIns, Views views) {
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
        String session = Forms.trimmed(req, "session");
        // Only the user's own sign-ins end: any other value, a number of someone else's too, changes nothing.
        if (session.matches("[0-9]{1,18}") && signIns.end(user.id(), Long.parseLong(session))) {
            Flash.add(req, LOGGED_OUT);
        }
        Redirects.to(req, resp, "/account");
    }
}
