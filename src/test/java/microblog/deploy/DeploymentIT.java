package microblog.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import microblog.deploy.Container.Kind;
import microblog.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WAR that {@code package} built, unchanged, in stock Tomcat 10.1, Tomcat 11 and Jetty 12 (ee10), each at the
 * root and at {@code /microblog}, driven over real HTTP.
 */
class DeploymentIT {
    private static final List<String> CONTEXT_PATHS = List.of("", "/microblog");
    private static final String PASSWORD = "quiet lantern 42";
    private static final String REMEMBER = "remember_token";
    private static final String SESSION = "JSESSIONID";
    private static final Map<Kind, Container> CONTAINERS = new EnumMap<>(Kind.class);

    /** One WAR in one container at one context path; the name JUnit reports. */
    record Deployment(Kind kind, String contextPath) {
        @Override
        public String toString() {
            return kind + " at " + cookiePath();
        }

        /** The Path every cookie of this deployment carries. */
        String cookiePath() {
            return contextPath.isEmpty() ? "/" : contextPath;
        }

        /** A username of its own: both context paths of one container share its database. */
        String user(String name) {
            return name + "-" + kind.name().toLowerCase(Locale.ROOT).replace("_", "")
                    + (contextPath.isEmpty() ? "-root" : "-sub");
        }

        Browser newVisitor() {
            return new Browser(CONTAINERS.get(kind).uri(contextPath), contextPath);
        }
    }

    static Stream<Deployment> deployments() {
        return Arrays.stream(Kind.values()).flatMap(kind -> CONTEXT_PATHS.stream().map(c -> new Deployment(kind, c)));
    }

    @BeforeAll
    static void startContainers() {
        Path war = Container.packagedWar();
        ExecutorService starters = Executors.newFixedThreadPool(Kind.values().length);
        for (Kind kind : Kind.values()) {
            Container container = new Container(kind, war, CONTEXT_PATHS);
            CONTAINERS.put(kind, container);
            container.startOn(starters);
        }
        starters.shutdown();
    }

