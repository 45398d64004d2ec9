package microblog.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Reads an IPv4 or IPv6 address literal by hand, so that a name is never looked up in DNS (which
 * {@code InetAddress.getByName} does for anything it does not recognise as a literal).
 */
final class IpLiteral {
    private IpLiteral() {
    }

    /**
     * The address written as {@code text} ({@code 192.0.2.1}, {@code 2001:db8::1}, {@code [2001:db8::1]},
     * {@code fe80::1%eth0}), or empty when it is not one. An IPv4-mapped IPv6 address comes back as its IPv4 address,
     * so that {@code ::ffff:127.0.0.1} and {@code 127.0.0.1} are the same client.
     */
    static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        byte[] bytes = text.indexOf(':') < 0 ? ipv4(text) : ipv6(unbracketed(text));
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));     // from bytes: never a lookup
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);             // only for a length other than 4 or 16
        }
    }

    private static String unbracketed(String text) {
        String address = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = address.indexOf('%');           // a link-local address's interface says nothing about the client
        return zone < 0 ? address : address.substring(0, zone);
    }

    /** Exactly four decimal parts 0-255 without leading zeros (which some parsers read as octal). */
    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || part.length() > 1 && part.charAt(0) == '0'
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** Eight groups of 1-4 hex digits, or fewer around one {@code ::}; the last two may be written as IPv4. */
    private static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = gap < 0 ? groups(text, false, true) : groups(text.substring(0, gap), true, false);
        int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2), true, true);
        if (head == null || tail == null) {
            return null;
        }
        int given = head.length + tail.length;
        if (gap < 0 ? given != 8 : given > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.length; i++) {
            put(bytes, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            put(bytes, 8 - tail.length + i, tail[i]);
        }
        return bytes;
    }

    /** ASCII only: {@code Character.digit} would also take other scripts' digits. */
    private static boolean isHexDigit(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static void put(byte[] bytes, int group, int value) {
        bytes[2 * group] = (byte) (value >> 8);
        bytes[2 * group + 1] = (byte) value;
    }

    /** The 16-bit groups of one side of {@code ::} (which may be empty), or null when malformed. */
    private static int[] groups(String side, boolean mayBeEmpty, boolean mayEndInIpv4) {
        if (side.isEmpty()) {
            return mayBeEmpty ? new int[0] : null;
        }
        String[] parts = side.split(":", -1);
        String last = parts[parts.length - 1];
        boolean ipv4Tail = last.indexOf('.') >= 0;
        if (ipv4Tail && !mayEndInIpv4) {
            return null;
        }
        int[] groups = new int[parts.length + (ipv4Tail ? 1 : 0)];
        for (int i = 0; i < parts.length - (ipv4Tail ? 1 : 0); i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(IpLiteral::isHexDigit)) {
                return null;
            }
            groups[i] = Integer.parseInt(part, 16);
        }
        if (ipv4Tail) {
            byte[] v4 = ipv4(last);
            if (v4 == null) {
                return null;
            }
            groups[parts.length - 1] = (v4[0] & 0xff) << 8 | v4[1] & 0xff;
            groups[parts.length] = (v4[2] & 0xff) << 8 | v4[3] & 0xff;
        }
        return groups;
    }
}
