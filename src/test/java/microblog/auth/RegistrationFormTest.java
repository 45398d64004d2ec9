package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.text.Normalizer;
import java.util.List;
import microblog.web.FormErrors;
import microblog.web.Forms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The registration form through a real Validator: every message and every boundary of the contract. */
class RegistrationFormTest {
    private static final String REQUIRED = "This field is required.";
    private static final String INVALID_EMAIL = "Invalid email address.";
    private static final String PASSWORDS_DIFFER = "Field must be equal to password.";
    private static final String PASSWORD = "correct horse battery";
    private static final String EMOJI = "\uD83D\uDE00";

    private final Forms forms = new Forms(Forms.newValidator());

    private FormErrors validate(String username, String email, String password, String password2) {
        return forms.validate(new RegistrationForm(username, email, password, password2));
    }

    private FormErrors withUsername(String username) {
        return validate(username, "susan@example.com", PASSWORD, PASSWORD);
    }

    private FormErrors withEmail(String email) {
        return validate("susan", email, PASSWORD, PASSWORD);
    }

    private FormErrors withPassword(String password) {
        return validate("susan", "susan@example.com", password, password);
    }

    /** A password of {@code length} characters that no list of common passwords holds. */
    private static String passwordOf(int length) {
        return "Zq7#kW2!".repeat(length / 8 + 1).substring(0, length);
    }

    /** An address of exactly {@code length} characters that is valid by the HTML rule. */
    private static String emailOfLength(int length) {
        String domain = "@example.com";
        return "a".repeat(length - domain.length()) + domain;
    }

    @Test
    void aCompleteFormIsValid() {
        assertFalse(validate("susan", "susan@example.com", PASSWORD, PASSWORD).any());
    }

    @Test
    void usernamesMayUseLettersDigitsDotsUnderscoresAndDashes() {
        assertFalse(withUsername("Susan.Q_Public-1984").any());
        assertFalse(withUsername("a").any());
        assertFalse(withUsername("-._").any());
    }

