package microblog.web;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code secrets} table: per-installation keys, made once at first start. */
public interface SecretDao {
    /** {@code ON CONFLICT DO NOTHING}: the upsert both dialects take (SQLite since 3.24). */
    @SqlUpdate("INSERT INTO secrets (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING")
    void insertIfAbsent(String name, String value);

    @SqlQuery("SELECT value FROM secrets WHERE name = :name")
    Optional<String> find(String name);

    /** The named secret, made now if this is the first start; two servers starting together agree on one. */
    default byte[] getOrCreate(String name) {
        insertIfAbsent(name, Tokens.random(32));
        return find(name).orElseThrow().getBytes(StandardCharsets.US_ASCII);
    }
}
