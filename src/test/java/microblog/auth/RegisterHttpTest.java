package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.password4j.CompressedPBKDF2Function;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Registering through the real server: the form, every validation message, escaping, races, the flash. */
class RegisterHttpTest {
    private static final String REQUIRED = "This field is required.";
    private static final String INVALID_EMAIL = "Invalid email address.";
    private static final String PASSWORDS_DIFFER = "Field must be equal to password.";
    private static final String USERNAME_TAKEN = "Please use a different username.";
    private static final String EMAIL_TAKEN = "Please use a different email address.";
    private static final String REGISTERED = "Congratulations, you are now a registered user!";
    private static final String PASSWORD = "Tr0ub4dor&3-staple";
    private static final List<String> FIELDS = List.of("username", "email", "password", "password2");

    @RegisterExtension
    static final TestServer server = new TestServer();

    private final Browser browser = server.newBrowser();

    private static Map<String, String> form(String username, String email, String password, String password2) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", username);
        fields.put("email", email);
        fields.put("password", password);
        fields.put("password2", password2);
        return fields;
    }

    private static Map<String, String> form(String username, String email) {
        return form(username, email, PASSWORD, PASSWORD);
    }

    /** The {@code <input>} tag of a field (escaped values hold no raw {@code >}). */
    private static String input(String body, String name) {
        Matcher matcher = Pattern.compile("<input\\b[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*>").matcher(body);
        assertTrue(matcher.find(), "no input named " + name + " in\n" + body);
        String tag = matcher.group();
        assertFalse(matcher.find(), "two inputs named " + name);
        return tag;
    }

    /** The text of the error element a field points to, if the page has one. */
    private static Optional<String> errorText(String body, String field) {
        Matcher matcher = Pattern.compile("id=\"" + Pattern.quote(field) + "-error\"[^>]*>(.*?)</",
                Pattern.DOTALL).matcher(body);
        return matcher.find() ? Optional.of(matcher.group(1).strip()) : Optional.empty();
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ");
    }

    /** Status 200, each message beside its field (the input points at it), and no other field in error. */
    private static void assertFormErrors(HttpResponse<String> response, Map<String, String> expected) {
        String body = response.body();
        assertEquals(200, response.statusCode(), body);
        assertTrue(response.headers().firstValue("Location").isEmpty());
        for (String field : FIELDS) {
            String tag = input(body, field);
            if (expected.containsKey(field)) {
                String message = expected.get(field);
                assertTrue(body.contains(message), "no \"" + message + "\" in\n" + body);
                assertTrue(tag.contains("aria-describedby=\"" + field + "-error\""), tag);
                String shown = errorText(body, field).orElseThrow(() -> new AssertionError("no " + field + "-error"));
                assertTrue(shown.contains(message), field + "-error says: " + shown);
            } else {
                assertFalse(tag.contains("aria-describedby"), field + " should have no error: " + tag);
                assertTrue(errorText(body, field).isEmpty(), field + " should have no error");
            }
        }
    }

    private static long usersNamed(String username) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE username = :u")
                .bind("u", username).mapTo(Long.class).one());
    }

    private static long usersWithEmail(String email) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE email = :e")
                .bind("e", email).mapTo(Long.class).one());
    }

    private static Map<String, Object> userRow(String username) {
        return server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT username, email, password_hash FROM users WHERE username = :u")
                .bind("u", username).mapToMap().one());
    }

    // ---- the page ----

    @Test
    void registrationPageShowsTheFourFieldsWithLabelsAndAutocomplete() {
        HttpResponse<String> response = browser.get("/register");
        String body = response.body();

        assertEquals(200, response.statusCode(), body);
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(Browser.csrfToken(body).filter(t -> !t.isBlank()).isPresent(), "no csrf_token");
        for (String field : FIELDS) {
            assertTrue(input(body, field).contains("id=\"" + field + "\""), field);
            assertTrue(body.contains("<label for=\"" + field + "\">"), "no label for " + field);
        }
        assertTrue(input(body, "username").contains("autocomplete=\"username\""));
        assertTrue(input(body, "email").contains("type=\"email\""));
        assertTrue(input(body, "email").contains("autocomplete=\"email\""));
        for (String password : List.of("password", "password2")) {
            assertTrue(input(body, password).contains("type=\"password\""), password);
            assertTrue(input(body, password).contains("autocomplete=\"new-password\""), password);
        }
        assertTrue(input(body, "submit").contains("type=\"submit\""));
        assertTrue(body.contains("method=\"post\""));
    }

    @Test
    void loginPageLinksToRegistration() {
        HttpResponse<String> login = browser.get("/login");

        assertEquals(200, login.statusCode(), login.body());
        assertTrue(text(login.body()).contains("New User? Click to Register!"), login.body());
        assertTrue(Pattern.compile("<a href=\"/register\"[^>]*>\\s*Click to Register!\\s*</a>")
                .matcher(login.body()).find(), login.body());
    }

    @Test
    void lookingAtTheRegistrationPageStartsNoSession() {
        HttpResponse<String> response = browser.get("/register");

        assertEquals(200, response.statusCode());
        assertTrue(Browser.setCookie(response, "JSESSIONID").isEmpty(), Browser.setCookieHeaders(response).toString());
    }

    @Test
    void signedInUserIsSentFromRegistrationToIndex() {
        server.register("already_in", "already_in@example.com", PASSWORD);
        Browser signedIn = server.signedIn("already_in", PASSWORD);

        HttpResponse<String> response = signedIn.get("/register");

        assertEquals(302, response.statusCode(), response.body());
        assertEquals("/index", signedIn.location(response));
    }

    // ---- a valid registration ----

    @Test
    void validRegistrationRedirectsToLoginAndFlashesOnce() {
        HttpResponse<String> response = browser.submit("/register", form("flashy", "flashy@example.com"));

        assertEquals(302, response.statusCode(), response.body());
        assertEquals("/login", browser.location(response));
        HttpResponse<String> next = browser.get("/login");
        assertEquals(200, next.statusCode());
        assertTrue(next.body().contains(REGISTERED), next.body());
        assertEquals(1, next.body().split(Pattern.quote(REGISTERED), -1).length - 1, "flash shown twice");
        HttpResponse<String> after = browser.get("/login");
        assertFalse(after.body().contains(REGISTERED), "flash shown again:\n" + after.body());
    }

    @Test
    void validRegistrationStoresAPbkdf2HashNotThePassword() {
        long before = server.count("users");

        HttpResponse<String> response = browser.submit("/register", form("hashed", "hashed@example.com"));

        assertEquals(302, response.statusCode(), response.body());
        assertEquals(before + 1, server.count("users"));
        String hash = (String) userRow("hashed").get("password_hash");
        assertTrue(hash.startsWith("$"), hash);
        assertNotEquals(PASSWORD, hash);
        assertFalse(hash.contains(PASSWORD), hash);
        CompressedPBKDF2Function function = CompressedPBKDF2Function.getInstanceFromHash(hash);
        assertTrue(function.getAlgorithm().contains("SHA256"), function.getAlgorithm());
        assertEquals(TestServer.TEST_ITERATIONS, function.getIterations());
        assertTrue(new PasswordHasher(TestServer.TEST_ITERATIONS).verify(PASSWORD, hash));
        assertFalse(new PasswordHasher(TestServer.TEST_ITERATIONS).verify(PASSWORD + "x", hash));
    }

    @Test
    void usernameIsStoredAsTyped() {
        HttpResponse<String> response = browser.submit("/register", form("MixedCase", "MixedCase@Example.com"));

        assertEquals(302, response.statusCode(), response.body());
        Map<String, Object> row = userRow("MixedCase");
        assertEquals("MixedCase", row.get("username"));
        assertEquals("MixedCase@Example.com", row.get("email"));
    }

    @Test
    void usernameAndEmailAreTrimmedOfSurroundingSpaces() {
        HttpResponse<String> response = browser.submit("/register",
                form("  \tTrimmed.User ", "  trimmed@example.com\t "));

        assertEquals(302, response.statusCode(), response.body());
        Map<String, Object> row = userRow("Trimmed.User");
        assertEquals("Trimmed.User", row.get("username"));
        assertEquals("trimmed@example.com", row.get("email"));
        assertEquals(1, usersWithEmail("trimmed@example.com"));
    }

    @Test
    void registrationDoesNotLogTheUserIn() {
        HttpResponse<String> response = browser.submit("/register", form("not_logged_in", "nli@example.com"));
        assertEquals(302, response.statusCode(), response.body());

        HttpResponse<String> index = browser.get("/index");

        assertEquals(302, index.statusCode(), index.body());
        assertEquals("/login?next=%2Findex", browser.location(index));
    }

    @Test
    void theNewUserCanLogInWithTheTrimmedUsername() {
        browser.submit("/register", form("  logs_in_later  ", "later@example.com"));

        Browser other = server.signedIn("logs_in_later", PASSWORD);

        assertTrue(other.get("/index").body().contains("<h1>Hi, logs_in_later!</h1>"));
    }

    // ---- validation: every message of the contract, status 200, nothing saved ----

    static Stream<Arguments> invalidForms() {
        String ok = "valid_user";
        String mail = "valid_user@example.com";
        return Stream.of(
                Arguments.of("empty username", form("", mail), Map.of("username", REQUIRED)),
                Arguments.of("blank username", form("   ", mail), Map.of("username", REQUIRED)),
                Arguments.of("empty email", form(ok, ""), Map.of("email", REQUIRED)),
                Arguments.of("blank email", form(ok, " \t "), Map.of("email", REQUIRED)),
                Arguments.of("empty passwords", form(ok, mail, "", ""),
                        Map.of("password", REQUIRED, "password2", REQUIRED)),
                Arguments.of("empty password2", form(ok, mail, PASSWORD, ""), Map.of("password2", REQUIRED)),
                Arguments.of("everything empty", form("", "", "", ""),
                        Map.of("username", REQUIRED, "email", REQUIRED, "password", REQUIRED, "password2", REQUIRED)),
                Arguments.of("bad email", form(ok, "not-an-email"), Map.of("email", INVALID_EMAIL)),
                Arguments.of("email without domain", form(ok, "susan@"), Map.of("email", INVALID_EMAIL)),
                Arguments.of("email with space", form(ok, "su san@example.com"), Map.of("email", INVALID_EMAIL)),
                Arguments.of("password2 differs", form(ok, mail, PASSWORD, PASSWORD + "?"),
                        Map.of("password2", PASSWORDS_DIFFER)),
                Arguments.of("username of 65", form("u".repeat(65), mail),
                        Map.of("username", RegistrationForm.USERNAME_LENGTH)),
                Arguments.of("username with a space", form("bad name", mail),
                        Map.of("username", RegistrationForm.USERNAME_CHARACTERS)),
                Arguments.of("username with an accent", form("név", mail),
                        Map.of("username", RegistrationForm.USERNAME_CHARACTERS)),
                Arguments.of("username with a slash", form("a/b", mail),
                        Map.of("username", RegistrationForm.USERNAME_CHARACTERS)),
                Arguments.of("email of 121", form(ok, "e".repeat(109) + "@example.com"),
                        Map.of("email", RegistrationForm.EMAIL_LENGTH)),
                Arguments.of("password of 7", form(ok, mail, "Sh0rt-7", "Sh0rt-7"),
                        Map.of("password", RegistrationForm.PASSWORD_LENGTH)),
                Arguments.of("password of 1025", form(ok, mail, "p".repeat(1025), "p".repeat(1025)),
                        Map.of("password", RegistrationForm.PASSWORD_LENGTH)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidForms")
    void invalidFormIsShownAgainWithTheMessageBesideItsField(String name, Map<String, String> fields,
                                                               Map<String, String> expected) {
        long before = server.count("users");

        HttpResponse<String> response = browser.submit("/register", fields);

        assertFormErrors(response, expected);
        assertEquals(before, server.count("users"), "a user was saved");
        assertEquals(0, usersNamed(fields.get("username").strip()));
    }

    @Test
    void missingFieldsAreRequired() {
        HttpResponse<String> response = browser.submit("/register", Map.of());

        assertFormErrors(response, Map.of("username", REQUIRED, "email", REQUIRED, "password", REQUIRED,
                "password2", REQUIRED));
    }

    @Test
    void usernameTakenIgnoringCaseIsRefused() {
        server.register("Taken_Name", "taken_name@example.com", PASSWORD);
        long before = server.count("users");

        HttpResponse<String> response = browser.submit("/register", form("tAKEN_nAME", "someone.else@example.com"));

        assertFormErrors(response, Map.of("username", USERNAME_TAKEN));
        assertEquals(before, server.count("users"));
        assertEquals(0, usersWithEmail("someone.else@example.com"));
    }

    @Test
    void emailTakenIgnoringCaseIsRefused() {
        server.register("mail_owner", "Owner@Example.com", PASSWORD);
        long before = server.count("users");

        HttpResponse<String> response = browser.submit("/register", form("mail_thief", "oWNER@eXAMPLE.COM"));

        assertFormErrors(response, Map.of("email", EMAIL_TAKEN));
        assertEquals(before, server.count("users"));
        assertEquals(0, usersNamed("mail_thief"));
    }

    @Test
    void usernameAndEmailBothTakenAreBothReported() {
        server.register("both_taken", "both_taken@example.com", PASSWORD);

        HttpResponse<String> response = browser.submit("/register", form("BOTH_TAKEN", "Both_Taken@example.com"));

        assertFormErrors(response, Map.of("username", USERNAME_TAKEN, "email", EMAIL_TAKEN));
    }

    @Test
    void aSecondTryAfterFixingTheFormSucceeds() {
        HttpResponse<String> first = browser.submit("/register", form("second_try", "second_try@"));
        assertFormErrors(first, Map.of("email", INVALID_EMAIL));

        HttpResponse<String> second = browser.submit("/register", form("second_try", "second_try@example.com"));

        assertEquals(302, second.statusCode(), second.body());
        assertEquals(1, usersNamed("second_try"));
    }

    // ---- what the visitor typed ----

    @Test
    void typedUsernameAndEmailAreKeptButPasswordsAreNot() {
        String password = "Never-Shown-Secret-4417";
        String password2 = "Other-Hidden-Secret-9902";

        HttpResponse<String> response = browser.submit("/register",
                form("kept_name", "kept.mail@example.com", password, password2));

        assertFormErrors(response, Map.of("password2", PASSWORDS_DIFFER));
        String body = response.body();
        assertTrue(input(body, "username").contains("value=\"kept_name\""), input(body, "username"));
        assertTrue(input(body, "email").contains("value=\"kept.mail@example.com\""), input(body, "email"));
        assertFalse(body.contains(password), "password re-shown");
        assertFalse(body.contains(password2), "password2 re-shown");
        assertFalse(input(body, "password").contains("value="), input(body, "password"));
        assertFalse(input(body, "password2").contains("value="), input(body, "password2"));
    }

    @Test
    void passwordsAreNotReShownWhenAnotherFieldIsWrong() {
        String password = "Kept-Out-Of-Page-7731";

        HttpResponse<String> response = browser.submit("/register", form("", "x@example.com", password, password));

        assertFormErrors(response, Map.of("username", REQUIRED));
        assertFalse(response.body().contains(password), "password re-shown");
        assertTrue(input(response.body(), "email").contains("value=\"x@example.com\""));
    }

    // ---- hostile input ----

    @Test
    void scriptInUsernameIsRefusedAndShownEscaped() {
        HttpResponse<String> response = browser.submit("/register",
                form("<script>alert(1)</script>", "xss@example.com"));

        assertFormErrors(response, Map.of("username", RegistrationForm.USERNAME_CHARACTERS));
        assertTrue(response.body().contains("&lt;script&gt;"), response.body());
        assertFalse(response.body().contains("<script>alert(1)"), response.body());
        assertEquals(0, usersWithEmail("xss@example.com"));
    }

    @Test
    void markupInEmailIsRefusedAndShownEscaped() {
        HttpResponse<String> response = browser.submit("/register", form("img_user", "\"><img src=x>"));

        assertFormErrors(response, Map.of("email", INVALID_EMAIL));
        String body = response.body();
        assertFalse(body.contains("\"><img src=x>"), body);
        assertFalse(body.contains("<img src=x>"), body);
        assertTrue(body.contains("&gt;&lt;img src=x&gt;"), body);
        assertEquals(0, usersNamed("img_user"));
    }

    // ---- races ----

    /** Twenty browsers open the form, then all submit at the same moment. */
    private static List<HttpResponse<String>> race(IntFunction<Map<String, String>> formOf) throws Exception {
        int racers = 20;
        List<Browser> browsers = new ArrayList<>();
        List<Map<String, String>> forms = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            Browser racer = server.newBrowser();
            String token = Browser.csrfToken(racer.get("/register").body()).orElseThrow();
            Map<String, String> fields = new LinkedHashMap<>(formOf.apply(i));
            fields.put("csrf_token", token);
            browsers.add(racer);
            forms.add(fields);
        }
        CountDownLatch ready = new CountDownLatch(racers);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Browser racer = browsers.get(i);
                Map<String, String> fields = forms.get(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return racer.post("/register", fields);
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertOneWinner(List<HttpResponse<String>> responses, String field, String message) {
        long winners = responses.stream().filter(r -> r.statusCode() == 302).count();
        List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
        assertTrue(statuses.stream().noneMatch(s -> s >= 500), statuses.toString());
        assertEquals(1, winners, statuses.toString());
        for (HttpResponse<String> response : responses) {
            if (response.statusCode() != 302) {
                assertFormErrors(response, Map.of(field, message));
            }
        }
    }

    @Test
    void twentyRacingRegistrationsOfOneUsernameLeaveExactlyOneUser() throws Exception {
        List<HttpResponse<String>> responses = race(i -> form("racer", "racer" + i + "@example.com"));

        assertOneWinner(responses, "username", USERNAME_TAKEN);
        assertEquals(1, usersNamed("racer"));
    }

    @Test
    void twentyRacingRegistrationsOfOneEmailLeaveExactlyOneUser() throws Exception {
        List<HttpResponse<String>> responses = race(i -> form("mail_racer_" + i, "mail.racer@example.com"));

        assertOneWinner(responses, "email", EMAIL_TAKEN);
        assertEquals(1, usersWithEmail("mail.racer@example.com"));
    }

    @Test
    void aCommonPasswordIsRefusedSayingWhy() {
        long before = server.count("users");
        HttpResponse<String> page = server.newBrowser().submit("/register", Map.of("username", "commoner",
                "email", "commoner@example.com", "password", "Password1", "password2", "Password1"));

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("one of the most common passwords"), page.body());
        assertEquals(before, server.count("users"));
    }

    @Test
    void aPasswordContainingTheUsernameIsRefusedSayingWhy() {
        long before = server.count("users");
        HttpResponse<String> page = server.newBrowser().submit("/register", Map.of("username", "Nadia",
                "email", "nadia@example.com", "password", "nadia-2026-xyz", "password2", "nadia-2026-xyz"));

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Password must not contain your username."), page.body());
        assertEquals(before, server.count("users"));
    }

    @Test
    void lookAlikeFullWidthNamesAreTheSameUserAfterNfkc() {
        server.register("wanda", "wanda@example.com", "scarlet witch 1964");

        HttpResponse<String> duplicate = server.newBrowser().submit("/register", Map.of("username", "ｗａｎｄａ",
                "email", "ＷＡＮＤＡ@example.com", "password", "another long pass", "password2",
                "another long pass"));
        Browser browser = server.newBrowser();
        HttpResponse<String> login = browser.submit("/login", Map.of("username", "ＷＡＮＤＡ",
                "password", "scarlet witch 1964"));

        assertEquals(200, duplicate.statusCode());
        assertTrue(duplicate.body().contains("Please use a different username."), duplicate.body());
        assertTrue(duplicate.body().contains("Please use a different email address."), duplicate.body());
        assertEquals("/index", browser.location(login));
    }

    @Test
    void aFullWidthUsernameIsStoredInItsNormalForm() {
        server.register("ｋａｒｅｌ", "karel@example.com", "good soldier svejk");

        String stored = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT username FROM users WHERE email = 'karel@example.com'").mapTo(String.class).one());
        assertEquals("karel", stored);
    }
}
