package microblog.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code remember_tokens} table. */
@RegisterRowMapper(RememberTokenDao.Rows.class)
interface RememberTokenDao {
    @SqlUpdate("INSERT INTO remember_tokens (selector, validator_hash, user_id, expires_at, sign_in_id) "
            + "VALUES (:selector, :validatorHash, :userId, :expiresAt, :signInId)")
    void insert(@Bind("selector") String selector, @Bind("validatorHash") String validatorHash,
                @Bind("userId") long userId, @Bind("expiresAt") long expiresAt, @Bind("signInId") long signInId);

    /**
     * The token, locked until the transaction ends ({@code <forUpdate>}: see {@link microblog.db.Dialect#FOR_UPDATE})
     * so that parallel tabs presenting one cookie are seen in order: the first rotates, the next read the rotated row
     * and take the grace window, rather than each rotating a validator the others replace.
     */
    @SqlQuery("SELECT id, selector, validator_hash, previous_hash, rotated_at, user_id, expires_at, sign_in_id "
            + "FROM remember_tokens WHERE selector = :selector <forUpdate>")
    Optional<RememberToken> findBySelector(@Bind("selector") String selector);

    /** Replaces the validator only if it is still the one read, so two rotations cannot both win. */
    @SqlUpdate("UPDATE remember_tokens SET validator_hash = :newHash, previous_hash = validator_hash, "
            + "rotated_at = :now WHERE id = :id AND validator_hash = :oldHash")
    int rotate(@Bind("id") long id, @Bind("oldHash") String oldHash, @Bind("newHash") String newHash,
               @Bind("now") long now);

    /** Gives a token issued before sign-ins existed the sign-in its next use starts. */
    @SqlUpdate("UPDATE remember_tokens SET sign_in_id = :signInId WHERE id = :id AND sign_in_id IS NULL")
    int attach(@Bind("id") long id, @Bind("signInId") long signInId);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM remember_tokens WHERE id = :id)")
    boolean exists(@Bind("id") long id);

    @SqlUpdate("DELETE FROM remember_tokens WHERE selector = :selector")
    void deleteBySelector(@Bind("selector") String selector);

    @SqlUpdate("DELETE FROM remember_tokens WHERE user_id = :userId")
    int deleteAllOf(@Bind("userId") long userId);

    @SqlUpdate("DELETE FROM remember_tokens WHERE expires_at <= :now")
    int deleteExpired(@Bind("now") long now);

    @SqlQuery("SELECT COUNT(*) FROM remember_tokens WHERE user_id = :userId")
    int countOf(@Bind("userId") long userId);

    /** Rows mapped by hand: Jdbi's constructor mapper inspects the record by reflection for every result set. */
    final class Rows implements RowMapper<RememberToken> {
        @Override
        public RememberToken map(ResultSet rs, StatementContext ctx) throws SQLException {
            long rotatedAt = rs.getLong("rotated_at");
            Long rotated = rs.wasNull() ? null : rotatedAt;
            long signInId = rs.getLong("sign_in_id");
            Long signIn = rs.wasNull() ? null : signInId;
            return new RememberToken(rs.getLong("id"), rs.getString("selector"), rs.getString("validator_hash"),
                    rs.getString("previous_hash"), rotated, rs.getLong("user_id"), rs.getLong("expires_at"), signIn);
        }
    }
}
