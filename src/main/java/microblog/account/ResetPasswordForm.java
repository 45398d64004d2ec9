package microblog.account;

import jakarta.validation.constraints.NotEmpty;
import microblog.auth.NewPassword;
import microblog.auth.RegistrationForm;
import microblog.web.FormErrors;
import microblog.web.Forms;

/**
 * The tutorial's ResetPasswordForm: the new password typed twice, under registration's rules. The command line's
 * {@code users set-password} validates it too, where no Servlet API exists: so no method here names a servlet type,
 * and {@link ResetPasswordServlet} reads it from the request.
 */
public record ResetPasswordForm(
        @NewPassword
        String password,

        @NotEmpty(message = FormErrors.REQUIRED)
        String password2) implements Forms.CrossFieldCheck {

    @Override
    public void check(FormErrors errors) {
        if (!password2.isEmpty() && !RegistrationForm.samePassword(password, password2)) {
            errors.add("password2", RegistrationForm.PASSWORDS_DIFFER);
        }
    }

    @Override
    public String toString() {
        return "ResetPasswordForm[]";
    }
}
