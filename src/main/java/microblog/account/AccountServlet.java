package microblog.account;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import microblog.auth.CurrentUser;
import microblog.auth.SignIns;
import microblog.auth.User;
import microblog.web.Views;

/** {@code /account}: the username and email, and every place where the account is signed in. */
public final class AccountServlet extends HttpServlet {
    static final String VIEW = "account/account";

    private final SignIns signIns;
    private final Views views;

    public AccountServlet(SignIns signIns, Views views) {
        this.signIns = signIns;
        this.views = views;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        render(req, resp, signIns, views);
    }

    /** The page; also what its buttons' routes show when their form came with a stale token (400). */
    static void render(HttpServletRequest req, HttpServletResponse resp, SignIns signIns, Views views)
            throws ServletException, IOException {
        User user = CurrentUser.get(req).orElseThrow();       // LoginRequiredFilter lets only users through
        long current = CurrentUser.signInId(req).orElseThrow();
        List<SignInEntry> entries = SignInEntry.of(signIns.live(user.id()), current);
        req.setAttribute("signIns", entries);
        req.setAttribute("othersSignedIn", entries.stream().anyMatch(entry -> !entry.current()));
        views.render(req, resp, VIEW);
    }
}