    @AfterAll
    static void stopContainers() {
        CONTAINERS.values().parallelStream().forEach(Container::close);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void anonymousHomePageRedirectsToLoginWithNext(Deployment deployment) {
        Browser visitor = deployment.newVisitor();

        HttpResponse<String> response = visitor.get("/index");

        assertEquals(302, response.statusCode(), response.body());
        assertEquals("/login?next=%2Findex", visitor.location(response));
        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains(deployment.contextPath() + "/login?next=%2Findex"), location);
        HttpResponse<String> login = visitor.get(visitor.location(response));
        assertEquals(200, login.statusCode(), login.body());
        assertTrue(login.body().contains("Please log in to access this page."), login.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void anonymousLoginPageSetsNoSessionCookie(Deployment deployment) {
        HttpResponse<String> login = deployment.newVisitor().get("/login");

        assertEquals(200, login.statusCode(), login.body());
        assertTrue(login.body().contains("<h1>Sign In</h1>"), login.body());
        assertTrue(login.headers().firstValue("Content-Type").orElse("")
                .equalsIgnoreCase("text/html;charset=UTF-8"), String.valueOf(login.headers().map()));
        assertTrue(Browser.setCookie(login, SESSION).isEmpty(), String.valueOf(Browser.setCookieHeaders(login)));
        for (String header : Browser.setCookieHeaders(login)) {
            assertScopedHttpOnlyLax(header, deployment);
        }
        assertTrue(login.body().contains("href=\"" + deployment.contextPath() + "/register\""), login.body());
    }

    /**
     * The WAR's views come compiled (JspC at build time): the container serves them without compiling any JSP, so
     * it writes no generated {@code *_jsp.java} source anywhere.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void viewsArePrecompiledSoTheContainerCompilesNoJsp(Deployment deployment) {
        Browser visitor = deployment.newVisitor();
        assertEquals(200, visitor.get("/login").statusCode());
        assertEquals(200, visitor.get("/register").statusCode());
        assertEquals(404, visitor.get("/no-such-page").statusCode());

        List<Path> generated = CONTAINERS.get(deployment.kind()).filesEndingWith("_jsp.java");

        assertTrue(generated.isEmpty(), "the container compiled JSPs: " + generated);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void stylesheetIsServedWithoutASession(Deployment deployment) {
        HttpResponse<String> css = deployment.newVisitor().get("/static/css/microblog.css");

        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"),
                String.valueOf(css.headers().map()));
        assertTrue(Browser.setCookie(css, SESSION).isEmpty(), String.valueOf(Browser.setCookieHeaders(css)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void unknownPathGetsTheNotFoundPageInTheSiteLayout(Deployment deployment) {
        HttpResponse<String> response = deployment.newVisitor().get("/no-such-page");

        assertEquals(404, response.statusCode(), response.body());
        assertTrue(response.body().contains("Microblog:"), "site layout: " + response.body());
        assertTrue(response.body().contains("href=\"" + deployment.contextPath() + "/login\""), response.body());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    /** The launcher lies at the WAR's root for {@code java -jar}; no URL reaches it or the manifest naming it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void launcherAndManifestAreNeverServed(Deployment deployment) {
        Browser visitor = deployment.newVisitor();
        for (String path : List.of("/launcher/Main.class", "/launcher/", "/launcher", "/META-INF/MANIFEST.MF")) {
            HttpResponse<String> response = visitor.get(path);

            assertEquals(404, response.statusCode(), path + ": " + response.body());
            assertFalse(response.body().contains("Main-Class") || response.body().contains("launcher/Main"),
                    path + ": " + response.body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void userRegistersLogsInPostsAndLogsOut(Deployment deployment) {
        String name = deployment.user("ada");
        Browser visitor = deployment.newVisitor();

        HttpResponse<String> registered = visitor.submit("/register", Map.of("username", name,
                "email", name + "@example.com", "password", PASSWORD, "password2", PASSWORD));
        assertEquals(302, registered.statusCode(), registered.body());
        assertEquals("/login", visitor.location(registered));
        HttpResponse<String> welcome = visitor.get("/login");
        assertTrue(welcome.body().contains("Congratulations, you are now a registered user!"), welcome.body());

        HttpResponse<String> login = visitor.submit("/login",
                Map.of("username", name, "password", PASSWORD, "remember_me", "y"));
        assertEquals(302, login.statusCode(), login.body());
        assertEquals("/index", visitor.location(login));
        HttpResponse<String> home = visitor.get("/index");
        assertEquals(200, home.statusCode(), home.body());
        assertTrue(home.body().contains("<h1>Hi, " + name + "!</h1>"), home.body());

        String said = "Hello from " + deployment;
        HttpResponse<String> posted = visitor.submit("/index", Map.of("post", said));
        assertEquals("/index", visitor.location(posted));
        HttpResponse<String> after = visitor.get("/index");
        assertTrue(after.body().contains("Your post is now live!"), after.body());
        assertTrue(after.body().contains(name + " says: " + said), after.body());

        HttpResponse<String> logout = visitor.submit("/index", "/logout", Map.of());
        assertEquals(302, logout.statusCode(), logout.body());
        assertEquals("/index", visitor.location(logout));
        String expired = Browser.setCookie(logout, REMEMBER).orElseThrow(() -> new AssertionError(
                "remember_token not expired at logout: " + Browser.setCookieHeaders(logout)));
        assertEquals("0", Browser.attributes(expired).get("max-age"), expired);
        assertScopedHttpOnlyLax(expired, deployment);
        assertTrue(visitor.cookie(REMEMBER).isEmpty());
        HttpResponse<String> anonymous = visitor.get("/index");
        assertEquals(302, anonymous.statusCode(), anonymous.body());
        assertEquals("/login?next=%2Findex", visitor.location(anonymous));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void loginCookiesCarryTheContextPathHttpOnlyAndSameSiteLax(Deployment deployment) {
        String name = deployment.user("grace");
        register(deployment, name);
        Browser visitor = deployment.newVisitor();

        HttpResponse<String> login = visitor.submit("/login",
                Map.of("username", name, "password", PASSWORD, "remember_me", "y"));

        assertEquals(302, login.statusCode(), login.body());
        String session = Browser.setCookie(login, SESSION).orElseThrow(() -> new AssertionError(
                "no JSESSIONID at login: " + Browser.setCookieHeaders(login)));
        String remember = Browser.setCookie(login, REMEMBER).orElseThrow(() -> new AssertionError(
                "no remember_token at login: " + Browser.setCookieHeaders(login)));
        assertScopedHttpOnlyLax(session, deployment);
        assertScopedHttpOnlyLax(remember, deployment);
        assertFalse(Browser.attributes(session).containsKey("secure"), "plain HTTP: " + session);
        assertFalse(login.headers().firstValue("Location").orElse("").contains(";jsessionid"),
                "session ids never in URLs: " + login.headers().map());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void rememberedUserIsLoggedInAgainAfterTheSessionCookieIsDropped(Deployment deployment) {
        String name = deployment.user("linus");
        register(deployment, name);
        Browser visitor = deployment.newVisitor();
        HttpResponse<String> login = visitor.submit("/login",
                Map.of("username", name, "password", PASSWORD, "remember_me", "y"));
        assertEquals(302, login.statusCode(), login.body());
        String original = visitor.cookie(REMEMBER).orElseThrow(() -> new AssertionError(
                "no remember_token at login: " + Browser.setCookieHeaders(login)));

        visitor.dropCookie(SESSION);
        HttpResponse<String> home = visitor.get("/index");

        assertEquals(200, home.statusCode(), home.body());
        assertTrue(home.body().contains("<h1>Hi, " + name + "!</h1>"), home.body());
        String rotated = Browser.setCookie(home, REMEMBER).orElseThrow(() -> new AssertionError(
                "remember_token not rotated: " + Browser.setCookieHeaders(home)));
        assertScopedHttpOnlyLax(rotated, deployment);
        assertNotEquals(original, Browser.value(rotated));
        String session = Browser.setCookie(home, SESSION).orElseThrow(() -> new AssertionError(
                "no new session after the remember-me login: " + Browser.setCookieHeaders(home)));
        assertScopedHttpOnlyLax(session, deployment);
    }

    private static void register(Deployment deployment, String name) {
        HttpResponse<String> response = deployment.newVisitor().submit("/register", Map.of("username", name,
                "email", name + "@example.com", "password", PASSWORD, "password2", PASSWORD));
        assertEquals(302, response.statusCode(), "registration of " + name + " failed: " + response.body());
    }

    private static void assertScopedHttpOnlyLax(String setCookie, Deployment deployment) {
        Map<String, String> attributes = Browser.attributes(setCookie);
        assertEquals(deployment.cookiePath(), attributes.get("path"), setCookie);
        assertTrue(attributes.containsKey("httponly"), "HttpOnly: " + setCookie);
        assertEquals("lax", attributes.getOrDefault("samesite", "(none)").toLowerCase(Locale.ROOT),
                "SameSite=Lax: " + setCookie);
    }
}
