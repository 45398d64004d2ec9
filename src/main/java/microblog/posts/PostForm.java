package microblog.posts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import microblog.web.FormErrors;
import microblog.web.Forms;
import org.hibernate.validator.constraints.CodePointLength;

/** The "Say something" form (the tutorial's PostForm): one field, {@code post}, stored trimmed. */
public record PostForm(
        @NotBlank(message = FormErrors.REQUIRED)
        @CodePointLength(max = 140, message = TOO_LONG)
        @Pattern(regexp = "[\\P{Cc}\\t\\r\\n]*", message = CONTROL_CHARACTERS)
        String post) {

    static final String TOO_LONG = "Post must be at most 140 characters long.";
    static final String CONTROL_CHARACTERS = "Post may not contain control characters (only line breaks and tabs).";

    public static PostForm from(HttpServletRequest req) {
        return new PostForm(Forms.trimmed(req, "post"));
    }
}
