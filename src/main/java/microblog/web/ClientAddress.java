package microblog.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a request came from, for abuse limits: the socket's peer, unless a setting names the header that a
 * trusted reverse proxy writes (then its last entry, the one that proxy added, since earlier ones are the
 * client's own claims).
 */
public final class ClientAddress {
    private final String header;

    /** {@code header} is empty to trust only the socket address. */
    public ClientAddress(String header) {
        this.header = header == null ? "" : header.strip();
    }

    public String of(HttpServletRequest req) {
        if (!header.isEmpty()) {
            String value = req.getHeader(header);
            if (value != null) {
                String[] hops = value.split(",");
                String last = hops[hops.length - 1].strip();
                if (!last.isEmpty() && last.length() <= 64) {
                    return last;
                }
            }
        }
        return req.getRemoteAddr();
    }
}
