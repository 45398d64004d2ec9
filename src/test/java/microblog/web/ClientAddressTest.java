package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static final TrustedProxies PROXIES = TrustedProxies.parse("127.0.0.0/8, ::1, 10.0.0.0/8");
    private final ClientAddress behindProxies = new ClientAddress("X-Forwarded-For", PROXIES);

    /** A request from {@code peer} whose {@code X-Forwarded-For} lines are {@code lines}. */
    private static HttpServletRequest request(String peer, String... lines) {
        return (HttpServletRequest) Proxy.newProxyInstance(ClientAddressTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getHeaders" -> Collections.enumeration(
                            "x-forwarded-for".equalsIgnoreCase((String) args[0]) ? List.of(lines) : List.of());
                    case "getHeader" -> "x-forwarded-for".equalsIgnoreCase((String) args[0]) && lines.length > 0
                            ? lines[0] : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void withoutTheHeaderSettingOnlyThePeerCounts() {
        ClientAddress direct = new ClientAddress("", PROXIES);
        HttpServletRequest req = request("127.0.0.1", "203.0.113.5");

        assertEquals("127.0.0.1", direct.of(req));
        assertFalse(direct.viaTrustedProxy(req));
    }

    @Test
    void anUntrustedPeersHeaderIsIgnored() {
        HttpServletRequest req = request("198.51.100.1", "203.0.113.5");

        assertEquals("198.51.100.1", behindProxies.of(req));
        assertFalse(behindProxies.viaTrustedProxy(req));
    }

    @Test
    void aTrustedPeersHeaderGivesTheRightMostUntrustedEntry() {
        assertTrue(behindProxies.viaTrustedProxy(request("127.0.0.1")));
        assertEquals("203.0.113.5", behindProxies.of(request("127.0.0.1", "203.0.113.5")));
        assertEquals("203.0.113.5", behindProxies.of(request("127.0.0.1", "1.1.1.1, 203.0.113.5, 10.0.0.2")));
        assertEquals("203.0.113.5", behindProxies.of(request("0:0:0:0:0:0:0:1", "forged, 203.0.113.5,10.1.1.1")),
                "entries left of the client are never read");
    }

    @Test
    void severalHeaderLinesAreOneList() {
        assertEquals("203.0.113.6", behindProxies.of(request("10.0.0.9", "6.6.6.6", "203.0.113.6, 10.0.0.3")));
    }

    @Test
    void addressesComeBackInOneFormWhateverTheyWereWrittenAs() {
        assertEquals("2001:db8:0:0:0:0:0:1", behindProxies.of(request("::1", "2001:DB8::0:1")));
        assertEquals("2001:db8:0:0:0:0:0:1", behindProxies.of(request("::1", "[2001:db8::1]")));
        assertEquals("203.0.113.7", behindProxies.of(request("::1", "::ffff:203.0.113.7")));
    }

    @Test
    void onlyTrustedProxiesInTheHeaderGiveTheFarthestOne() {
        assertEquals("10.0.0.1", behindProxies.of(request("127.0.0.1", "10.0.0.1, 10.0.0.2")));
    }

    @Test
    void whatIsNotAnAddressFallsBackToThePeer() {
        for (String bad : new String[] {"unknown", "", "203.0.113.5,", "client.example.com", "203.0.113.5:4711",
            "203.0.113.5, ,10.0.0.1", "x".repeat(100)}) {
            assertEquals("127.0.0.1", behindProxies.of(request("127.0.0.1", bad)), bad);
        }
        assertEquals("127.0.0.1", behindProxies.of(request("127.0.0.1")), "no header at all");
    }

    @Test
    void anEndlessChainOfProxiesIsTheClientsInventionAndCountsAsThePeer() {
        String chain = String.join(",", Collections.nCopies(200, "10.0.0.1"));

        assertEquals("127.0.0.1", behindProxies.of(request("127.0.0.1", chain)));
    }

    @Test
    void aLongInventedPrefixDoesNotHideTheClient() {
        String invented = String.join(",", Collections.nCopies(200, "garbage"));

        assertEquals("203.0.113.8", behindProxies.of(request("127.0.0.1", invented + ", 203.0.113.8, 10.0.0.1")));
    }
}
