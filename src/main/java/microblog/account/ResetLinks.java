package microblog.account;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The base of the links in reset mails: the setting {@code microblog.base.url}; without it (development) the
 * loopback address the request came to. Never any other {@code Host} header, which the visitor chooses.
 */
final class ResetLinks {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Optional<String> configured;

    /** {@code configured}: the setting, already checked and without a trailing slash. */
    ResetLinks(Optional<String> configured) {
        this.configured = configured;
    }

    /** The base URL for a request that reached {@code scheme://host:port/contextPath}, or empty when none is safe. */
    Optional<String> base(String scheme, String host, int port, String contextPath) {
        if (configured.isPresent()) {
            return configured;
        }
        String name = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (!LOOPBACK.contains(name) || !("http".equals(scheme) || "https".equals(scheme))
                || port < 1 || port > 65_535) {
            return Optional.empty();
        }
        String shownHost = name.equals("::1") ? "[::1]" : name;
        boolean defaultPort = "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
        return Optional.of(scheme + "://" + shownHost + (defaultPort ? "" : ":" + port) + contextPath);
    }
}
