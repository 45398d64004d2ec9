package microblog.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The application's routes in one place: which paths exist, which methods each takes, which need a login. */
public final class Routes {
    private record Route(Set<String> methods, boolean loginRequired) {
        String allow() {
            return String.join(", ", methods.stream().sorted().toList());
        }
    }

    private static final Set<String> READ = Set.of("GET", "HEAD");
    private static final Set<String> FORM = Set.of("GET", "HEAD", "POST");
    private static final Set<String> ACTION = Set.of("POST");

    private final Map<String, Route> exact = new LinkedHashMap<>();
    /** Routes of one path segment after a prefix, such as {@code /reset_password/TOKEN}. */
    private final Map<String, Route> segment = new LinkedHashMap<>();
    private final String staticPrefix;

    private Routes(String staticPrefix) {
        this.staticPrefix = staticPrefix;
    }

    /** microblog's routes; {@code /} and {@code /index} are the home page. */
    public static Routes microblog() {
        Routes routes = new Routes("/static/");
        routes.exact.put("/", new Route(FORM, true));
        routes.exact.put("/index", new Route(FORM, true));
        routes.exact.put("/login", new Route(FORM, false));
        routes.exact.put("/register", new Route(FORM, false));
        routes.exact.put("/logout", new Route(FORM, false));
        routes.exact.put("/account", new Route(READ, true));
        routes.exact.put("/account/logout_session", new Route(ACTION, true));
        routes.exact.put("/account/logout_others", new Route(ACTION, true));
        routes.exact.put("/change_password", new Route(FORM, true));
        routes.exact.put("/reset_password_request", new Route(FORM, false));
        routes.segment.put("/reset_password/", new Route(FORM, false));
        return routes;
    }

    private Optional<Route> find(String path) {
        Route route = exact.get(path);
        if (route != null) {
            return Optional.of(route);
        }
        for (Map.Entry<String, Route> prefixed : segment.entrySet()) {
            String prefix = prefixed.getKey();
            if (path.startsWith(prefix) && path.length() > prefix.length() && path.indexOf('/', prefix.length()) < 0) {
                return Optional.of(prefixed.getValue());
            }
        }
        // Static files only; a folder (ending in /) would be a directory listing.
        if (path.startsWith(staticPrefix) && path.length() > staticPrefix.length() && !path.endsWith("/")) {
            return Optional.of(new Route(READ, false));
        }
        return Optional.empty();
    }

    public boolean exists(String path) {
        return find(path).isPresent();
    }

    public boolean allows(String path, String method) {
        return find(path).map(route -> route.methods().contains(method)).orElse(false);
    }

    /** The {@code Allow} header of a known path. */
    public String allow(String path) {
        return find(path).map(Route::allow).orElse("");
    }

    public boolean isStatic(String path) {
        return path.startsWith(staticPrefix);
    }

    public boolean loginRequired(String path) {
        return find(path).map(Route::loginRequired).orElse(false);
    }

    /** The path inside the application, as routes name it. */
    public static String pathOf(jakarta.servlet.http.HttpServletRequest req) {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        return path.isEmpty() ? "/" : path;
    }
}
