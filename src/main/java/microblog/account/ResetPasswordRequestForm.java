package microblog.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import microblog.auth.RegistrationForm;
import microblog.web.FormErrors;
import microblog.web.Forms;

/** The tutorial's ResetPasswordRequestForm: the address to send a reset link to. */
public record ResetPasswordRequestForm(@NotBlank(message = FormErrors.REQUIRED) String email)
        implements Forms.CrossFieldCheck {

    public static ResetPasswordRequestForm from(HttpServletRequest req) {
        return new ResetPasswordRequestForm(Forms.identifier(req, "email"));
    }

    @Override
    public void check(FormErrors errors) {
        if (!email.isEmpty() && !RegistrationForm.isEmail(email)) {
            errors.add("email", RegistrationForm.INVALID_EMAIL);
        }
    }
}
