package microblog;

import jakarta.servlet.ServletContext;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import microblog.db.Dialect;
import microblog.mail.MailSettings;
import microblog.web.TrustedProxies;

/**
 * Every setting with its default, read from a system property, else an environment variable, else a context
 * init-param, else the default.
 */
public final class Settings {
    public static final String DB = "microblog.db";
    public static final String DB_TIMEOUT_SECONDS = "microblog.db.timeout.seconds";
    public static final String DB_USER = "microblog.db.user";
    public static final String DB_PASSWORD = "microblog.db.password";
    public static final String PBKDF2_ITERATIONS = "microblog.pbkdf2.iterations";
    public static final String REMEMBER_DAYS = "microblog.remember.days";
    public static final String SESSION_MINUTES = "microblog.session.minutes";
    public static final String THROTTLE = "microblog.throttle";
    public static final String LOGIN_FAILURES_PER_USER = "microblog.throttle.login.user";
    public static final String LOGIN_FAILURES_PER_ADDRESS = "microblog.throttle.login.address";
    public static final String LOGIN_WINDOW_MINUTES = "microblog.throttle.login.minutes";
    public static final String REGISTRATIONS_PER_HOUR = "microblog.throttle.register.hour";
    public static final String THROTTLE_ENTRIES = "microblog.throttle.entries";
    public static final String THROTTLE_STORE = "microblog.throttle.store";
    public static final String CLIENT_ADDRESS_HEADER = "microblog.client.header";
    public static final String CLIENT_PROXIES = "microblog.client.proxies";
    /** A reverse proxy on the same host, as nginx or Apache usually is. */
    static final String DEFAULT_CLIENT_PROXIES = "127.0.0.0/8, ::1";
    public static final String DEV_URL = "microblog.dev.url";
    public static final String HSTS_SECONDS = "microblog.hsts.seconds";
    public static final String BASE_URL = "microblog.base.url";
    public static final String RESET_MINUTES = "microblog.reset.minutes";
    public static final String RESETS_PER_ADDRESS_HOUR = "microblog.throttle.reset.address";
    public static final String RESETS_PER_ACCOUNT_HOUR = "microblog.throttle.reset.account";

    private final Function<String, String> source;

    Settings(Function<String, String> source) {
        this.source = source;
    }

    /** Settings as a deployed application sees them. */
    public static Settings from(ServletContext context) {
        return from(System.getProperties()::getProperty, System.getenv(), context::getInitParameter);
    }

    /** Settings as the operator's commands see them: system properties, then environment variables. */
    public static Settings of(Function<String, String> properties, Map<String, String> environment) {
        return from(properties, environment, name -> null);
    }

