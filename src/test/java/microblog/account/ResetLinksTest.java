package microblog.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reset links point at the configured base URL, or in development at a loopback host; never at another Host. */
class ResetLinksTest {
    private final ResetLinks unconfigured = new ResetLinks(Optional.empty());

    @Test
    void theConfiguredBaseUrlWinsOverWhateverTheRequestSaid() {
        ResetLinks links = new ResetLinks(Optional.of("https://example.com/microblog"));

        assertEquals(Optional.of("https://example.com/microblog"), links.base("http", "evil.example", 80, ""));
        assertEquals(Optional.of("https://example.com/microblog"), links.base("http", "localhost", 8080, ""));
    }

    @Test
    void withoutTheSettingALoopbackHostOfTheRequestIsUsed() {
        assertEquals(Optional.of("http://localhost:8080"), unconfigured.base("http", "localhost", 8080, ""));
        assertEquals(Optional.of("http://127.0.0.1:9090/microblog"),
                unconfigured.base("http", "127.0.0.1", 9090, "/microblog"));
        assertEquals(Optional.of("http://[::1]:8080"), unconfigured.base("http", "[::1]", 8080, ""));
        assertEquals(Optional.of("http://[::1]:8080"), unconfigured.base("http", "::1", 8080, ""));
        assertEquals(Optional.of("https://localhost"), unconfigured.base("https", "LOCALHOST", 443, ""));
        assertEquals(Optional.of("http://localhost"), unconfigured.base("http", "localhost", 80, ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "localhost.evil.example", "evil.example/localhost", "127.0.0.2",
        "127.0.0.1.evil.example", "localhost@evil.example", "", "0.0.0.0", "example.com"})
    void anyOtherHostGivesNoLink(String host) {
        assertEquals(Optional.empty(), unconfigured.base("http", host, 8080, ""));
    }

    @Test
    void anOddSchemeOrPortGivesNoLink() {
        assertEquals(Optional.empty(), unconfigured.base("javascript", "localhost", 8080, ""));
        assertEquals(Optional.empty(), unconfigured.base("http", "localhost", 0, ""));
        assertEquals(Optional.empty(), unconfigured.base("http", null, 8080, ""));
    }
}
