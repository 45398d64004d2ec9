package microblog.posts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import org.hibernate.validator.constraints.CodePointLength;
import microblog.web.FormErrors;
import microblog.web.Forms;

/** The "Say something" form (the tutorial's PostForm): one field, {@code post}, stored trimmed. */
public record PostForm(
        @NotBlank(message = FormErrors.REQUIRED)
        @CodePointLength(max = 140, message = TOO_LONG)
        String post) {

    static final String TOO_LONG = "Post must be at most 140 characters long.";

    public static PostForm from(HttpServletRequest req) {
        return new PostForm(Forms.trimmed(req, "post"));
    }
}
