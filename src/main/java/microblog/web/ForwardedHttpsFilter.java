package microblog.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * Makes a request that a trusted reverse proxy received over HTTPS ({@code X-Forwarded-Proto: https}) count as
 * secure here, so that its cookies, the session's included, get {@code Secure} and its pages HSTS.
 */
public final class ForwardedHttpsFilter extends HttpFilter {
    private final ClientAddress clientAddress;

    /** The proxies {@code clientAddress} trusts are the only ones whose {@code X-Forwarded-Proto} counts. */
    public ForwardedHttpsFilter(ClientAddress clientAddress) {
        this.clientAddress = clientAddress;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        // Only upgrades: a request the container already sees as secure stays so whatever a header says.
        if (!req.isSecure() && clientAddress.viaTrustedProxy(req) && forwardedOverHttps(req)) {
            chain.doFilter(new ForwardedHttpsRequest(req, resp), resp);
        } else {
            chain.doFilter(req, resp);
        }
    }

    /** The right-most value is the one our own proxy wrote; values to its left came from further away. */
    private static boolean forwardedOverHttps(HttpServletRequest req) {
        List<String> lines = Collections.list(req.getHeaders("X-Forwarded-Proto"));
        if (lines.isEmpty()) {
            return false;
        }
        String last = lines.get(lines.size() - 1);
        return last.substring(last.lastIndexOf(',') + 1).strip().equalsIgnoreCase("https");
    }
}
