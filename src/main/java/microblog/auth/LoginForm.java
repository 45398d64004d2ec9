package microblog.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import microblog.web.FormErrors;
import microblog.web.Forms;

/** The sign-in form (the tutorial's LoginForm): username, password, remember_me. */
public record LoginForm(
        @NotBlank(message = FormErrors.REQUIRED) String username,
        @NotEmpty(message = FormErrors.REQUIRED) String password,
        boolean rememberMe) {

    public static LoginForm from(HttpServletRequest req) {
        return new LoginForm(Forms.identifier(req, "username"), Forms.field(req, "password"),
                "y".equals(req.getParameter("remember_me")));
    }

    @Override
    public String toString() {
        return "LoginForm[username=" + username + ", rememberMe=" + rememberMe + "]";
    }
}
