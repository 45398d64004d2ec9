package microblog.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotEmpty;
import microblog.auth.NewPassword;
import microblog.auth.RegistrationForm;
import microblog.web.FormErrors;
import microblog.web.Forms;

/** The current password, and the new one typed twice under registration's rules. */
public record ChangePasswordForm(
        @NotEmpty(message = FormErrors.REQUIRED)
        String currentPassword,

        @NewPassword
        String password,

        @NotEmpty(message = FormErrors.REQUIRED)
        String password2) implements Forms.CrossFieldCheck {

    public static ChangePasswordForm from(HttpServletRequest req) {
        return new ChangePasswordForm(Forms.field(req, "current_password"), Forms.field(req, "password"),
                Forms.field(req, "password2"));
    }

    @Override
    public void check(FormErrors errors) {
        if (!password2.isEmpty() && !RegistrationForm.samePassword(password, password2)) {
            errors.add("password2", RegistrationForm.PASSWORDS_DIFFER);
        }
    }

    @Override
    public String toString() {
        return "ChangePasswordForm[]";
    }
}
