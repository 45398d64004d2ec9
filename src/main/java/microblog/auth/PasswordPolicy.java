package microblog.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import microblog.web.FormErrors;
import microblog.web.Unicode;

/**
 * The rules a new password must pass beyond its length (NIST SP 800-63B, OWASP ASVS): not one of the 10,000 most
 * common passwords, and not containing the username. No composition rules.
 */
public final class PasswordPolicy {
    static final String TOO_COMMON = "This password is one of the most common passwords, so it is among the first "
            + "an attacker tries. Please choose another.";
    static final String CONTAINS_USERNAME = "Password must not contain your username.";
    private static final String LIST = "/microblog/common-passwords.txt";

    private final Set<String> common;

    private PasswordPolicy(Set<String> common) {
        this.common = common;
    }

    /** The policy with the list shipped in the WAR. */
    public static PasswordPolicy standard() {
        InputStream in = PasswordPolicy.class.getResourceAsStream(LIST);
        if (in == null) {
            throw new IllegalStateException("Missing " + LIST);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Set<String> common = new HashSet<>(16_384);
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    common.add(line);
                }
            }
            return new PasswordPolicy(Set.copyOf(common));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds to {@code errors} why this password may not be used by this username, if it may not. */
    public void check(String username, String password, FormErrors errors) {
        String folded = Unicode.fold(password);   // "PASSWORD1" is as common as "password1"
        if (common.contains(folded)) {
            errors.add("password", TOO_COMMON);
        }
        String name = Unicode.fold(username);
        if (!name.isEmpty() && folded.contains(name)) {
            errors.add("password", CONTAINS_USERNAME);
        }
    }


    int size() {
        return common.size();
    }
}
