package microblog.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The address a request came from, for abuse limits and the account page: the socket's peer, unless a setting
 * names the header that reverse proxies write ({@code X-Forwarded-For}) and the peer is one of the trusted proxies.
 */
public final class ClientAddress {
    /** More hops than any real chain of proxies: entries further left are a client's invention. */
    private static final int MAX_HOPS = 32;

    private final String header;
    private final TrustedProxies proxies;

    /** {@code header} is empty to trust only the socket address; {@code proxies} are the peers whose header counts. */
    public ClientAddress(String header, TrustedProxies proxies) {
        this.header = header == null ? "" : header.strip();
        this.proxies = proxies;
    }

    /** Whether the request reached us through one of the trusted proxies, so its forwarding headers count. */
    public boolean viaTrustedProxy(HttpServletRequest req) {
        return !header.isEmpty() && proxies.trusts(req.getRemoteAddr());
    }

    public String of(HttpServletRequest req) {
        String peer = req.getRemoteAddr();
        if (!viaTrustedProxy(req)) {
            return peer;                        // anyone else's header is the client's own claim
        }
        // Each proxy appends the address it saw; read from the right, past our own proxies, to the first address
        // that none of them is: everything left of it was written by the client or by proxies we do not know.
        List<String> hops = hops(req);
        if (hops.isEmpty()) {
            return peer;
        }
        InetAddress hop = null;
        for (int i = hops.size() - 1; i >= Math.max(0, hops.size() - MAX_HOPS); i--) {
            Optional<InetAddress> address = IpLiteral.parse(hops.get(i));
            if (address.isEmpty()) {
                return peer;                    // "unknown", a host name, garbage: nothing better than the proxy
            }
            hop = address.get();
            if (!proxies.trusts(hop)) {
                return hop.getHostAddress();
            }
        }
        // Only our own proxies: the farthest, as Tomcat's RemoteIpValve does; a chain longer than any real one is
        // not believed.
        return hops.size() <= MAX_HOPS ? hop.getHostAddress() : peer;
    }

    /** Every entry of every line of the header, in order; several lines count as one comma-separated list. */
    private List<String> hops(HttpServletRequest req) {
        List<String> hops = new ArrayList<>();
        for (String line : Collections.list(req.getHeaders(header))) {
            for (String entry : line.split(",", -1)) {
                hops.add(entry.strip());
            }
        }
        return hops;
    }
}
