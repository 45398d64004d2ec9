package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The errors of a form: one list per field, "required" beating every other rule, nothing said twice. */
class FormErrorsTest {

    @Test
    void newErrorsHaveNothingToReport() {
        FormErrors errors = new FormErrors();

        assertFalse(errors.any());
        assertEquals(List.of(), errors.of("username"));
        assertEquals(Map.of(), errors.asMap());
    }

    @Test
    void anAddedMessageIsReportedForItsFieldOnly() {
        FormErrors errors = new FormErrors().add("email", "Invalid email address.");

        assertTrue(errors.any());
        assertEquals(List.of("Invalid email address."), errors.of("email"));
        assertEquals(List.of(), errors.of("username"));
    }

    @Test
    void severalMessagesOfOneFieldKeepTheOrderFound() {
        FormErrors errors = new FormErrors()
                .add("username", "Too long.")
                .add("username", "Bad characters.");

        assertEquals(List.of("Too long.", "Bad characters."), errors.of("username"));
    }

    @Test
    void fieldsKeepTheOrderFound() {
        FormErrors errors = new FormErrors()
                .add("password2", "Field must be equal to password.")
                .add("email", "Invalid email address.")
                .add("username", FormErrors.REQUIRED);

        assertEquals(List.of("password2", "email", "username"), List.copyOf(errors.asMap().keySet()));
    }

    @Test
    void requiredReplacesMessagesFoundBeforeIt() {
        FormErrors errors = new FormErrors()
                .add("email", "Invalid email address.")
                .add("email", "Email address must be at most 120 characters long.")
                .add("email", FormErrors.REQUIRED);

        assertEquals(List.of("This field is required."), errors.of("email"));
    }

    @Test
    void messagesFoundAfterRequiredAreIgnored() {
        FormErrors errors = new FormErrors()
                .add("password", FormErrors.REQUIRED)
                .add("password", "Password must be between 8 and 1024 characters long.");

        assertEquals(List.of("This field is required."), errors.of("password"));
    }

    @Test
    void requiredOnOneFieldLeavesOtherFieldsAlone() {
        FormErrors errors = new FormErrors()
                .add("email", "Invalid email address.")
                .add("username", FormErrors.REQUIRED);

        assertEquals(List.of("Invalid email address."), errors.of("email"));
        assertEquals(List.of("This field is required."), errors.of("username"));
    }

    @Test
    void theSameMessageIsNotRepeated() {
        FormErrors errors = new FormErrors()
                .add("username", "Please use a different username.")
                .add("username", "Please use a different username.");

        assertEquals(List.of("Please use a different username."), errors.of("username"));
    }

    @Test
    void requiredIsNotRepeated() {
        FormErrors errors = new FormErrors()
                .add("username", FormErrors.REQUIRED)
                .add("username", FormErrors.REQUIRED);

        assertEquals(List.of("This field is required."), errors.of("username"));
    }

    @Test
    void theViewsCopyCannotChangeTheErrors() {
        FormErrors errors = new FormErrors().add("post", FormErrors.REQUIRED);
        Map<String, List<String>> copy = errors.asMap();

        assertThrows(UnsupportedOperationException.class, () -> copy.get("post").add("sneaky"));
        copy.remove("post");

        assertEquals(List.of("This field is required."), errors.of("post"));
        assertTrue(errors.any());
    }

    @Test
    void requiredIsTheContractsText() {
        assertEquals("This field is required.", FormErrors.REQUIRED);
    }
}
