package microblog.auth;

/** Decides whether a client-supplied {@code next} value may be used as a post-login redirect target. */
public final class SafeRedirect {

    private SafeRedirect() {
    }

    public static String localPathOr(String next, String fallback) {
        return isSafe(next) ? next : fallback;
    }

    public static boolean isSafe(String next) {
        // Only a path on this site may be followed; anything else (absolute URL, scheme, bare word) could send the
        // user elsewhere right after they typed their password.
        if (next == null || next.isEmpty() || next.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            // Browsers drop tabs and newlines and read a backslash as a slash, so any such character could make the
            // browser navigate somewhere other than the string checked here.
            if (c < '!' || c > '~' || c == '\\') {
                return false;
            }
        }
        // A server, proxy or framework further along may decode the value once more; judging that form too keeps
        // "/%2F" or "/%5C" from turning into an off-site "//host" or "/\host" later. A malformed escape has no
        // single meaning, so it is refused rather than guessed at.
        String decoded = percentDecode(next);
        if (decoded == null || startsOffSite(decoded)) {
            return false;
        }
        // Dot segments let a path climb out of where it seems to point once normalised, and the encoded forms are
        // normalised by some components too.
        return !hasDotSegment(percentDecode(pathPart(next)));
    }

    private static boolean startsOffSite(String decoded) {
        if (decoded.length() < 2) {
            return false;
        }
        char second = decoded.charAt(1);
        // "//" and "/\" are protocol-relative URLs; a space or control character after the slash may be stripped
        // by the browser, which would bring the next slash up against the first one.
        return second == '/' || second == '\\' || second <= ' ' || second == 0x7f;
    }

    private static String pathPart(String next) {
        int end = next.length();
        int query = next.indexOf('?');
        int fragment = next.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return next.substring(0, end);
    }

    private static boolean hasDotSegment(String path) {
        int start = 1;
        for (int i = 1; i <= path.length(); i++) {
            // A backslash separates segments for browsers, so it must not hide a ".." from this check.
            if (i == path.length() || path.charAt(i) == '/' || path.charAt(i) == '\\') {
                String segment = path.substring(start, i);
                if (segment.equals(".") || segment.equals("..")) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    // Not URLDecoder: it reads '+' as a space, so the checks would judge a string other than the one the browser
    // sees.
    private static String percentDecode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= s.length()) {
                return null;
            }
            int high = hexValue(s.charAt(i + 1));
            int low = hexValue(s.charAt(i + 2));
            if (high < 0 || low < 0) {
                return null;
            }
            out.append((char) (high << 4 | low));
            i += 2;
        }
        return out.toString();
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