    static Settings from(Function<String, String> properties, Map<String, String> environment,
                         Function<String, String> initParams) {
        // A blank value counts as unset, so an empty environment variable does not hide a context parameter.
        return new Settings(name -> firstNonBlank(properties.apply(name), environment.get(environmentName(name)),
                initParams.apply(name)));
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /** {@code microblog.pbkdf2.iterations} becomes {@code MICROBLOG_PBKDF2_ITERATIONS}. */
    public static String environmentName(String name) {
        return name.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * The SQLite file's path, or a full JDBC URL ({@code jdbc:sqlite:...}, or {@code jdbc:postgresql://HOST:PORT/DB}
     * for a database several servers share); by default {@code ~/.microblog/microblog.db}.
     */
    public String database() {
        String value = source.apply(DB);
        if (value != null) {
            return value;
        }
        return Path.of(System.getProperty("user.home"), ".microblog", "microblog.db").toString();
    }

    /** The user a PostgreSQL database is opened as; null leaves it to the URL (SQLite takes none). */
    public String databaseUser() {
        return source.apply(DB_USER);
    }

    /** That user's password; best set as the environment variable {@code MICROBLOG_DB_PASSWORD}. */
    public String databasePassword() {
        return source.apply(DB_PASSWORD);
    }

    /** How long a request waits for a database lock or connection before the page answers 503. */
    public int databaseTimeoutSeconds() {
        return positiveInt(DB_TIMEOUT_SECONDS, 15);
    }

    public int pbkdf2Iterations() {
        return positiveInt(PBKDF2_ITERATIONS, 600_000);
    }

    public int rememberDays() {
        return positiveInt(REMEMBER_DAYS, 30);
    }

    public int sessionMinutes() {
        return positiveInt(SESSION_MINUTES, 30);
    }

    /** {@code off} turns every abuse limit off (load tests, test suites); anything else keeps them on. */
    public boolean throttle() {
        return !"off".equalsIgnoreCase(String.valueOf(source.apply(THROTTLE)));
    }

    /** Failed logins of one username from one address before further tries are held back with growing delays. */
    public int loginFailuresPerUser() {
        return positiveInt(LOGIN_FAILURES_PER_USER, 10);
    }

    /** Failed logins from one address, over all usernames, per {@link #loginWindowMinutes()}. */
    public int loginFailuresPerAddress() {
        return positiveInt(LOGIN_FAILURES_PER_ADDRESS, 50);
    }

    public int loginWindowMinutes() {
        return positiveInt(LOGIN_WINDOW_MINUTES, 15);
    }

    /** Successful registrations from one address per hour. */
    public int registrationsPerHour() {
        return positiveInt(REGISTRATIONS_PER_HOUR, 10);
    }

    /** How many keys (addresses, username-address pairs) each limit remembers at most. */
    public int throttleEntries() {
        return positiveInt(THROTTLE_ENTRIES, 100_000);
    }

    /**
     * Whether the abuse limits count in the database ({@code microblog.throttle.store=database}: several servers
     * on one database count together) rather than in each server's memory ({@code memory}). Unset, it follows the
     * database: PostgreSQL is there to be shared by several servers, and limits counted per server would let N
     * servers allow N times the guesses; a SQLite file usually serves one server, which memory counts fastest.
     */
    public boolean sharedLimits() {
        String value = source.apply(THROTTLE_STORE);
        if (value == null) {
            return Dialect.of(database()) == Dialect.POSTGRESQL;
        }
        if (value.equalsIgnoreCase("memory")) {
            return false;
        }
        if (value.equalsIgnoreCase("database")) {
            return true;
        }
        throw new IllegalArgumentException("Setting " + THROTTLE_STORE + " must be memory or database, not '"
                + value + "'");
    }

    /**
     * The request header trusted reverse proxies put the client address in ({@code X-Forwarded-For}); empty: the
     * socket address counts and no forwarding header is believed.
     */
    public String clientAddressHeader() {
        String value = source.apply(CLIENT_ADDRESS_HEADER);
        return value == null ? "" : value;
    }

    /**
     * The reverse proxies whose {@link #clientAddressHeader()} and {@code X-Forwarded-Proto} are believed, when
     * that header is set: addresses and CIDR ranges, by default loopback only.
     */
    public TrustedProxies trustedProxies() {
        String value = source.apply(CLIENT_PROXIES);
        try {
            return TrustedProxies.parse(value == null ? DEFAULT_CLIENT_PROXIES : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Setting " + CLIENT_PROXIES + " must list the trusted proxies' IP "
                    + "addresses or CIDR ranges, comma-separated (such as 127.0.0.1, 10.0.0.0/8, ::1): "
                    + e.getMessage(), e);
        }
    }

    /** {@code Strict-Transport-Security}'s max-age under HTTPS; 0 leaves the header out. */
    public int hstsSeconds() {
        return nonNegativeInt(HSTS_SECONDS, 31_536_000);
    }

    /**
     * Where users reach the application ({@code https://example.com/microblog}), for links in mails; never taken
     * from a request's Host header. Empty when unset.
     */
    public Optional<String> baseUrl() {
        String value = source.apply(BASE_URL);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
            throw new IllegalArgumentException("Setting " + BASE_URL + " must be an http or https URL such as "
                    + "https://example.com/microblog, not '" + value + "'");
        }
        return Optional.of(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }

    /** How long a password reset link works. */
    public int resetMinutes() {
        return positiveInt(RESET_MINUTES, 10);
    }

    /** Password reset requests from one client address per hour. */
    public int resetsPerAddressHour() {
        return positiveInt(RESETS_PER_ADDRESS_HOUR, 10);
    }

    /** Reset mails to one account per hour. */
    public int resetsPerAccountHour() {
        return positiveInt(RESETS_PER_ACCOUNT_HOUR, 3);
    }

    /** The SMTP server and how to use it; no {@code microblog.mail.host}: mails are written to the server log. */
    public MailSettings mail() {
        return MailSettings.parse(source.apply(MailSettings.HOST), source.apply(MailSettings.PORT),
                source.apply(MailSettings.STARTTLS), source.apply(MailSettings.USERNAME),
                source.apply(MailSettings.PASSWORD), source.apply(MailSettings.FROM));
    }

    /** Set by {@code mvn jetty:run}: the development server's address, which start-up then announces. */
    public Optional<String> developmentUrl() {
        return Optional.ofNullable(source.apply(DEV_URL));
    }

    private int nonNegativeInt(String name, int fallback) {
        String value = source.apply(name);
        if (value != null && value.equals("0")) {
            return 0;
        }
        return positiveInt(name, fallback);
    }

    private int positiveInt(String name, int fallback) {
        String value = source.apply(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the setting's name
        }
        throw new IllegalArgumentException("Setting " + name + " must be a positive whole number, not '" + value + "'");
    }
}
