package microblog.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code limits} table: one counter per limit and key hash. The SQL is the same on SQLite and PostgreSQL. */
@RegisterRowMapper(LimitDao.Rows.class)
interface LimitDao {
    /** One counter as stored. */
    record Counter(long startedAt, long lastAt, int count, long expiresAt) {
    }

    @SqlQuery("SELECT started_at, last_at, count, expires_at FROM limits WHERE name = :name AND key_hash = :key")
    Optional<Counter> find(@Bind("name") String name, @Bind("key") String keyHash);

    /**
     * Counts one event, atomically: a new counter, one more on a live counter, or a fresh start on an expired one.
     * Its expiry is set by {@link #expireAt} in the same transaction.
     */
    @SqlQuery("INSERT INTO limits (name, key_hash, started_at, last_at, count, expires_at) "
            + "VALUES (:name, :key, :now, :now, 1, :now) "
            + "ON CONFLICT (name, key_hash) DO UPDATE SET "
            + "started_at = CASE WHEN limits.expires_at <= :now THEN :now ELSE limits.started_at END, "
            + "count = CASE WHEN limits.expires_at <= :now THEN 1 ELSE limits.count + 1 END, "
            + "last_at = :now "
            + "RETURNING started_at, last_at, count, expires_at")
    Counter count(@Bind("name") String name, @Bind("key") String keyHash, @Bind("now") long now);

    @SqlUpdate("UPDATE limits SET expires_at = :expiresAt WHERE name = :name AND key_hash = :key")
    void expireAt(@Bind("name") String name, @Bind("key") String keyHash, @Bind("expiresAt") long expiresAt);

    @SqlUpdate("DELETE FROM limits WHERE name = :name AND key_hash = :key")
    void delete(@Bind("name") String name, @Bind("key") String keyHash);

    @SqlUpdate("DELETE FROM limits WHERE name = :name AND expires_at <= :now")
    int deleteExpired(@Bind("name") String name, @Bind("now") long now);

    /** Rows mapped by hand, as in the other DAOs. */
    final class Rows implements RowMapper<Counter> {
        @Override
        public Counter map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Counter(rs.getLong("started_at"), rs.getLong("last_at"), rs.getInt("count"),
                    rs.getLong("expires_at"));
        }
    }
}
