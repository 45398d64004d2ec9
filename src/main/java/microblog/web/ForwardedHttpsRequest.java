package microblog.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A request that reached a trusted proxy over HTTPS, as the application sees it: secure, scheme {@code https}, and
 * the container's session cookie marked {@code Secure} like the application's own.
 *
 * <p>The container decides the session cookie's flags from its own view of the connection, which no wrapper
 * changes, and writes the cookie into the response the moment a session is created or its id changed, past any
 * response wrapper. So each call that may do so is followed by adding {@code Secure} to that header, while the
 * response is still open (a redirect right after a login commits it).
 */
final class ForwardedHttpsRequest extends HttpServletRequestWrapper {
    private static final Pattern SECURE = Pattern.compile("(?i);\\s*secure\\s*(;|$)");
    private static final String SET_COOKIE = "Set-Cookie";

    private final HttpServletResponse resp;

    ForwardedHttpsRequest(HttpServletRequest req, HttpServletResponse resp) {
        super(req);
        this.resp = resp;
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public String getScheme() {
        return "https";
    }

    /** The port of the {@code Host} the proxy passed on, else HTTPS's own. */
    @Override
    public int getServerPort() {
        String host = getHeader("Host");
        if (host != null) {
            int colon = host.lastIndexOf(':');
            if (colon > host.lastIndexOf(']') && host.substring(colon + 1).matches("[0-9]{1,5}")) {
                return Integer.parseInt(host.substring(colon + 1));
            }
        }
        return 443;
    }

    @Override
    public StringBuffer getRequestURL() {
        int port = getServerPort();
        return new StringBuffer("https://").append(getServerName()).append(port == 443 ? "" : ":" + port)
                .append(getRequestURI());
    }

    @Override
    public HttpSession getSession(boolean create) {
        HttpSession session = super.getSession(create);
        secureSessionCookie();
        return session;
    }

    @Override
    public HttpSession getSession() {
        HttpSession session = super.getSession();
        secureSessionCookie();
        return session;
    }

    @Override
    public String changeSessionId() {
        String id = super.changeSessionId();
        secureSessionCookie();
        return id;
    }

    /** Adds {@code ; Secure} to the container's session cookie if it has just been set without it. */
    private void secureSessionCookie() {
        if (resp.isCommitted()) {
            return;
        }
        String prefix = sessionCookieName() + "=";
        List<String> cookies = new ArrayList<>(resp.getHeaders(SET_COOKIE));
        boolean changed = false;
        for (int i = 0; i < cookies.size(); i++) {
            String cookie = cookies.get(i);
            if (cookie.startsWith(prefix) && !SECURE.matcher(cookie).find()) {
                cookies.set(i, cookie + "; Secure");
                changed = true;
            }
        }
        if (changed) {                          // every Set-Cookie again, in the same order
            resp.setHeader(SET_COOKIE, cookies.get(0));
            for (String cookie : cookies.subList(1, cookies.size())) {
                resp.addHeader(SET_COOKIE, cookie);
            }
        }
    }

    private String sessionCookieName() {
        String name = getServletContext().getSessionCookieConfig().getName();
        return name == null || name.isBlank() ? "JSESSIONID" : name;     // Tomcat answers null for its default
    }
}
