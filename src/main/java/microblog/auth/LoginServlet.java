package microblog.auth;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import microblog.web.ClientAddress;
import microblog.web.Flash;
import microblog.web.FormErrors;
import microblog.web.Forms;
import microblog.web.Redirects;
import microblog.web.Views;

/** {@code /login}: GET shows the sign-in form, POST signs the user in (microblog: routes.login). */
public final class LoginServlet extends HttpServlet {
    static final String VIEW = "auth/login";
    static final String INVALID = "Invalid username or password";

    private final Accounts accounts;
    private final RememberMe rememberMe;
    private final SignIns signIns;
    private final LoginLimits limits;
    private final KnownDevices knownDevices;
    private final ClientAddress clientAddress;
    private final Forms forms;
    private final Views views;

    public LoginServlet(Accounts accounts, RememberMe rememberMe, SignIns signIns, LoginLimits limits,
                        KnownDevices knownDevices, ClientAddress clientAddress, Forms forms, Views views) {
        this.accounts = accounts;
        this.rememberMe = rememberMe;
        this.signIns = signIns;
        this.limits = limits;
        this.knownDevices = knownDevices;
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
        LoginForm form = LoginForm.from(req);
        FormErrors errors = forms.validate(form);
        if (errors.any()) {
            views.render(req, resp, VIEW, errors);
            return;
        }
        String next = next(req);
        String address = clientAddress.of(req);
        Optional<String> device = knownDevices.deviceFor(req, form.username());
        OptionalLong wait = limits.heldBack(form.username(), address, device);
        if (wait.isPresent()) {
            // Refused before any hashing, even with the right password, the same for every username.
            views.tooManyRequests(req, resp, wait.getAsLong());
            return;
        }
        Optional<User> user = accounts.authenticate(form.username(), form.password());
        if (user.isEmpty()) {
            limits.failed(form.username(), address, device);
            // The same words and the same cost for an unknown user and a wrong password.
            invalid(req, resp, next);
            return;
        }
        // Only while the account is as checked: a password changed or an account disabled since then is a failure.
        OptionalLong signIn = signIns.start(user.get(), address, req.getHeader("User-Agent"));
        if (signIn.isEmpty()) {
            limits.failed(form.username(), address, device);
            invalid(req, resp, next);
            return;
        }
        limits.succeeded(form.username(), address, device);
        knownDevices.remember(req, resp, user.get(), device);
        CurrentUser.signIn(req, resp, user.get(), signIn.getAsLong());
        if (form.rememberMe()) {
            rememberMe.issue(req, resp, user.get(), signIn.getAsLong());
        }
        Redirects.to(req, resp, next == null ? "/index" : next);
    }

    private static void invalid(HttpServletRequest req, HttpServletResponse resp, String next) throws IOException {
        Flash.add(req, INVALID);
        Redirects.to(req, resp, next == null ? "/login"
                : "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    }

    /** The login URL's own {@code next}, when it is a safe local path; never one from the form body. */
    private static String next(HttpServletRequest req) {
        String next = Forms.queryParameter(req, "next");
        return SafeRedirect.isSafe(next) ? next : null;
    }
}
