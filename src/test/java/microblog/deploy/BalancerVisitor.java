package microblog.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import microblog.testing.Browser;
import microblog.testing.Nginx;

/**
 * One person's browser in front of the test balancer: one cookie jar, every request through nginx, and for each
 * answer the node nginx says served it, so that a test sees which node did what.
 */
class BalancerVisitor {
    private final Nginx nginx;
    private final Browser browser;
    private final List<Integer> nodes = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private int failovers;

    BalancerVisitor(Nginx nginx) {
        this.nginx = nginx;
        this.browser = new Browser(nginx.uri(), "");
    }

    HttpResponse<String> get(String path) {
        return send("GET " + path, b -> b.get(path));
    }

    HttpResponse<String> post(String path, Map<String, String> fields) {
        return send("POST " + path, b -> b.post(path, fields));
    }

    /** The form's page, then the POST with its CSRF token: two requests, so (round robin) two nodes. */
    HttpResponse<String> submit(String path, Map<String, String> fields) {
        return submit(path, path, fields);
    }

    HttpResponse<String> submit(String formPage, String action, Map<String, String> fields) {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("csrf_token", csrfToken(formPage));
        return post(action, withToken);
    }

    /** Registers {@code name} (mail {@code name@example.com}) through the register form; it lands on the login page. */
    void register(String name, String password) {
        HttpResponse<String> registered = submit("/register", Map.of("username", name,
                "email", name + "@example.com", "password", password, "password2", password));
        assertEquals("/login", location(registered), registered.body());
    }

    /** Logs in through the login form; it lands on the home page. */
    void logIn(String name, String password) {
        HttpResponse<String> login = submit("/login", Map.of("username", name, "password", password));
        assertEquals("/index", location(login), login.body());
    }

    /** A new visitor who registers {@code name} and logs in. */
    static BalancerVisitor signedIn(Nginx nginx, String name, String password) {
        BalancerVisitor visitor = new BalancerVisitor(nginx);
        visitor.register(name, password);
        visitor.logIn(name, password);
        return visitor;
    }

    String csrfToken(String page) {
        HttpResponse<String> form = get(page);
        return Browser.csrfToken(form.body())
                .orElseThrow(() -> new AssertionError("no csrf_token on " + page + ": " + form.statusCode()));
    }

    /** The node that answered the last request (0 or 1, in the order nginx was started with). */
    synchronized int lastNode() {
        return nodes.get(nodes.size() - 1);
    }

    /** How many requests nginx had to send to a second node because the first failed. */
    synchronized int failovers() {
        return failovers;
    }

    /** That round robin really sent every request to the other node than the one before. */
    synchronized void assertAlternated() {
        for (int i = 1; i < nodes.size(); i++) {
            assertNotEquals(nodes.get(i - 1), nodes.get(i), "requests " + (i - 1) + " and " + i
                    + " went to the same node: " + requests + "\nnginx's access log:\n" + nginx.accessLog());
        }
    }

    Browser browser() {
        return browser;
    }

    String location(HttpResponse<String> response) {
        return browser.location(response);
    }

    private synchronized HttpResponse<String> send(String what, Function<Browser, HttpResponse<String>> request) {
        HttpResponse<String> response = request.apply(browser);
        int node = nginx.node(response);
        if (nginx.nodesTried(response).size() > 1) {
            failovers++;
        }
        nodes.add(node);
        requests.add(what + " -> node " + node + " " + response.statusCode());
        return response;
    }
}
