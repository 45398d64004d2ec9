package microblog.auth;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.OptionalLong;
import microblog.web.ClientAddress;
import microblog.web.Flash;
import microblog.web.FormErrors;
import microblog.web.Forms;
import microblog.security.Limiter;
import microblog.web.Redirects;
import microblog.web.Views;

/** {@code /register}: GET shows the registration form, POST creates the account (microblog: routes.register). */
public final class RegisterServlet extends HttpServlet {
    static final String VIEW = "auth/register";
    static final String REGISTERED = "Congratulations, you are now a registered user!";

    private final Accounts accounts;
    private final PasswordPolicy passwordPolicy;
    private final Limiter registrations;
    private final ClientAddress clientAddress;
    private final Forms forms;
    private final Views views;

    /** {@code registrations} counts successful registrations per client address. */
    public RegisterServlet(Accounts accounts, PasswordPolicy passwordPolicy, Limiter registrations,
                           ClientAddress clientAddress, Forms forms, Views views) {
        this.accounts = accounts;
        this.passwordPolicy = passwordPolicy;
        this.registrations = registrations;
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
        OptionalLong wait = registrations.heldBack(address);
        if (wait.isPresent()) {
            views.tooManyRequests(req, resp, wait.getAsLong());
            return;
        }
        RegistrationForm form = new RegistrationForm(Forms.identifier(req, "username"),
                Forms.identifier(req, "email"), Forms.field(req, "password"), Forms.field(req, "password2"));
        FormErrors errors = forms.validate(form);
        if (errors.of("password").isEmpty()) {
            passwordPolicy.check(form.username(), form.password(), errors);
        }
        if (!errors.any()) {
            errors = accounts.register(form.username(), form.email(), form.password());
        }
        if (errors.any()) {
            views.render(req, resp, VIEW, errors);
            return;
        }
        registrations.count(address);
        // Registration does not sign the user in (as in the tutorial): they log in next.
        Flash.add(req, REGISTERED);
        Redirects.to(req, resp, "/login");
    }
}
