package microblog.account;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import microblog.auth.Accounts;
import microblog.auth.CurrentUser;
import microblog.auth.KnownDevices;
import microblog.auth.LoginLimits;
import microblog.auth.PasswordPolicy;
import microblog.auth.User;
import microblog.web.ClientAddress;
import microblog.web.Flash;
import microblog.web.FormErrors;
import microblog.web.Forms;
import microblog.web.Redirects;
import microblog.web.Views;

/**
 * {@code /change_password}: the current password and a new one. A wrong current password counts as a failed
 * login of this user, so a stolen session cannot be used to guess the password any faster than the login page.
 */
public final class ChangePasswordServlet extends HttpServlet {
    static final String VIEW = "account/change_password";
    static final String WRONG_CURRENT = "Your current password is incorrect.";
    static final String CHANGED = "Your password has been changed.";

    private final Accounts accounts;
    private final PasswordChanges changes;
    private final PasswordPolicy passwordPolicy;
    private final LoginLimits limits;
    private final KnownDevices knownDevices;
    private final ClientAddress clientAddress;
    private final Forms forms;
    private final Views views;

    public ChangePasswordServlet(Accounts accounts, PasswordChanges changes, PasswordPolicy passwordPolicy,
                                 LoginLimits limits, KnownDevices knownDevices, ClientAddress clientAddress,
                                 Forms forms, Views views) {
        this.accounts = accounts;
        this.changes = changes;
        this.passwordPolicy = passwordPolicy;
        this.limits = limits;
        this.knownDevices = knownDevices;
        this.clientAddress = clientAddress;
        this.forms = forms;
        this.views = views;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        views.render(req, resp, VIEW);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        User user = CurrentUser.get(req).orElseThrow();       // LoginRequiredFilter lets only users through
        ChangePasswordForm form = ChangePasswordForm.from(req);
        FormErrors errors = forms.validate(form);
        if (errors.of("password").isEmpty()) {
            passwordPolicy.check(user.username(), form.password(), errors);
        }
        if (errors.of("currentPassword").isEmpty()) {
            String address = clientAddress.of(req);
            Optional<String> device = knownDevices.deviceFor(req, user.username());
            OptionalLong wait = limits.heldBack(user.username(), address, device);
            if (wait.isPresent()) {
                views.tooManyRequests(req, resp, wait.getAsLong());
                return;
            }
            if (accounts.authenticate(user.username(), form.currentPassword()).isEmpty()) {
                limits.failed(user.username(), address, device);
                errors.add("currentPassword", WRONG_CURRENT);
            }
        }
        if (errors.any()) {
            views.render(req, resp, VIEW, errors);
            return;
        }
        changes.change(user, form.password(), CurrentUser.signInId(req).orElseThrow());
        CurrentUser.renewSession(req, resp);    // this browser stays, with a new session id and CSRF token
        Flash.add(req, CHANGED);
        Redirects.to(req, resp, "/index");
    }
}
