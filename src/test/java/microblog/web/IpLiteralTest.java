package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2.1                 | 192.0.2.1",
        "0.0.0.0                   | 0.0.0.0",
        "255.255.255.255           | 255.255.255.255",
        "2001:db8::1               | 2001:db8:0:0:0:0:0:1",
        "2001:DB8:0:0:0:0:0:1      | 2001:db8:0:0:0:0:0:1",
        "::1                       | 0:0:0:0:0:0:0:1",
        "::                        | 0:0:0:0:0:0:0:0",
        "fe80::                    | fe80:0:0:0:0:0:0:0",
        "[2001:db8::2]             | 2001:db8:0:0:0:0:0:2",
        "fe80::1%eth0              | fe80:0:0:0:0:0:0:1",
        "::ffff:192.0.2.7          | 192.0.2.7",
        "64:ff9b::192.0.2.33       | 64:ff9b:0:0:0:0:c000:221",
        "1:2:3:4:5:6:7:8           | 1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::           | 1:2:3:4:5:6:7:0",
        "::2:3:4:5:6:7:8           | 0:2:3:4:5:6:7:8",
    })
    void readsAddressLiterals(String text, String address) {
        assertEquals(address, IpLiteral.parse(text).map(InetAddress::getHostAddress).orElse("(none)"), text);
    }

    /** Host names included: none of these may reach DNS, and none is an address. */
    @ParameterizedTest
    @ValueSource(strings = {"", "unknown", "localhost", "example.com", "abc", "face", "1.2.3", "1.2.3.4.5",
        "256.1.1.1", "01.2.3.4", "1.2.3.-4", "1.2.3.4 ", " 1.2.3.4", "1..3.4", "1.2.3.4:80", "+1.2.3.4",
        "\u0661.2.3.4", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:",
        "12345::", "g::1", "::\uff11", "1.2.3.4::", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "[::1", "::1]", ":::",
        "[1.2.3.4]", "2001:db8::1/64"})
    void refusesEverythingElse(String text) {
        assertTrue(IpLiteral.parse(text).isEmpty(), text);
    }
}
