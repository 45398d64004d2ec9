package microblog.web;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one text normalisation the app compares by: NFKC, so that full-width letters, ligatures and other look-alike
 * forms are the same characters at registration, at login and in every limit.
 */
public final class Unicode {
    private Unicode() {
    }

    public static String nfkc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC);
    }

    /** NFKC, then lower case: for comparisons that ignore case ("SUSAN" is "susan"). */
    public static String fold(String text) {
        return nfkc(text).toLowerCase(Locale.ROOT);
    }
}
