package microblog.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Reads and writes the application's own cookies, always {@code HttpOnly}, {@code SameSite=Lax}, scoped to the
 * context path and {@code Secure} under HTTPS.
 *
 * <p>The header is written by hand so that Tomcat and Jetty send exactly the same attributes.
 */
public final class Cookies {
    private Cookies() {
    }

    public static Optional<String> get(HttpServletRequest req, String name) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(name) && !cookie.getValue().isEmpty()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /** A cookie that ends with the browser session. */
    public static void set(HttpServletRequest req, HttpServletResponse resp, String name, String value) {
        resp.addHeader("Set-Cookie", name + "=" + value + attributes(req));
    }

    /** A cookie that lasts until {@code expires}. */
    public static void set(HttpServletRequest req, HttpServletResponse resp, String name, String value,
                           Instant now, Instant expires) {
        long maxAge = Math.max(0, expires.getEpochSecond() - now.getEpochSecond());
        resp.addHeader("Set-Cookie", name + "=" + value + "; Max-Age=" + maxAge + "; Expires="
                + httpDate(expires) + attributes(req));
    }

    /** Tells the browser to drop the cookie; the attributes match the ones it was set with. */
    public static void expire(HttpServletRequest req, HttpServletResponse resp, String name) {
        resp.addHeader("Set-Cookie", name + "=; Max-Age=0; Expires=" + httpDate(Instant.EPOCH) + attributes(req));
    }

    private static String attributes(HttpServletRequest req) {
        String path = req.getContextPath().isEmpty() ? "/" : req.getContextPath();
        return "; Path=" + path + (req.isSecure() ? "; Secure" : "") + "; HttpOnly; SameSite=Lax";
    }

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
