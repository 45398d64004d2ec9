package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every form survives hostile input: a clear 400, 413 or form error, never a 5xx, and nothing changes. */
class BadInputHttpTest {
    private static final List<String> LEAKS = List.of("Exception", ".java:", "at microblog.", "SQL", "org.eclipse");

    @RegisterExtension
    static final TestServer server = new TestServer();

    private long users;
    private long posts;

    @BeforeAll
    static void registerPoster() {
        server.register("poster", "poster@example.com", "twelve monkeys");
    }

    @BeforeEach
    void countRows() {
        users = server.count("users");
        posts = server.count("posts");
    }

    @AfterEach
    void nothingChanged() {
        assertEquals(users, server.count("users"), "users changed");
        assertEquals(posts, server.count("posts"), "posts changed");
    }

    private static String token(Browser browser, String page) {
        return Browser.csrfToken(browser.get(page).body()).orElseThrow();
    }

    private static void assertClean(HttpResponse<String> response, int... allowed) {
        assertTrue(java.util.Arrays.stream(allowed).anyMatch(s -> s == response.statusCode()),
                "status " + response.statusCode() + ":\n" + response.body());
        for (String leak : LEAKS) {
            assertFalse(Browser.withoutTokens(response.body()).contains(leak), leak + " shown:\n" + response.body());
        }
    }

    @Test
    void missingFieldsAreRequired() {
        Browser browser = server.newBrowser();

        HttpResponse<String> response = browser.post("/register", Map.of("csrf_token", token(browser, "/register")));

        assertClean(response, 200);
        assertEquals(4, response.body().split("This field is required.", -1).length - 1, response.body());
    }

    @Test
    void repeatedFieldsAreRefused() {
        Browser browser = server.newBrowser();
        String body = "csrf_token=" + token(browser, "/register") + "&username=one&username=two&email=a%40b.co"
                + "&password=long+enough+pass&password2=long+enough+pass";

        assertClean(browser.postRaw("/register", "application/x-www-form-urlencoded", body), 400);
    }

    @Test
    void formFieldsInTheQueryStringOfAPostAreRefused() {
        Browser browser = server.newBrowser();
        String token = token(browser, "/register");

        HttpResponse<String> response = browser.post("/register?username=sneaky&email=s%40example.com",
                Map.of("csrf_token", token, "password", "long enough pass", "password2", "long enough pass"));

        assertClean(response, 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "multipart/form-data; boundary=xyz", "text/plain",
        "application/xml", "image/png"})
    void otherContentTypesAreRefused(String contentType) {
        Browser browser = server.newBrowser();
        String token = token(browser, "/register");

        HttpResponse<String> response = browser.postRaw("/register", contentType, "csrf_token=" + token
                + "&username=typed&email=t%40example.com&password=long+enough+pass&password2=long+enough+pass");

        assertClean(response, 400);
    }

    @Test
    void aDeclaredMegabyteIsRefusedWith413BeforeItIsRead() throws IOException {
        String head = "POST /register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                + "\r\nContent-Length: 1048576\r\n\r\nusername=";
        String answer;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write("a".repeat(1000).getBytes(StandardCharsets.US_ASCII));   // and never the rest
            out.flush();
            InputStream in = socket.getInputStream();
            answer = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        }

        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("Request Too Large"), answer);
    }

    @Test
    void aChunkedMegabyteIsRefusedToo() throws Exception {
        Browser browser = server.newBrowser();
        String token = token(browser, "/register");
        byte[] body = ("csrf_token=" + token + "&username=" + "a".repeat(1 << 20)).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri("/register")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "csrf=" + browser.cookie("csrf").orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());

        assertClean(response, 400, 413);
    }

    @ParameterizedTest
    @ValueSource(strings = {"username=%FF%FE%FD", "username=%C0%AE", "username=%zz", "username=%", "%=1",
        "username=a%00b", "=&=&&&", "username"})
    void undecodableBodiesGetAClearAnswer(String fields) {
        Browser browser = server.newBrowser();
        String token = token(browser, "/register");

        HttpResponse<String> response = browser.postRaw("/register", "application/x-www-form-urlencoded",
                "csrf_token=" + token + "&" + fields + "&email=x%40example.com&password=long+enough+pass"
                        + "&password2=long+enough+pass");

        assertClean(response, 200, 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad\u0000name", "tab\tname", "bell\u0007", "new\nline", "\u202Eevil", "\uFEFFbom"})
    void controlCharactersInAUsernameAreAFormError(String username) {
        HttpResponse<String> response = server.newBrowser().submit("/register", Map.of("username", username,
                "email", "ctl@example.com", "password", "long enough pass", "password2", "long enough pass"));

        assertClean(response, 200);
        assertTrue(response.body().contains("Username may only contain"), response.body());
    }

    @Test
    void controlCharactersInAPostAreAFormError() {
        Browser poster = server.signedIn("poster", "twelve monkeys");

        HttpResponse<String> response = poster.submit("/index", Map.of("post", "hello\u0000world\u001b[31m"));

        assertClean(response, 200);
        assertTrue(response.body().contains("may not contain control characters"), response.body());
    }

    @Test
    void controlCharactersInANewPasswordAreAFormError() {
        HttpResponse<String> response = server.newBrowser().submit("/register", Map.of("username", "ctlpass",
                "email", "ctlpass@example.com", "password", "long\u0000enough", "password2", "long\u0000enough"));

        assertClean(response, 200);
        assertTrue(response.body().contains("Password may not contain control characters."), response.body());
    }

    @Test
    void aMegabyteFieldJustUnderTheLimitIsAFormError() {
        HttpResponse<String> response = server.newBrowser().submit("/register", Map.of("username",
                "u".repeat(60_000), "email", "big@example.com", "password", "long enough pass", "password2",
                "long enough pass"));

        assertClean(response, 200);
        assertTrue(response.body().contains("at most 64 characters"), response.body());
    }

    @Test
    void aHugeEmailIsALengthErrorWithoutChokingTheAddressPattern() {
        HttpResponse<String> response = server.newBrowser().submit("/register", Map.of("username", "bigmail",
                "email", "a@b" + ".cd".repeat(15_000), "password", "long enough pass", "password2",
                "long enough pass"));

        assertClean(response, 200);
        assertTrue(response.body().contains("at most 120 characters"), response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"%2F%2F%2F%2F", "%00", "%0D%0ALocation:%20http://evil", "%E2%80%AE", "%2F%09%2Fevil",
        "%25%25%25", "%2Findex%3Fa%3D%0A"})
    void absurdNextValuesAreIgnored(String next) {
        Browser browser = server.newBrowser();

        HttpResponse<String> login = browser.submit("/login?next=" + next, Map.of("username", "poster",
                "password", "twelve monkeys"));

        assertClean(login, 302);
        assertEquals("/index", browser.location(login));
    }

    @Test
    void aVeryLongNextIsIgnoredOrRefusedButNeverBreaksTheServer() {
        Browser browser = server.newBrowser();

        HttpResponse<String> page = browser.get("/login?next=%2F" + "a".repeat(6000));

        assertClean(page, 200, 400, 414, 431);
    }
}
