package microblog.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import microblog.deploy.Container.Kind;
import microblog.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Behind a trusted TLS proxy ({@code X-Forwarded-Proto: https} from loopback, {@code microblog.client.header} set)
 * the WAR in stock Tomcat 10.1, Tomcat 11 and Jetty 12, with no container configuration for proxies, marks every
 * cookie {@code Secure}, the container's own {@code JSESSIONID} included, and sends HSTS.
 */
class ForwardedProtoIT {
    private static final Map<Kind, Container> CONTAINERS = new EnumMap<>(Kind.class);

    @BeforeAll
    static void startContainers() {
        ExecutorService starters = Executors.newFixedThreadPool(Kind.values().length);
        for (Kind kind : Kind.values()) {
            Container container = new Container(kind, Container.packagedWar(), List.of(""))
                    .setting("microblog.throttle", "off")
                    .setting("microblog.client.header", "X-Forwarded-For");
            CONTAINERS.put(kind, container);
            container.startOn(starters);
        }
        starters.shutdown();
    }

    @AfterAll
    static void stopContainers() {
        CONTAINERS.values().parallelStream().forEach(Container::close);
    }

    private static Set<String> visit(Kind kind, boolean https) {
        Browser browser = new Browser(CONTAINERS.get(kind).uri(""), "")
                .withHeader("X-Forwarded-Proto", https ? "https" : "http");
        String name = "proxied-" + https + "-" + kind.ordinal();
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(browser.get("/register"));
        answers.add(browser.submit("/register", Map.of("username", name, "email", name + "@example.com",
                "password", "quiet lantern 42", "password2", "quiet lantern 42")));
        answers.add(browser.submit("/login", Map.of("username", name, "password", "quiet lantern 42",
                "remember_me", "y")));
        answers.add(browser.get("/index"));
        Set<String> seen = new TreeSet<>();
        for (HttpResponse<String> answer : answers) {
            assertEquals(https, answer.headers().firstValue("Strict-Transport-Security").isPresent(),
                    kind + " " + answer.uri());
            for (String header : Browser.setCookieHeaders(answer)) {
                seen.add(header.substring(0, header.indexOf('=')));
                assertEquals(https, Browser.attributes(header).containsKey("secure"), kind + ": " + header);
            }
        }
        return seen;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void httpsAtTheProxyMakesEveryCookieSecure(Kind kind) {
        Set<String> seen = visit(kind, true);

        assertTrue(seen.containsAll(Set.of("JSESSIONID", "remember_token", "csrf")), kind + ": " + seen);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void plainHttpAtTheProxyLeavesThemPlain(Kind kind) {
        Set<String> seen = visit(kind, false);

        assertFalse(seen.isEmpty());
        assertTrue(seen.containsAll(Set.of("JSESSIONID", "remember_token", "csrf")), kind + ": " + seen);
    }
}
