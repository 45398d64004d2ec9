package microblog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static Settings settings(Map<String, String> properties, Map<String, String> environment,
                                     Map<String, String> initParams) {
        return Settings.from(properties::get, environment, initParams::get);
    }

    @Test
    void defaultsAreThoseTheReadmeDocuments() {
        Settings settings = settings(Map.of(), Map.of(), Map.of());

        assertEquals(600_000, settings.pbkdf2Iterations());
        assertEquals(30, settings.rememberDays());
        assertEquals(30, settings.sessionMinutes());
        assertEquals(Path.of(System.getProperty("user.home"), ".microblog", "microblog.db").toString(),
                settings.database());
    }

    @Test
    void systemPropertyBeatsEnvironmentBeatsInitParameter() {
        Map<String, String> initParams = Map.of("microblog.pbkdf2.iterations", "3",
                "microblog.remember.days", "3", "microblog.session.minutes", "3");
        Map<String, String> environment = Map.of("MICROBLOG_PBKDF2_ITERATIONS", "2", "MICROBLOG_REMEMBER_DAYS", "2");
        Map<String, String> properties = Map.of("microblog.pbkdf2.iterations", "1");

        Settings settings = settings(properties, environment, initParams);

        assertEquals(1, settings.pbkdf2Iterations());
        assertEquals(2, settings.rememberDays());
        assertEquals(3, settings.sessionMinutes());
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertEquals("MICROBLOG_PBKDF2_ITERATIONS", Settings.environmentName("microblog.pbkdf2.iterations"));
        assertEquals("MICROBLOG_DB", Settings.environmentName("microblog.db"));
    }

    @Test
    void databaseMayBeAPathOrAJdbcUrl() {
        assertEquals("/tmp/x.db", settings(Map.of("microblog.db", " /tmp/x.db "), Map.of(), Map.of()).database());
        assertEquals("jdbc:sqlite:/tmp/y.db",
                settings(Map.of(), Map.of("MICROBLOG_DB", "jdbc:sqlite:/tmp/y.db"), Map.of()).database());
    }

    @Test
    void postgresqlTakesAUrlAUserAndAPasswordFromTheEnvironment() {
        Settings settings = settings(Map.of(), Map.of("MICROBLOG_DB", "jdbc:postgresql://db.example:5432/microblog",
                "MICROBLOG_DB_USER", "microblog", "MICROBLOG_DB_PASSWORD", "s3cret"), Map.of());

        assertEquals("jdbc:postgresql://db.example:5432/microblog", settings.database());
        assertEquals("microblog", settings.databaseUser());
        assertEquals("s3cret", settings.databasePassword());
        assertEquals(null, settings(Map.of(), Map.of(), Map.of()).databaseUser(), "SQLite takes none");
    }

    @Test
    void blankValuesFallThroughToTheNextSource() {
        Settings settings = settings(Map.of("microblog.session.minutes", " "), Map.of(),
                Map.of("microblog.session.minutes", "45"));

        assertEquals(45, settings.sessionMinutes());
    }

    @Test
    void aBadNumberNamesTheSetting() {
        Settings settings = settings(Map.of("microblog.remember.days", "thirty"), Map.of(), Map.of());

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, settings::rememberDays);
        assertTrue(error.getMessage().contains("microblog.remember.days"), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                settings(Map.of("microblog.pbkdf2.iterations", "0"), Map.of(), Map.of())::pbkdf2Iterations);
    }

    @Test
    void trustedProxiesAreLoopbackUnlessSet() {
        assertTrue(settings(Map.of(), Map.of(), Map.of()).trustedProxies().trusts("127.0.0.1"));
        assertTrue(settings(Map.of(), Map.of(), Map.of()).trustedProxies().trusts("0:0:0:0:0:0:0:1"));
        assertFalse(settings(Map.of(), Map.of(), Map.of()).trustedProxies().trusts("10.0.0.1"));

        Settings set = settings(Map.of(), Map.of("MICROBLOG_CLIENT_PROXIES", "10.0.0.0/8, 2001:db8::/32"), Map.of());

        assertTrue(set.trustedProxies().trusts("10.1.2.3"));
        assertTrue(set.trustedProxies().trusts("2001:db8::9"));
        assertFalse(set.trustedProxies().trusts("127.0.0.1"), "the list replaces the default");
    }

    @Test
    void aBadProxyEntryNamesTheSettingAndTheEntry() {
        Settings settings = settings(Map.of("microblog.client.proxies", "10.0.0.0/8, proxy.example.com"), Map.of(),
                Map.of());

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, settings::trustedProxies);
        assertTrue(error.getMessage().contains("microblog.client.proxies"), error.getMessage());
        assertTrue(error.getMessage().contains("'proxy.example.com'"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
    }

    @Test
    void limitsCountInMemoryOnSqliteUnlessTheDatabaseIsAskedFor() {
        assertFalse(settings(Map.of(), Map.of(), Map.of()).sharedLimits());
        assertFalse(settings(Map.of("microblog.db", "/var/lib/microblog/microblog.db"), Map.of(), Map.of())
                .sharedLimits());
        assertFalse(settings(Map.of("microblog.db", "jdbc:sqlite:/var/lib/microblog/microblog.db"), Map.of(),
                Map.of()).sharedLimits());
        assertFalse(settings(Map.of("microblog.throttle.store", "memory"), Map.of(), Map.of()).sharedLimits());
        assertTrue(settings(Map.of(), Map.of("MICROBLOG_THROTTLE_STORE", "database"), Map.of()).sharedLimits());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("microblog.throttle.store", "redis"), Map.of(), Map.of()).sharedLimits());
        assertTrue(bad.getMessage().contains("microblog.throttle.store must be memory or database"), bad.getMessage());
    }

    @Test
    void limitsCountInTheDatabaseOnPostgresqlUnlessMemoryIsAskedFor() {
        String postgresql = "jdbc:postgresql://db.example.com:5432/microblog";

        assertTrue(settings(Map.of("microblog.db", postgresql), Map.of(), Map.of()).sharedLimits(),
                "several servers share PostgreSQL: per-server counts would allow N times the guesses");
        assertTrue(settings(Map.of(), Map.of("MICROBLOG_DB", "JDBC:POSTGRESQL://db/microblog"), Map.of())
                .sharedLimits());
        assertTrue(settings(Map.of(), Map.of(), Map.of("microblog.db", postgresql)).sharedLimits(),
                "the context parameter counts too");
        assertFalse(settings(Map.of("microblog.db", postgresql, "microblog.throttle.store", "memory"), Map.of(),
                Map.of()).sharedLimits(), "an explicit setting wins");
        assertFalse(settings(Map.of("microblog.db", postgresql), Map.of("MICROBLOG_THROTTLE_STORE", "memory"),
                Map.of()).sharedLimits());
    }
}
