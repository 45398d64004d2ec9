package microblog.account;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import microblog.auth.CurrentUser;
import microblog.auth.PasswordPolicy;
import microblog.auth.User;
import microblog.web.Flash;
import microblog.web.FormErrors;
import microblog.web.Forms;
import microblog.web.Redirects;
import microblog.web.Views;

/**
 * {@code /reset_password/TOKEN}: GET shows the new-password form for a usable link (opening it uses nothing up:
 * mail scanners open links too), POST sets the password (microblog: routes.reset_password).
 */
public final class ResetPasswordServlet extends HttpServlet {
    static final String VIEW = "account/reset_password";
    static final String INVALID_LINK = "The password reset link is invalid or has expired.";
    static final String RESET = "Your password has been reset.";

    private final PasswordResets resets;
    private final PasswordPolicy passwordPolicy;
    private final Forms forms;
    private final Views views;

    public ResetPasswordServlet(PasswordResets resets, PasswordPolicy passwordPolicy, Forms forms, Views views) {
        this.resets = resets;
        this.passwordPolicy = passwordPolicy;
        this.forms = forms;
        this.views = views;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        keepTheTokenToThisPage(resp);
        if (CurrentUser.isSignedIn(req)) {
            Redirects.to(req, resp, "/index");
            return;
        }
        if (userOfLink(req).isEmpty()) {
            invalid(req, resp);
            return;
        }
        views.render(req, resp, VIEW);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        keepTheTokenToThisPage(resp);
        if (CurrentUser.isSignedIn(req)) {
            Redirects.to(req, resp, "/index");
            return;
        }
        Optional<User> user = userOfLink(req);
        if (user.isEmpty()) {
            invalid(req, resp);
            return;
        }
        ResetPasswordForm form = new ResetPasswordForm(Forms.field(req, "password"), Forms.field(req, "password2"));
        FormErrors errors = forms.validate(form);
        if (errors.of("password").isEmpty()) {
            passwordPolicy.check(user.get().username(), form.password(), errors);
        }
        if (errors.any()) {
            views.render(req, resp, VIEW, errors);
            return;
        }
        if (!resets.reset(token(req), user.get(), form.password())) {
            invalid(req, resp);                 // used by a submit that was a moment faster
            return;
        }
        Flash.add(req, RESET);
        Redirects.to(req, resp, "/login");
    }

    /** The token is in this page's URL: no Referer may carry it elsewhere, no cache may keep the page. */
    private static void keepTheTokenToThisPage(HttpServletResponse resp) {
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Cache-Control", "no-store");
    }

    private Optional<User> userOfLink(HttpServletRequest req) {
        return resets.userOf(token(req));
    }

    private static String token(HttpServletRequest req) {
        String path = req.getPathInfo();
        return path == null || path.length() < 2 ? "" : path.substring(1);
    }

    private static void invalid(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Flash.add(req, INVALID_LINK);
        Redirects.to(req, resp, "/reset_password_request");
    }
}
