package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import microblog.web.FormErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {
    private static final PasswordPolicy POLICY = PasswordPolicy.standard();

    private static List<String> errors(String username, String password) {
        FormErrors errors = new FormErrors();
        POLICY.check(username, password, errors);
        return errors.of("password");
    }

    @Test
    void shipsTheTenThousandMostCommonPasswords() {
        assertEquals(10_000, POLICY.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "12345678", "PASSWORD", "Password1", "qwertyuiop", "iloveyou",
        "ｐａｓｓｗｏｒｄ", "sunshine", "baseball"})
    void refusesCommonPasswordsIgnoringCaseAndWidth(String password) {
        assertEquals(List.of(PasswordPolicy.TOO_COMMON), errors("someone", password));
    }

    @ParameterizedTest
    @ValueSource(strings = {"susan1234567", "my name is Susan!", "xxSUSANxx", "ｓｕｓａｎ-rocks-2026"})
    void refusesPasswordsContainingTheUsername(String password) {
        assertEquals(List.of(PasswordPolicy.CONTAINS_USERNAME), errors("susan", password));
    }

    @Test
    void saysBothWhenBothApply() {
        assertEquals(List.of(PasswordPolicy.TOO_COMMON, PasswordPolicy.CONTAINS_USERNAME),
                errors("password", "password"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery staple", "Tr0ub4dor&3 but longer", "        spaces ok ",
        "mot de passe très long", "пароль-который-никто-не-угадает"})
    void acceptsUncommonPasswordsWithoutCompositionRules(String password) {
        assertFalse(!errors("susan", password).isEmpty(), password);
    }
}
