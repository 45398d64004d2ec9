package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import microblog.web.FormErrors;
import microblog.web.Forms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sign-in form through a real Validator: both fields required, nothing else checked before the password. */
class LoginFormTest {
    private static final String REQUIRED = "This field is required.";

    private final Forms forms = new Forms(Forms.newValidator());

    @Test
    void usernameAndPasswordAreEnough() {
        assertFalse(forms.validate(new LoginForm("susan", "correct horse battery", false)).any());
        assertFalse(forms.validate(new LoginForm("susan", "correct horse battery", true)).any());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t \n"})
    void anEmptyUsernameIsRequired(String username) {
        FormErrors errors = forms.validate(new LoginForm(username, "correct horse battery", false));

        assertEquals(List.of(REQUIRED), errors.of("username"));
        assertEquals(List.of(), errors.of("password"));
    }

    @Test
    void anEmptyPasswordIsRequired() {
        FormErrors errors = forms.validate(new LoginForm("susan", "", false));

        assertEquals(List.of(REQUIRED), errors.of("password"));
        assertEquals(List.of(), errors.of("username"));
    }

    @Test
    void bothEmptyFieldsAreReported() {
        FormErrors errors = forms.validate(new LoginForm("", "", true));

        assertEquals(List.of(REQUIRED), errors.of("username"));
        assertEquals(List.of(REQUIRED), errors.of("password"));
    }

    @Test
    void registrationRulesAreNotCheckedAtLogin() {
        // A wrong guess must get "Invalid username or password", never a hint about what a valid one looks like.
        assertFalse(forms.validate(new LoginForm("no such user!", "short", false)).any());
        assertFalse(forms.validate(new LoginForm("u".repeat(200), "p".repeat(2000), false)).any());
    }

    @Test
    void errorsNeverMentionThePassword() {
        FormErrors errors = forms.validate(new LoginForm("", "hunter2-secret", false));

        assertTrue(errors.any());
        assertFalse(errors.toString().contains("hunter2-secret"));
        assertFalse(new LoginForm("susan", "hunter2-secret", true).toString().contains("hunter2-secret"));
    }
}
