package microblog.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refuses form posts that no page of ours could have sent, before anything reads them: a body too large (413,
 * judged by its declared length, never read), another content type, a repeated field, form fields in the query
 * string, or a body the container cannot decode (400). Such a request changes nothing.
 */
public final class FormInputFilter extends HttpFilter {
    /** Far above any real form (a 1024-character password, percent-encoded, is under 13 KB). */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String FORM_TYPE = "application/x-www-form-urlencoded";
    /** The only parameter a form's URL may carry: the login page's {@code next}. */
    private static final Set<String> QUERY_PARAMETERS = Set.of("next");
    private static final Logger LOG = Logger.getLogger(FormInputFilter.class.getName());

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(req.getMethod())) {
            chain.doFilter(req, resp);
            return;
        }
        if (req.getContentLengthLong() > MAX_BODY_BYTES) {
            resp.setHeader("Connection", "close");           // do not wait for a body we will not read
            ErrorPages.render(req, resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM_TYPE)) {
            ErrorPages.render(req, resp, HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        if (!wellFormed(req)) {
            ErrorPages.render(req, resp, HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        chain.doFilter(req, resp);
    }

    private static boolean wellFormed(HttpServletRequest req) {
        Map<String, String[]> parameters;
        try {
            parameters = req.getParameterMap();
        } catch (RuntimeException undecodable) {
            // The container could not decode the body (bad percent-encoding, invalid UTF-8, too large when chunked).
            LOG.log(Level.FINE, "Undecodable form body", undecodable);
            return false;
        }
        for (String[] values : parameters.values()) {
            if (values.length > 1) {
                return false;                                // which of two usernames did they mean?
            }
        }
        String query = req.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!name.isEmpty() && !QUERY_PARAMETERS.contains(name)) {
                    return false;
                }
            }
        }
        return true;
    }
}
