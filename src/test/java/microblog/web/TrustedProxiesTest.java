package microblog.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
    private final TrustedProxies loopback = TrustedProxies.parse("127.0.0.0/8, ::1");
    private final TrustedProxies ranges = TrustedProxies.parse("10.0.0.0/8,192.0.2.128/25, 198.51.100.7, "
            + "2001:db8:ab00::/40, ::ffff:203.0.113.0/120");

    @Test
    void loopbackTrustsTheLocalHostOnly() {
        assertTrue(loopback.trusts("127.0.0.1"));
        assertTrue(loopback.trusts("127.255.0.9"));
        assertTrue(loopback.trusts("0:0:0:0:0:0:0:1"));
        assertTrue(loopback.trusts("::ffff:127.0.0.1"), "IPv4 peers reported in IPv6 form");
        assertFalse(loopback.trusts("128.0.0.1"));
        assertFalse(loopback.trusts("::2"));
        assertFalse(loopback.trusts("192.0.2.1"));
    }

    @Test
    void cidrRangesMatchTheirLeadingBits() {
        assertTrue(ranges.trusts("10.200.3.4"));
        assertFalse(ranges.trusts("11.0.0.1"));
        assertTrue(ranges.trusts("192.0.2.128"));
        assertTrue(ranges.trusts("192.0.2.255"));
        assertFalse(ranges.trusts("192.0.2.127"), "/25 is the upper half");
        assertTrue(ranges.trusts("198.51.100.7"));
        assertFalse(ranges.trusts("198.51.100.8"), "a single address is /32");
        assertTrue(ranges.trusts("2001:db8:ab12::1"));
        assertTrue(ranges.trusts("2001:DB8:ABFF:ffff:ffff:ffff:ffff:ffff"));
        assertFalse(ranges.trusts("2001:db8:ac00::1"));
        assertTrue(ranges.trusts("203.0.113.44"), "an IPv4-mapped range is that IPv4 range");
        assertFalse(ranges.trusts("203.0.114.1"));
    }

    @Test
    void anIpv4RangeNeverMatchesAnIpv6AddressWithTheSameBits() {
        TrustedProxies everyIpv4 = TrustedProxies.parse("0.0.0.0/0");

        assertTrue(everyIpv4.trusts("203.0.113.1"));
        assertFalse(everyIpv4.trusts("::1"));
        assertFalse(TrustedProxies.parse("::/0").trusts("203.0.113.1"));
        assertTrue(TrustedProxies.parse("::/0").trusts("2001:db8::1"));
    }

    @Test
    void hostBitsInARangeAreIgnoredAsNginxDoes() {
        assertTrue(TrustedProxies.parse("10.1.2.3/8").trusts("10.9.9.9"));
    }

    @Test
    void whatIsNotAnAddressIsNeverTrusted() {
        assertFalse(loopback.trusts("localhost"));
        assertFalse(loopback.trusts(""));
        assertFalse(loopback.trusts((String) null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "127.0.0.1,", ",::1", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/",
        "10.0.0.0/8/8", "2001:db8::/129", "10.0.0.0/ 8", "10.0.0.0/08x", "10.0.0/8", "proxy.example.com",
        "127.0.0.1 ::1", "[::1]", "fe80::1%eth0", "::ffff:10.0.0.0/95", "*"})
    void aBadEntryIsRefusedAndNamed(String list) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(list));

        assertTrue(error.getMessage().contains("is not an IP address or a CIDR range"), error.getMessage());
    }
}
