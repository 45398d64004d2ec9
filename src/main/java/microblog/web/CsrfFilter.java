package microblog.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * Refuses every POST whose {@code csrf_token} is not the visitor's: the request goes on as a GET marked expired, so
 * the route shows its page again with status 400, "The form has expired", a fresh token and what was typed.
 * Nothing a POST would do happens.
 */
public final class CsrfFilter extends HttpFilter {
    private final Csrf csrf;
    private final Predicate<HttpServletRequest> signedIn;

    public CsrfFilter(Csrf csrf, Predicate<HttpServletRequest> signedIn) {
        this.csrf = csrf;
        this.signedIn = signedIn;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(req.getMethod()) || csrf.accepts(req, signedIn.test(req))) {
            chain.doFilter(req, resp);
            return;
        }
        req.setAttribute(Views.FORM_EXPIRED, Boolean.TRUE);
        req.setAttribute(Views.STATUS, HttpServletResponse.SC_BAD_REQUEST);
        chain.doFilter(new HttpServletRequestWrapper(req) {
            @Override
            public String getMethod() {
                return "GET";
            }
        }, resp);
    }
}
