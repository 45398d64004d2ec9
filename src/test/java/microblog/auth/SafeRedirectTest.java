package microblog.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeRedirectTest {

    // A distinct instance, so that assertSame cannot pass merely because equal literals are interned.
    private static final String FALLBACK = new String("/index");

    @ParameterizedTest
    @ValueSource(strings = {
        "/",
        "/index",
        "/index?page=2",
        "/index?q=a%20b",
        "/user/susan",
        "/user/susan/",
        "/a/b/c",
        "/?x=1",
        "/index#top",
        "/%7Euser",
        "/~susan",
        "/a%2Fb",
        "/a.b",
        "/..foo",
        "/foo..",
        "/.well-known/security.txt",
        "/a/.hidden",
        "/a/...",
        "/a/%2e%2ex",
        "/a?next=//evil.com",
        "/a?next=http://evil.com",
        "/index?x=..",
        "/index?x=/../etc",
        "/index#/..",
        "/explore?page=2&per_page=10",
        "/a+b",
        "/a%2Bb",
        "/a%20b",
        "/%C3%A9t%C3%A9",
        "/search?q=100%25",
        "/a:b",
        "/a/b.html",
    })
    void acceptsLocalPaths(String next) {
        assertTrue(SafeRedirect.isSafe(next));
        assertSame(next, SafeRedirect.localPathOr(next, FALLBACK));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "index",
        "http://evil.com",
        "https://evil.com/index",
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.com",
        "///evil.com",
        "/\\evil.com",
        "\\/evil.com",
        "/\\/evil.com",
        "/%2Fevil.com",
        "/%2fevil.com",
        "/%2f%2fevil.com",
        "/%5Cevil.com",
        "/%5cevil.com",
        "/%5c%5cevil.com",
        "%2F%2Fevil.com",
        "/%09/evil.com",
        "/%20/evil.com",
        "/%0D%0A/evil.com",
        "/%7F/evil.com",
        "/index\\x",
        "/ index",
        " /index",
        "/index page",
        "/in\tdex",
        "/index\n",
        "/\u00e9t\u00e9",
        "/\u0000",
        "/\u3000evil",
        "/index\u007f",
        "/.",
        "/..",
        "/../etc/passwd",
        "/a/../b",
        "/a/..",
        "/a/.",
        "/./index",
        "/%2e",
        "/%2e%2e/x",
        "/a/%2E%2E/b",
        "/.%2e/x",
        "/%2e./x",
        "/a%2F..%2Fb",
        "/a%5C..%5Cb",
        "/..?x=1",
        "/%",
        "/%2",
        "/%zz",
        "/%g1",
        "/index?q=100%",
    })
    void refusesOffSiteAndAmbiguousTargets(String next) {
        assertFalse(SafeRedirect.isSafe(next));
        assertSame(FALLBACK, SafeRedirect.localPathOr(next, FALLBACK));
    }

    @Test
    void returnsTheFallbackUnchanged() {
        String fallback = new String("http://not-checked.example/");
        assertSame(fallback, SafeRedirect.localPathOr("//evil.com", fallback));
        assertNull(SafeRedirect.localPathOr("//evil.com", null));
    }
}
