package microblog.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Brings the schema up to date from the versioned scripts of the database's dialect ({@code db/migration/sqlite},
 * {@code db/migration/postgresql}); safe to run on every start.
 *
 * <p>A dozen lines instead of Flyway: Flyway's SQLite support lives in an extra module, scans the class path at
 * start-up (slow, and fragile inside WARs) and would be the largest jar in the WAR. One folder per dialect, each
 * complete on its own, because the two write the same schema in different words (AUTOINCREMENT and NOCASE columns
 * against identity columns and indexes on {@code lower()}); their numbers stay in step while both have the script.
 */
final class Migrations {
    private final Jdbi jdbi;
    private final Dialect dialect;

    Migrations(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    void apply() {
        // One transaction so that two servers starting together apply each script exactly once: SQLite's begins
        // by taking the write lock (IMMEDIATE); PostgreSQL's takes an advisory lock first.
        jdbi.useTransaction(handle -> {
            if (dialect.migrationLock() != null) {
                handle.createQuery(dialect.migrationLock()).mapTo(Integer.class).one();
            }
            handle.execute(dialect.schemaVersionTable());
            applyPending(handle);
        });
    }

    private void applyPending(Handle handle) {
        List<String> scripts = dialect.scripts();
        int current = handle.createQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")
                .mapTo(Integer.class).one();
        for (int version = current + 1; version <= scripts.size(); version++) {
            String script = scripts.get(version - 1);
            handle.createScript(read(dialect.scriptPath(script))).execute();
            handle.createUpdate("INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")
                    .bind(0, version).bind(1, script).bind(2, System.currentTimeMillis()).execute();
        }
    }

    private static String read(String path) {
        try (InputStream in = Migrations.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema version this microblog writes on {@code dialect}. */
    static int latestVersion(Dialect dialect) {
        return dialect.scripts().size();
    }
}
