package microblog.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/** Validates form records with Hibernate Validator, and reads form fields from requests. */
public final class Forms {
    private final Validator validator;

    public Forms(Validator validator) {
        this.validator = validator;
    }

    /**
     * A validator that needs no Expression Language: messages are plain text, so the WAR does not depend on the
     * container's EL implementation (Tomcat and Jetty differ there).
     */
    public static Validator newValidator() {
        return Validation.byProvider(HibernateValidator.class)
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory()
                .getValidator();
    }

    /** Annotation constraints first, then the form's own cross-field checks. */
    public FormErrors validate(Object form) {
        FormErrors errors = new FormErrors();
        validator.validate(form).stream()
                .sorted(Comparator.comparing((ConstraintViolation<Object> v) -> v.getPropertyPath().toString()))
                .forEach(v -> errors.add(v.getPropertyPath().toString(), v.getMessage()));
        if (form instanceof CrossFieldCheck check) {
            check.check(errors);
        }
        return errors;
    }

    /** A form field, never null. */
    public static String field(HttpServletRequest req, String name) {
        String value = req.getParameter(name);
        return value == null ? "" : value;
    }

    /** A form field with surrounding white space removed, never null. */
    public static String trimmed(HttpServletRequest req, String name) {
        return field(req, name).strip();
    }

    /**
     * A username or email: trimmed, then NFKC-normalised (as Django does), so that look-alike forms such as
     * full-width letters are the same name at registration, at login and in the unique index.
     */
    public static String identifier(HttpServletRequest req, String name) {
        return identifier(field(req, name));
    }

    /** As {@link #identifier(HttpServletRequest, String)}, for a value typed elsewhere (the command line). */
    public static String identifier(String value) {
        return Unicode.nfkc(value.strip()).strip();
    }

    /**
     * A parameter of the query string only, never of the body; {@code null} when absent or badly encoded.
     */
    public static String queryParameter(HttpServletRequest req, String name) {
        String query = req.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                try {
                    return URLDecoder.decode(equals < 0 ? "" : pair.substring(equals + 1),
                            StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badlyEncoded) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Rules that involve more than one field, such as a password typed twice. */
    public interface CrossFieldCheck {
        void check(FormErrors errors);
    }
}
