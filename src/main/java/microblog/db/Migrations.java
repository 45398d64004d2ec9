package microblog.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Brings the schema up to date from the versioned scripts in {@code db/migration}; safe to run on every start.
 *
 * <p>A dozen lines instead of Flyway: Flyway's SQLite support lives in an extra module, scans the class path at
 * start-up (slow, and fragile inside WARs) and would be the largest jar in the WAR.
 */
final class Migrations {
    /** In order; a new script is added at the end and never edited once released. */
    private static final List<String> SCRIPTS = List.of(
            "V1__users_posts_remember_tokens.sql",
            "V2__sign_ins_password_resets_outbox.sql",
            "V3__users_created_at.sql",
            "V4__limits.sql");

    private final Jdbi jdbi;

    Migrations(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void apply() {
        jdbi.useHandle(handle -> {
            handle.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            // One transaction (taking the write lock at once) so two servers starting together apply each
            // script exactly once.
            handle.useTransaction(this::applyPending);
        });
    }

    private void applyPending(Handle handle) {
        int current = handle.createQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")
                .mapTo(Integer.class).one();
        for (int version = current + 1; version <= SCRIPTS.size(); version++) {
            String script = SCRIPTS.get(version - 1);
            handle.createScript(read(script)).execute();
            handle.createUpdate("INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")
                    .bind(0, version).bind(1, script).bind(2, System.currentTimeMillis()).execute();
        }
    }

    private static String read(String script) {
        String path = "/db/migration/" + script;
        try (InputStream in = Migrations.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int latestVersion() {
        return SCRIPTS.size();
    }
}
