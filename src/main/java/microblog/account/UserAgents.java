package microblog.account;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser's {@code User-Agent} as a person reads it on the account page: "Firefox 133 on Windows". */
final class UserAgents {
    /** The longest text shown for a user agent that is none of the known browsers. */
    static final int UNKNOWN_LENGTH = 40;

    /** Browser tokens, most specific first: Edge and Opera also say Chrome, Chrome also says Safari. */
    private static final List<Browser> BROWSERS = List.of(
            new Browser("Edge", Pattern.compile("\\bEdg(?:e|A|iOS)?/(\\d+)")),
            new Browser("Opera", Pattern.compile("\\bOPR/(\\d+)")),
            new Browser("Firefox", Pattern.compile("\\b(?:Firefox|FxiOS)/(\\d+)")),
            new Browser("Chrome", Pattern.compile("\\b(?:HeadlessChrome|Chrome|CriOS)/(\\d+)")),
            new Browser("Safari", Pattern.compile("\\bVersion/(\\d+)(?:[.\\d]*)? (?:Mobile/\\S+ )?Safari/")),
            new Browser("curl", Pattern.compile("^curl/([\\d.]+)")),
            new Browser("Wget", Pattern.compile("^Wget/([\\d.]+)")));

    private record Browser(String name, Pattern version) {
    }

    private UserAgents() {
    }

    static String shorten(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown browser";
        }
        String browser = null;
        for (Browser candidate : BROWSERS) {
            Matcher matcher = candidate.version().matcher(userAgent);
            if (matcher.find()) {
                browser = candidate.name() + " " + matcher.group(1);
                break;
            }
        }
        String system = system(userAgent);
        if (browser == null) {
            String text = userAgent.strip();
            return text.length() <= UNKNOWN_LENGTH ? text : text.substring(0, UNKNOWN_LENGTH) + "…";
        }
        return system == null ? browser : browser + " on " + system;
    }

    private static String system(String userAgent) {
        if (userAgent.contains("Windows")) {
            return "Windows";
        }
        if (userAgent.contains("iPhone") || userAgent.contains("iPad")) {
            return "iOS";
        }
        if (userAgent.contains("Android")) {
            return "Android";
        }
        if (userAgent.contains("CrOS")) {
            return "ChromeOS";
        }
        if (userAgent.contains("Mac OS X") || userAgent.contains("Macintosh")) {
            return "macOS";
        }
        if (userAgent.contains("Linux")) {
            return "Linux";
        }
        return null;
    }
}