    // ---- required fields: only "This field is required.", never the other rules an empty value breaks ----

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n "})
    void anEmptyUsernameIsOnlyRequired(String username) {
        FormErrors errors = withUsername(username);

        assertEquals(List.of(REQUIRED), errors.of("username"));
        assertEquals(List.of("username"), List.copyOf(errors.asMap().keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n "})
    void anEmptyEmailIsOnlyRequired(String email) {
        FormErrors errors = withEmail(email);

        assertEquals(List.of(REQUIRED), errors.of("email"));
        assertEquals(List.of("email"), List.copyOf(errors.asMap().keySet()));
    }

    @Test
    void anEmptyPasswordIsOnlyRequired() {
        FormErrors errors = validate("susan", "susan@example.com", "", "");

        assertEquals(List.of(REQUIRED), errors.of("password"));
        assertEquals(List.of(REQUIRED), errors.of("password2"));
        assertEquals(List.of("password", "password2"), List.copyOf(errors.asMap().keySet()));
    }

    @Test
    void anEmptyRepeatedPasswordIsOnlyRequiredNotAlsoDifferent() {
        FormErrors errors = validate("susan", "susan@example.com", PASSWORD, "");

        assertEquals(List.of(REQUIRED), errors.of("password2"));
        assertEquals(List.of("password2"), List.copyOf(errors.asMap().keySet()));
    }

    @Test
    void anEmptyFormReportsEveryFieldAsRequired() {
        FormErrors errors = validate("", "", "", "");

        for (String field : List.of("username", "email", "password", "password2")) {
            assertEquals(List.of(REQUIRED), errors.of(field), field);
        }
    }

    // ---- username ----

    @Test
    void aUsernameOf64CharactersIsAllowed() {
        assertFalse(withUsername("u".repeat(64)).any());
    }

    @Test
    void aUsernameOf65CharactersIsTooLong() {
        FormErrors errors = withUsername("u".repeat(65));

        assertEquals(List.of(RegistrationForm.USERNAME_LENGTH), errors.of("username"));
        assertEquals("Username must be at most 64 characters long.", RegistrationForm.USERNAME_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad name", "név", "a/b", "a@b", "<script>", "semi;colon", "quote'", "tab\there",
        "ｆｕｌｌ", "emoji" + EMOJI, "plus+sign", "back\\slash"})
    void aUsernameWithAForbiddenCharacterIsRefused(String username) {
        FormErrors errors = withUsername(username);

        assertEquals(List.of(RegistrationForm.USERNAME_CHARACTERS), errors.of("username"));
        assertEquals("Username may only contain letters (A to Z), digits (0 to 9) and the characters . _ -",
                RegistrationForm.USERNAME_CHARACTERS);
    }

    @Test
    void aLongUsernameWithForbiddenCharactersHearsBothRules() {
        FormErrors errors = withUsername("x y".repeat(30));

        assertEquals(2, errors.of("username").size(), errors.toString());
        assertEquals(List.of(RegistrationForm.USERNAME_LENGTH, RegistrationForm.USERNAME_CHARACTERS).stream()
                .sorted().toList(), errors.of("username").stream().sorted().toList());
    }

    // ---- email ----

    @ParameterizedTest
    @ValueSource(strings = {"susan@example.com", "Susan.Q+tag@Example.co.uk", "x@localhost", "o'brien@example.ie",
        "a!#$%&'*+/=?^_`{|}~-@sub-domain.example"})
    void addressesValidByTheHtmlRuleAreAccepted(String email) {
        assertFalse(withEmail(email).any(), email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-email", "susan@", "@example.com", "susan example@example.com",
        "susan@exa_mple.com", "susan@@example.com", "susan@example..com", "susan@-example.com",
        "susan@example.com.", "\"><img src=x>@example.com", "sü@example.com"})
    void anAddressInvalidByTheHtmlRuleIsRefused(String email) {
        FormErrors errors = withEmail(email);

        assertEquals(List.of(INVALID_EMAIL), errors.of("email"), email);
    }

    @Test
    void anAddressOf120CharactersIsAllowed() {
        String email = emailOfLength(120);
        assertEquals(120, email.length());

        assertFalse(withEmail(email).any());
    }

    @Test
    void anAddressOf121CharactersIsTooLong() {
        String email = emailOfLength(121);
        assertEquals(121, email.length());

        assertEquals(List.of(RegistrationForm.EMAIL_LENGTH), withEmail(email).of("email"));
        assertEquals("Email address must be at most 120 characters long.", RegistrationForm.EMAIL_LENGTH);
    }

    // ---- password: 8 to 1024 code points after NFKC ----

    @Test
    void aPasswordOf7CharactersIsTooShort() {
        FormErrors errors = withPassword(passwordOf(7));

        assertEquals(List.of(RegistrationForm.PASSWORD_LENGTH), errors.of("password"));
        assertEquals(List.of(), errors.of("password2"));
        assertEquals("Password must be between 8 and 1024 characters long.", RegistrationForm.PASSWORD_LENGTH);
    }

    @Test
    void aPasswordOf8CharactersIsAllowed() {
        assertFalse(withPassword(passwordOf(8)).any());
    }

    @Test
    void aPasswordOf1024CharactersIsAllowed() {
        assertFalse(withPassword(passwordOf(1024)).any());
    }

    @Test
    void aPasswordOf1025CharactersIsTooLong() {
        assertEquals(List.of(RegistrationForm.PASSWORD_LENGTH), withPassword(passwordOf(1025)).of("password"));
    }

    @Test
    void eightEmojiAreEightCharacters() {
        String password = EMOJI.repeat(8);
        assertEquals(16, password.length());

        assertFalse(withPassword(password).any());
    }

    @Test
    void fourEmojiAreTooShortThoughTheyAreEightUtf16Units() {
        String password = EMOJI.repeat(4);
        assertEquals(8, password.length());

        assertEquals(List.of(RegistrationForm.PASSWORD_LENGTH), withPassword(password).of("password"));
    }

    @Test
    void emojiCountAsOneCharacterEachAtTheUpperLimit() {
        assertFalse(withPassword(EMOJI.repeat(1024)).any());
        assertEquals(List.of(RegistrationForm.PASSWORD_LENGTH), withPassword(EMOJI.repeat(1025)).of("password"));
    }

    @Test
    void fullwidthCharactersCountAfterNormalization() {
        String seven = "ｚｅｂｒａｆｉ";
        String eight = "ｚｅｂｒａｆｉｘ";
        assertEquals("zebrafi", Normalizer.normalize(seven, Normalizer.Form.NFKC));

        assertEquals(List.of(RegistrationForm.PASSWORD_LENGTH), withPassword(seven).of("password"));
        assertFalse(withPassword(eight).any());
    }

    @Test
    void charactersThatExpandUnderNfkcAreCountedExpanded() {
        // U+FB03 LATIN SMALL LIGATURE FFI is one code point typed, three ("ffi") after NFKC.
        String threeLigatures = "\uFB03\uFB03\uFB03";
        assertEquals(9, Normalizer.normalize(threeLigatures, Normalizer.Form.NFKC).length());

        assertFalse(withPassword(threeLigatures).any());
    }

    @Test
    void combiningMarksThatComposeUnderNfkcAreCountedComposed() {
        // "e" + U+0301 COMBINING ACUTE ACCENT: eight code points typed, four ("é") after NFKC.
        String password = "e\u0301".repeat(4);
        assertEquals(8, password.codePointCount(0, password.length()));

        assertEquals(List.of(RegistrationForm.PASSWORD_LENGTH), withPassword(password).of("password"));
    }

    // ---- repeated password ----

    @Test
    void aDifferentRepeatedPasswordIsReportedOnPassword2() {
        FormErrors errors = validate("susan", "susan@example.com", PASSWORD, PASSWORD + "!");

        assertEquals(List.of(PASSWORDS_DIFFER), errors.of("password2"));
        assertEquals(List.of("password2"), List.copyOf(errors.asMap().keySet()));
    }

    @Test
    void passwordsDifferingOnlyInCaseDiffer() {
        assertEquals(List.of(PASSWORDS_DIFFER),
                validate("susan", "susan@example.com", PASSWORD, PASSWORD.toUpperCase()).of("password2"));
    }

    @Test
    void aRepeatedPasswordIsComparedAfterNfkcLikeTheHash() {
        // The hash is made of the NFKC form, so "ｚｅｂｒａｆｉｘ" and "zebrafix" are the same password.
        assertFalse(validate("susan", "susan@example.com", "ｚｅｂｒａｆｉｘ", "zebrafix").any());
    }

    @Test
    void aTooShortPasswordTypedTwiceDifferentlyHearsBothRules() {
        FormErrors errors = validate("susan", "susan@example.com", "short", "shorter");

        assertEquals(List.of(RegistrationForm.PASSWORD_LENGTH), errors.of("password"));
        assertEquals(List.of(PASSWORDS_DIFFER), errors.of("password2"));
    }

    @Test
    void theFormNeverPrintsItsPasswords() {
        String text = new RegistrationForm("susan", "susan@example.com", "hunter2-secret", "hunter2-other")
                .toString();

        assertFalse(text.contains("hunter2"), text);
    }
}
