package microblog.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Adds the contract's security headers to every response, error pages included. */
public final class SecurityHeadersFilter extends HttpFilter {
    /** Only the site's own scripts and styles; no inline code, no framing, forms post only here. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final String strictTransportSecurity;

    /** {@code hstsSeconds}: the {@code max-age} of {@code Strict-Transport-Security} under HTTPS; 0 leaves it out. */
    public SecurityHeadersFilter(int hstsSeconds) {
        this.strictTransportSecurity = hstsSeconds > 0 ? "max-age=" + hstsSeconds : null;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        // Only over HTTPS: sent over plain HTTP it would be ignored by browsers, and wrong (RFC 6797).
        if (strictTransportSecurity != null && req.isSecure()) {
            resp.setHeader("Strict-Transport-Security", strictTransportSecurity);
        }
        // A page opened from another site gets no handle on this window, and this one none on it.
        resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        // The browsers' old XSS auditor is off, as OWASP advises: it could be used to blank parts of a page.
        resp.setHeader("X-XSS-Protection", "0");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Referrer-Policy", "same-origin");
        resp.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        chain.doFilter(req, resp);
    }
}
