package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Drives the real forms with generated input (field names, values of any characters and length, repeats, content
 * types, with or without the right token) and asserts: no 5xx, no stack trace, and the database unchanged unless
 * the answer was the success redirect of a form that saves something.
 */
class FormsFuzzHttpTest {
    private static final List<String> LEAKS = List.of("Exception", ".java:", "at microblog.", "SQL", "org.eclipse");
    private static final List<String> ROUTES = List.of("/login", "/register", "/index", "/logout");
    private static final List<String> FIELDS = List.of("username", "email", "password", "password2", "post",
            "remember_me", "submit", "next", "csrf_token");
    private static TestServer server;

    @BeforeContainer
    static void start() throws Exception {
        server = new TestServer();
        server.beforeAll(null);
        server.register("fuzzer", "fuzzer@example.com", "the fuzzing password");
    }

    @AfterContainer
    static void stop() throws Exception {
        server.afterAll(null);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(10),
                Arbitraries.strings().ascii().ofMinLength(60).ofMaxLength(3000),
                Arbitraries.of("", " ", "fuzzer", "FUZZER", "the fuzzing password", "a@b.co", "y", "%00", "/index",
                        "//evil.com", "<script>alert(1)</script>", "' OR 1=1 --", "\uD83D\uDE00".repeat(200)));
    }

    @Provide
    Arbitrary<Map<String, String>> forms() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(8));
        return Arbitraries.maps(names, values()).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Tuple.Tuple4<String, Boolean, Boolean, String>> requests() {
        return Combinators.combine(Arbitraries.of(ROUTES), Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.of("application/x-www-form-urlencoded", "application/x-www-form-urlencoded",
                        "application/x-www-form-urlencoded; charset=UTF-8", "text/plain", "multipart/form-data"))
                .as(Tuple::of);
    }

    /** Route, signed in?, with the page's token?, content type; then the fields (a repeated name is sent twice). */
    @Property(tries = 200)
    void formsNeverFailAndOnlySuccessfulSubmissionsSave(@ForAll("requests") Tuple.Tuple4<String, Boolean, Boolean,
            String> request, @ForAll("forms") Map<String, String> fields, @ForAll boolean repeatAField) {
        String route = request.get1();
        Browser browser = request.get2() ? server.signedIn("fuzzer", "the fuzzing password") : server.newBrowser();
        String page = browser.get(route.equals("/logout") ? "/login" : route).body();
        StringBuilder body = new StringBuilder(encode(fields));
        if (request.get3()) {
            body.append(body.length() == 0 ? "" : "&").append("csrf_token=")
                    .append(Browser.csrfToken(page).orElse(""));
        }
        if (repeatAField && !fields.isEmpty()) {
            Map.Entry<String, String> first = fields.entrySet().iterator().next();
            body.append('&').append(encode(Map.of(first.getKey(), first.getValue())));
        }
        long users = server.count("users");
        long posts = server.count("posts");

        HttpResponse<String> response = browser.postRaw(route, request.get4(), body.toString());

        assertTrue(response.statusCode() < 500, response.statusCode() + " for " + route + " " + body);
        for (String leak : LEAKS) {
            assertFalse(Browser.withoutTokens(response.body()).contains(leak),
                    leak + " shown for " + route + " " + body);
        }
        boolean saved = response.statusCode() == 302 && (route.equals("/register") || route.equals("/index"));
        if (!saved) {
            assertEquals(users, server.count("users"), "users changed without success: " + body);
            assertEquals(posts, server.count("posts"), "posts changed without success: " + body);
        }
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
