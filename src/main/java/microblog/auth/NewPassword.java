package microblog.auth;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import microblog.web.FormErrors;
import org.hibernate.validator.constraints.CodePointLength;

/**
 * The form rules of every new password (registration, reset, change), each with its own message: required, 8 to
 * 1024 code points after NFKC, no control characters. The policy ({@link PasswordPolicy}) comes on top.
 */
@NotEmpty(message = FormErrors.REQUIRED)
@CodePointLength(min = 8, max = 1024, normalizationStrategy = CodePointLength.NormalizationStrategy.NFKC,
        message = RegistrationForm.PASSWORD_LENGTH)
@Pattern(regexp = "\\P{Cc}*", message = RegistrationForm.PASSWORD_CONTROL_CHARACTERS)
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
@Constraint(validatedBy = {})
@Documented
public @interface NewPassword {
    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
