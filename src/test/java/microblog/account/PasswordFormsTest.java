package microblog.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import microblog.web.FormErrors;
import microblog.web.Forms;
import org.junit.jupiter.api.Test;

/** The reset and change-password forms through a real Validator: registration's password rules, word for word. */
class PasswordFormsTest {
    private final Forms forms = new Forms(Forms.newValidator());

    @Test
    void aResetPasswordFollowsRegistrationsRules() {
        assertEquals(List.of("This field is required."), errors(new ResetPasswordForm("", "")).of("password"));
        assertEquals(List.of("Password must be between 8 and 1024 characters long."),
                errors(new ResetPasswordForm("short", "short")).of("password"));
        assertEquals(List.of("Password may not contain control characters."),
                errors(new ResetPasswordForm("tab\there ok", "tab\there ok")).of("password"));
        assertEquals(List.of("Field must be equal to password."),
                errors(new ResetPasswordForm("long enough 1", "long enough 2")).of("password2"));
        // Eight code points after NFKC: the ligature "ﬃ" becomes "ffi".
        assertFalse(errors(new ResetPasswordForm("ﬃﬃ12", "ffiffi12")).any());
    }

    @Test
    void aChangedPasswordNeedsTheCurrentOneAndFollowsTheSameRules() {
        FormErrors empty = errors(new ChangePasswordForm("", "", ""));
        assertEquals(List.of("This field is required."), empty.of("currentPassword"));
        assertEquals(List.of("This field is required."), empty.of("password"));
        assertEquals(List.of("This field is required."), empty.of("password2"));
        assertEquals(List.of("Password must be between 8 and 1024 characters long."),
                errors(new ChangePasswordForm("old one", "x".repeat(1025), "x".repeat(1025))).of("password"));
        assertFalse(errors(new ChangePasswordForm("old one", "long enough 1", "long enough 1")).any());
    }

    @Test
    void formsNeverPrintPasswords() {
        assertFalse(new ResetPasswordForm("secret value 1", "secret value 1").toString().contains("secret"));
        assertFalse(new ChangePasswordForm("secret value 0", "secret value 1", "secret value 1").toString()
                .contains("secret"));
    }

    private FormErrors errors(Object form) {
        return forms.validate(form);
    }
}
