package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract's response headers on every page, and the 404, 405 and 400 pages in the site's layout. */
class HeadersHttpTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static final String PASSWORD = "Unusual-Secret-9731";
    private static final String HTML = "text/html;charset=UTF-8";
    /** What Jetty 12 sends for {@link #HTML}: it rewrites known content types to its own lower-case spelling. */
    private static final String HTML_AS_JETTY_SPELLS_IT = "text/html;charset=utf-8";
    private static final Pattern NAV = Pattern.compile("<nav\\b.*?</nav>", Pattern.DOTALL);
    private static final Pattern INLINE_STYLE = Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern STYLE_ELEMENT = Pattern.compile("<style\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern EVENT_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    private static final List<String> LEAKS = List.of("Exception", "at microblog.", "org.eclipse", ".java:",
            "jakarta.servlet", "SQL");

    @Test
    void anonymousPagesCarryTheSecurityHeaders() {
        Browser browser = server.newBrowser();

        assertSecurityHeaders(browser.get("/login"), 200);
        assertSecurityHeaders(browser.get("/register"), 200);
        assertSecurityHeaders(browser.get("/reset_password_request"), 200);
        assertSecurityHeaders(browser.get("/nope"), 404);
        assertSecurityHeaders(browser.post("/static/css/microblog.css", Map.of()), 405);
    }

    @Test
    void signedInPagesCarryTheSecurityHeadersAndAreNotStored() {
        Browser browser = signedIn(user("headers"));

        for (String path : List.of("/index", "/", "/logout", "/account", "/change_password")) {
            HttpResponse<String> page = browser.get(path);
            assertSecurityHeaders(page, 200);
            assertNoStore(page);
        }
    }

    @Test
    void errorPagesForASignedInUserCarryTheSecurityHeadersAndAreNotStored() {
        Browser browser = signedIn(user("errorheaders"));

        for (HttpResponse<String> page : List.of(browser.get("/nope"), browser.post("/static/none.css", Map.of()),
                browser.post("/static/css/microblog.css", Map.of()))) {
            assertSecurityHeaders(page, page.statusCode());
            assertNoStore(page);
        }
    }

    /** The app's own error pages (not the container's) still show a signed-in user's Logout button and token. */
    @Test
    void errorPagesTheAppRendersShowTheSignedInNavigation() {
        Browser browser = signedIn(user("errornav"));

        for (HttpResponse<String> page : List.of(browser.get("/nope"), browser.method("PUT", "/index"))) {
            assertTrue(page.statusCode() == 404 || page.statusCode() == 405, String.valueOf(page.statusCode()));
            assertTrue(page.body().contains(">Logout</button>"), page.body());
            assertFalse(page.body().contains("name=\"csrf_token\" value=\"\""), "a token for the Logout form");
        }
    }

    @Test
    void refusedFormPageCarriesTheSecurityHeaders() {
        Browser browser = server.newBrowser();

        assertSecurityHeaders(browser.post("/login", Map.of("username", "someone")), 400);
    }

    @Test
    void noPageHasInlineStylesOrScripts() {
        String name = user("inline");
        Browser anonymous = server.newBrowser();
        Browser signedIn = signedIn(name);
        signedIn.submit("/index", Map.of("post", "a post on the page"));
        Map<String, HttpResponse<String>> pages = new LinkedHashMap<>();
        pages.put("login", anonymous.get("/login"));
        pages.put("login with errors", anonymous.submit("/login", Map.of("username", "", "password", "")));
        pages.put("register", anonymous.get("/register"));
        pages.put("register with errors", anonymous.submit("/register", Map.of("username", "", "email", "x")));
        pages.put("expired form", anonymous.post("/register", Map.of("username", "late")));
        pages.put("404", anonymous.get("/nope"));
        pages.put("405", anonymous.post("/static/css/microblog.css", Map.of()));
        pages.put("index", signedIn.get("/index"));
        pages.put("index with errors", signedIn.submit("/index", Map.of("post", " ")));
        pages.put("logout", signedIn.get("/logout"));
        pages.put("404 signed in", signedIn.get("/nope"));
        pages.put("405 signed in", signedIn.post("/static/css/microblog.css", Map.of()));

        pages.forEach((what, page) -> {
            String body = page.body();
            assertTrue(body.contains("<html"), what + " is not a page:\n" + body);
            assertFalse(INLINE_STYLE.matcher(body).find(), what + " has a style attribute:\n" + body);
            assertFalse(STYLE_ELEMENT.matcher(body).find(), what + " has a style element:\n" + body);
            assertFalse(EVENT_HANDLER.matcher(body).find(), what + " has an inline event handler:\n" + body);
            Matcher script = SCRIPT.matcher(body);
            while (script.find()) {
                assertTrue(script.group(1).contains("src="), what + " has an inline script:\n" + body);
                assertTrue(script.group(2).isBlank(), what + " has an inline script:\n" + body);
            }
            assertFalse(body.toLowerCase().contains("javascript:"), what + " has a javascript: URL:\n" + body);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/index/extra", "/static/none.css", "/WEB-INF/web.xml",
        "/WEB-INF/views/index.jsp", "/login/", "/index.jsp", "/static/css/../../WEB-INF/web.xml"})
    void unknownPathIsANotFoundPageInTheLayout(String path) {
        HttpResponse<String> response = server.newBrowser().get(path);

        assertEquals(404, response.statusCode(), response.body());
        assertInLayout(response, "Not Found");
        assertFalse(response.body().contains("<web-app"), "web.xml served");
        assertFalse(response.body().contains("taglib"), "JSP source served");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/index/extra", "/WEB-INF/web.xml"})
    void anonymousPostToUnknownPathIsNotFound(String path) {
        Browser browser = server.newBrowser();

        HttpResponse<String> response = browser.post(path, Map.of("post", "hello"));

        assertEquals(404, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Location").isEmpty(), "redirected");
        assertInLayout(response, "Not Found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "DELETE", "PATCH"})
    void unknownPathWithAnyMethodIsANotFoundPageInTheLayout(String method) {
        HttpResponse<String> response = server.newBrowser().method(method, "/nope");

        assertEquals(404, response.statusCode(), response.body());
        assertInLayout(response, "Not Found");
    }

    @ParameterizedTest
    @CsvSource({"PUT, /login", "DELETE, /index", "PATCH, /register", "DELETE, /logout", "PUT, /"})
    void knownPathWithAnotherMethodIsMethodNotAllowed(String method, String path) {
        Browser browser = signedIn(user("method" + method + path.replace('/', '_')));

        HttpResponse<String> response = browser.method(method, path);

        assertMethodNotAllowed(response);
        assertTrue(browser.get("/index").body().contains("<h1>Hi, "), "the user was signed out");
    }

    @ParameterizedTest
    @CsvSource({"PUT, /login", "DELETE, /index", "PATCH, /register", "DELETE, /logout"})
    void methodNotAllowedPageIsInTheLayout(String method, String path) {
        HttpResponse<String> response = server.newBrowser().method(method, path);

        assertEquals(405, response.statusCode());
        assertInLayout(response, "Method Not Allowed");
    }

    @ParameterizedTest
    @CsvSource({"DELETE, /index", "PUT, /index", "PATCH, /index", "DELETE, /"})
    void anonymousWrongMethodOnProtectedPageIsMethodNotAllowedBeforeLogin(String method, String path) {
        HttpResponse<String> response = server.newBrowser().method(method, path);

        assertMethodNotAllowed(response);
        assertTrue(response.headers().firstValue("Location").isEmpty(), "redirected to login");
        assertTrue(Browser.setCookie(response, "JSESSIONID").isEmpty(), "a session was started for a flash");
    }

    @Test
    void staticFileTakesOnlyGetAndHead() {
        HttpResponse<String> response = server.newBrowser().method("POST", "/static/css/microblog.css");

        assertEquals(405, response.statusCode(), response.body());
        List<String> allowed = allowed(response);
        assertTrue(allowed.containsAll(List.of("GET", "HEAD")), allowed.toString());
        assertFalse(allowed.contains("POST"), allowed.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/index", "/static/css/microblog.css"})
    void traceIsMethodNotAllowedAndNeverEchoed(String path) throws IOException {
        String probe = "X-Probe-Header: probe-value-4711";

        String answer = raw("TRACE " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + probe
                + "\r\nCookie: secret-cookie=hush\r\nConnection: close\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 405"), answer);
        assertTrue(answer.contains("\r\nAllow: GET, HEAD") || answer.contains("\r\nAllow: HEAD, GET"), answer);
        assertFalse(answer.contains("probe-value-4711"), "TRACE echoed a header:\n" + answer);
        assertFalse(answer.contains("hush"), "TRACE echoed a cookie:\n" + answer);
        assertFalse(answer.contains("message/http"), answer);
    }

    @Test
    void traceFromASignedInBrowserIsMethodNotAllowedAndNotEchoed() {
        Browser browser = signedIn(user("tracer"));
        browser.setCookie("secret", "cookie-value-0815");

        HttpResponse<String> response = browser.method("TRACE", "/index");

        assertMethodNotAllowed(response);
        assertFalse(response.body().contains("cookie-value-0815"), response.body());
        assertFalse(response.headers().firstValue("Content-Type").orElse("").contains("message/http"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/", "/static", "/static/css/", "/static/css"})
    void staticFolderIsNotFoundWithoutAListing(String path) {
        HttpResponse<String> response = server.newBrowser().get(path);

        assertEquals(404, response.statusCode(), response.body());
        String body = response.body();
        assertFalse(body.contains("Index of") || body.contains("Directory"), "directory listing:\n" + body);
        assertFalse(body.contains("href=\"/static/css/\"") || body.contains("href=\"css/\""), "listing:\n" + body);
        assertInLayout(response, "Not Found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /%zz HTTP/1.1", "GET /index%zz HTTP/1.1", "GET /login?next=%zz%ZZ HTTP/1.1",
        "GET /%c0%ae%c0%ae/ HTTP/1.1", "GET /index\u0001 HTTP/1.1"})
    void malformedRequestShowsNoStackTrace(String requestLine) throws IOException {
        String answer = raw(requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 "), answer);
        int status = Integer.parseInt(answer.substring(9, 12));
        assertTrue(status >= 200 && status < 500, "status " + status + ":\n" + answer);
        // The body only: random cookie values in the headers may contain any letters.
        String body = Browser.withoutTokens(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        for (String leak : LEAKS) {
            assertFalse(body.contains(leak), "'" + leak + "' shown:\n" + answer);
        }
    }

    @Test
    void malformedFormBodyShowsNoStackTrace() {
        Browser browser = server.newBrowser();
        browser.get("/login");

        HttpResponse<String> response = browser.postRaw("/login", "application/x-www-form-urlencoded",
                "username=%zz&password=%&csrf_token=%E0%A4%A");

        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, response.statusCode() + "");
        assertNoLeak(response.body());
    }

    @Test
    void anonymousNavigationReadsHomeThenLogin() {
        HttpResponse<String> page = server.newBrowser().get("/login");

        String nav = nav(page.body());
        assertEquals("Microblog: Home Login", text(nav), nav);
        assertTrue(nav.contains("href=\"/index\""), nav);
        assertTrue(nav.contains("href=\"/login\""), nav);
    }

    @Test
    void signedInNavigationHasALogoutPostButton() {
        Browser browser = signedIn(user("navuser"));

        for (String path : List.of("/index", "/logout", "/account")) {
            assertLogoutButton(browser.get(path));
        }
    }

    @Test
    void signedInNavigationOnErrorPagesHasALogoutPostButton() {
        Browser browser = signedIn(user("naverrors"));

        assertLogoutButton(browser.get("/nope"));
        assertLogoutButton(browser.post("/static/css/microblog.css", Map.of()));
    }

    @Test
    void anonymousNavigationOnErrorPagesReadsHomeThenLogin() {
        Browser browser = server.newBrowser();

        assertEquals("Microblog: Home Login", text(nav(browser.get("/nope").body())));
        assertEquals("Microblog: Home Login", text(nav(browser.post("/static/css/microblog.css", Map.of()).body())));
    }

    private static void assertLogoutButton(HttpResponse<String> page) {
        String nav = nav(page.body());
        assertEquals("Microblog: Home Account Logout", text(nav), page.uri() + ":\n" + nav);
        assertTrue(nav.contains("href=\"/account\""), nav);
        Matcher form = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL).matcher(nav);
        assertTrue(form.find(), "no logout form in the nav:\n" + nav);
        String attributes = form.group(1).toLowerCase();
        assertTrue(attributes.contains("method=\"post\""), nav);
        assertTrue(attributes.contains("action=\"/logout\""), nav);
        assertTrue(form.group(2).contains("Logout"), nav);
        assertTrue(Browser.csrfToken(form.group(2)).filter(t -> !t.isEmpty()).isPresent(), "no token:\n" + nav);
    }

    private static void assertSecurityHeaders(HttpResponse<String> page, int status) {
        String where = page.request().method() + " " + page.uri().getPath();
        assertEquals(status, page.statusCode(), where + "\n" + page.body());
        assertHtml(page);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null), where);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null), where);
        assertEquals("same-origin", page.headers().firstValue("Referrer-Policy").orElse(null), where);
        assertEquals("same-origin", page.headers().firstValue("Cross-Origin-Opener-Policy").orElse(null), where);
        assertEquals("0", page.headers().firstValue("X-XSS-Protection").orElse(null), where);
        assertTrue(page.headers().firstValue("Strict-Transport-Security").isEmpty(), where + ": HSTS over plain HTTP");
        List<String> policies = page.headers().allValues("Content-Security-Policy");
        assertEquals(1, policies.size(), where + ": " + policies);
        String policy = policies.get(0);
        assertFalse(policy.contains("'unsafe-inline'"), where + ": " + policy);
        assertFalse(policy.contains("'unsafe-eval'"), where + ": " + policy);
        assertTrue(policy.matches("(^|.*;)\\s*frame-ancestors 'none'\\s*(;.*|$)"), where + ": " + policy);
        assertTrue(policy.matches("(^|.*;)\\s*default-src 'self'\\s*(;.*|$)")
                || policy.matches("(^|.*;)\\s*(script-src|style-src) 'self'.*"), where + ": " + policy);
    }

    /**
     * The contract's {@code text/html;charset=UTF-8}. Charset names are case-insensitive (RFC 9110, 8.3.2), and
     * Jetty 12 always sends its own lower-case spelling, so both are accepted.
     */
    private static void assertHtml(HttpResponse<String> page) {
        String type = page.headers().firstValue("Content-Type").orElse(null);
        assertTrue(HTML.equals(type) || HTML_AS_JETTY_SPELLS_IT.equals(type),
                page.request().method() + " " + page.uri().getPath() + ": Content-Type " + type);
    }

    private static void assertNoStore(HttpResponse<String> page) {
        String cacheControl = page.headers().firstValue("Cache-Control").orElse("");
        List<String> directives = Arrays.stream(cacheControl.split(",")).map(String::trim).toList();
        assertTrue(directives.contains("no-store"), page.uri() + ": Cache-Control " + cacheControl);
    }

    private static void assertMethodNotAllowed(HttpResponse<String> response) {
        String where = response.request().method() + " " + response.uri().getPath();
        assertEquals(405, response.statusCode(), where + "\n" + response.body());
        List<String> allowed = allowed(response);
        assertTrue(allowed.containsAll(List.of("GET", "HEAD", "POST")), where + ": Allow " + allowed);
        assertFalse(allowed.contains(response.request().method()), where + ": Allow " + allowed);
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null), where);
        assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(null), where);
        assertNoLeak(response.body());
    }

    private static List<String> allowed(HttpResponse<String> response) {
        String allow = response.headers().firstValue("Allow")
                .orElseThrow(() -> new AssertionError("no Allow header: " + response.headers()));
        return Arrays.stream(allow.split(",")).map(String::trim).toList();
    }

    private static void assertInLayout(HttpResponse<String> response, String title) {
        String body = response.body();
        assertHtml(response);
        assertTrue(text(nav(body)).startsWith("Microblog: Home"), body);
        assertTrue(body.contains("<title>" + title + " - Microblog</title>"), body);
        assertTrue(body.contains("<h1>" + title + "</h1>"), body);
        assertTrue(body.contains("/static/css/microblog.css"), body);
        assertNoLeak(body);
    }

    private static void assertNoLeak(String body) {
        for (String leak : LEAKS) {
            assertFalse(Browser.withoutTokens(body).contains(leak), "'" + leak + "' shown:\n" + body);
        }
    }

    private static String nav(String html) {
        Matcher nav = NAV.matcher(html);
        if (!nav.find()) {
            throw new AssertionError("no <nav>:\n" + html);
        }
        return nav.group();
    }

    /** What a reader sees: tags dropped, white space collapsed. */
    private static String text(String html) {
        return html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
    }

    /** Sends bytes the HTTP client would refuse to send, and reads the whole answer. */
    private static String raw(String request) throws IOException {
        URI base = server.newBrowser().get("/login").uri();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static String user(String name) {
        server.register(name, name + "@example.com", PASSWORD);
        return name;
    }

    private static Browser signedIn(String name) {
        return server.signedIn(name, PASSWORD);
    }
}
