package microblog.account;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Logger;
import microblog.auth.CurrentUser;
import microblog.web.ClientAddress;
import microblog.web.Flash;
import microblog.web.FormErrors;
import microblog.web.Forms;
import microblog.security.Limiter;
import microblog.web.Redirects;
import microblog.web.Views;

/**
 * {@code /reset_password_request}: GET asks for the address, POST records a reset request (microblog:
 * routes.reset_password_request). The answer is the same, and takes the same time, whether or not an account has
 * the address: the mail sender finds out later.
 */
public final class ResetPasswordRequestServlet extends HttpServlet {
    static final String VIEW = "account/reset_password_request";
    static final String CHECK_YOUR_EMAIL = "Check your email for the instructions to reset your password";
    private static final Logger LOG = Logger.getLogger(ResetPasswordRequestServlet.class.getName());

    private final PasswordResets resets;
    private final ResetLinks links;
    private final Limiter requests;
    private final ClientAddress clientAddress;
    private final Forms forms;
    private final Views views;

    /** {@code requests} counts reset requests per client address; {@code baseUrl} is microblog.base.url. */
    public ResetPasswordRequestServlet(PasswordResets resets, Optional<String> baseUrl, Limiter requests,
                                       ClientAddress clientAddress, Forms forms, Views views) {
        this.resets = resets;
        this.links = new ResetLinks(baseUrl);
        this.requests = requests;
        this.clientAddress = clientAddress;
        this.forms = forms;
        this.views = views;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (CurrentUser.isSignedIn(req)) {
            Redirects.to(req, resp, "/index");
            return;
        }
        views.render(req, resp, VIEW);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (CurrentUser.isSignedIn(req)) {
            Redirects.to(req, resp, "/index");
            return;
        }
        String address = clientAddress.of(req);
        OptionalLong wait = requests.heldBack(address);
        if (wait.isPresent()) {
            views.tooManyRequests(req, resp, wait.getAsLong());     // the same for any address typed
            return;
        }
        ResetPasswordRequestForm form = ResetPasswordRequestForm.from(req);
        FormErrors errors = forms.validate(form);
        if (errors.any()) {
            views.render(req, resp, VIEW, errors);
            return;
        }
        requests.count(address);
        Optional<String> base = links.base(req.getScheme(), req.getServerName(), req.getServerPort(),
                req.getContextPath());
        if (base.isPresent()) {
            resets.request(form.email(), base.get());
        } else {
            LOG.warning("No reset mail can be sent: set microblog.base.url to the address users reach microblog at "
                    + "(such as https://example.com/microblog)");
        }
        Flash.add(req, CHECK_YOUR_EMAIL);
        Redirects.to(req, resp, "/login");
    }
}
