package microblog.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import microblog.web.FormErrors;
import microblog.web.Forms;

/**
 * The registration form (the tutorial's RegistrationForm): username, email, password typed twice. The command line's
 * {@code users create} validates it too, where no Servlet API exists: so no method here names a servlet type (the
 * validator reflects on them all), and {@link RegisterServlet} reads it from the request.
 */
public record RegistrationForm(
        @NotBlank(message = FormErrors.REQUIRED)
        @Size(max = 64, message = USERNAME_LENGTH)
        @Pattern(regexp = "[A-Za-z0-9._-]*", message = USERNAME_CHARACTERS)
        String username,

        @NotBlank(message = FormErrors.REQUIRED)
        @Size(max = 120, message = EMAIL_LENGTH)
        String email,

        @NewPassword
        String password,

        @NotEmpty(message = FormErrors.REQUIRED)
        String password2) implements Forms.CrossFieldCheck {

    static final String USERNAME_LENGTH = "Username must be at most 64 characters long.";
    static final String USERNAME_CHARACTERS =
            "Username may only contain letters (A to Z), digits (0 to 9) and the characters . _ -";
    public static final String EMAIL_LENGTH = "Email address must be at most 120 characters long.";
    public static final String INVALID_EMAIL = "Invalid email address.";
    public static final String PASSWORD_LENGTH = "Password must be between 8 and 1024 characters long.";
    public static final String PASSWORD_CONTROL_CHARACTERS = "Password may not contain control characters.";
    public static final String PASSWORDS_DIFFER = "Field must be equal to password.";
    /** What a browser accepts in {@code <input type="email">} (the HTML standard's valid e-mail address). */
    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile(RegistrationForm.HTML_EMAIL);
    static final String HTML_EMAIL = "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
            + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*";

    /** Whether {@code email} is an address by the HTML {@code type=email} rule (checked only up to 120 characters). */
    public static boolean isEmail(String email) {
        return email.length() <= 120 && EMAIL.matcher(email).matches();
    }

    /** Whether the two passwords are the same after NFKC, as they will be hashed. */
    public static boolean samePassword(String password, String password2) {
        return PasswordHasher.normalize(password2).equals(PasswordHasher.normalize(password));
    }

    @Override
    public void check(FormErrors errors) {
        // Only a value of sensible length meets the address pattern: its nested repetition would take time and
        // stack in proportion to a hostile megabyte.
        if (!email.isEmpty() && email.length() <= 120 && !EMAIL.matcher(email).matches()) {
            errors.add("email", INVALID_EMAIL);
        }
        if (!password2.isEmpty() && !PasswordHasher.normalize(password2).equals(PasswordHasher.normalize(password))) {
            errors.add("password2", PASSWORDS_DIFFER);
        }
    }

    @Override
    public String toString() {
        return "RegistrationForm[username=" + username + ", email=" + email + "]";
    }
}
