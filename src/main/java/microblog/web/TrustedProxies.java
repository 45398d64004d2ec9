package microblog.web;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reverse proxies whose forwarding headers are believed: a list of addresses and CIDR ranges, IPv4 and IPv6
 * ({@code 127.0.0.0/8, ::1, 10.0.0.0/8, 2001:db8::/32}).
 */
public final class TrustedProxies {
    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * The comma-separated {@code list}.
     *
     * @throws IllegalArgumentException saying which entry is not an address or a range
     */
    public static TrustedProxies parse(String list) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : list.split(",", -1)) {
            String range = entry.strip();
            ranges.add(Range.parse(range).orElseThrow(() -> new IllegalArgumentException("'" + range
                    + "' is not an IP address or a CIDR range such as 10.0.0.0/8 or 2001:db8::/32")));
        }
        return new TrustedProxies(ranges);
    }

    /** Whether the address literal {@code address} (as a container reports a peer) is one of the proxies. */
    public boolean trusts(String address) {
        return IpLiteral.parse(address).map(this::trusts).orElse(false);
    }

    boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** An address and how many of its leading bits must match. */
    private static final class Range {
        private final byte[] network;
        private final int prefix;

        private Range(byte[] network, int prefix) {
            this.network = network;
            this.prefix = prefix;
        }

        static Optional<Range> parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            Optional<InetAddress> network = address.indexOf('%') < 0 && !address.startsWith("[")
                    ? IpLiteral.parse(address) : Optional.empty();
            if (network.isEmpty()) {
                return Optional.empty();
            }
            byte[] bytes = network.get().getAddress();
            int bits = bytes.length * 8;
            if (slash < 0) {
                return Optional.of(new Range(bytes, bits));
            }
            String length = text.substring(slash + 1);
            if (!length.matches("[0-9]{1,3}")) {
                return Optional.empty();
            }
            // ::ffff:10.0.0.0/104 came back as the IPv4 address 10.0.0.0: its prefix counts 96 bits more.
            int prefix = Integer.parseInt(length) - mappedBits(address, bytes);
            return prefix < 0 || prefix > bits ? Optional.empty() : Optional.of(new Range(bytes, prefix));
        }

        /** 96 when an IPv6 literal was read as the IPv4 address it maps, else 0. */
        private static int mappedBits(String literal, byte[] bytes) {
            return bytes.length == 4 && literal.indexOf(':') >= 0 ? 96 : 0;
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
