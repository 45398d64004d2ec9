package microblog.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code sign_ins} table; ending a sign-in deletes its row, and its remember-me token by foreign key. */
@RegisterRowMapper(SignInDao.Rows.class)
interface SignInDao {
    /**
     * A sign-in of the user only if the account is still as the login checked it: the same password hash, not
     * disabled; empty otherwise. It reads the user's row locked ({@code <forUpdate>}: see
     * {@link microblog.db.Dialect#FOR_UPDATE}), as a password change, a disable or a "log out everywhere" take it
     * first, so each of them either ends this sign-in or comes before it and leaves nothing inserted. The id comes
     * from {@code RETURNING}: SQLite's driver gives as generated key the connection's last insert, even of none.
     */
    @SqlQuery("INSERT INTO sign_ins (user_id, started_at, last_active_at, client_address, user_agent) "
            + "SELECT id, :now, :now, :address, :userAgent FROM users "
            + "WHERE id = :userId AND password_hash = :checked AND disabled = 0 <forUpdate> RETURNING id")
    Optional<Long> insertIfUnchanged(@Bind("userId") long userId, @Bind("checked") String checkedHash,
                                     @Bind("now") long now, @Bind("address") String address,
                                     @Bind("userAgent") String userAgent);

    /** The user of a sign-in, if both exist and the account may sign in: the whole per-request check in one read. */
    @SqlQuery("SELECT u.id, u.username, u.email, u.password_hash FROM sign_ins s JOIN users u ON u.id = s.user_id "
            + "WHERE s.id = :id AND u.disabled = 0")
    @RegisterRowMapper(UserDao.Rows.class)
    Optional<User> userOf(@Bind("id") long id);

    /** The live sign-ins: active within the session timeout, or kept by a remember-me token still valid. */
    @SqlQuery("SELECT id, user_id, started_at, last_active_at, client_address, user_agent FROM sign_ins s "
            + "WHERE user_id = :userId AND (last_active_at >= :activeSince OR EXISTS (SELECT 1 FROM remember_tokens r "
            + "WHERE r.sign_in_id = s.id AND r.expires_at > :now)) ORDER BY last_active_at DESC, id DESC")
    List<SignIn> liveOf(@Bind("userId") long userId, @Bind("activeSince") long activeSince, @Bind("now") long now);

    /** Never moves "last active" back (another server may have written a later time). */
    @SqlUpdate("UPDATE sign_ins SET last_active_at = CASE WHEN last_active_at < :now THEN :now ELSE last_active_at END "
            + "WHERE id = :id")
    void touch(@Bind("id") long id, @Bind("now") long now);

    @SqlUpdate("DELETE FROM sign_ins WHERE id = :id AND user_id = :userId")
    int delete(@Bind("id") long id, @Bind("userId") long userId);

    @SqlUpdate("DELETE FROM sign_ins WHERE user_id = :userId AND id <> :keep")
    int deleteAllBut(@Bind("userId") long userId, @Bind("keep") long keep);

    @SqlUpdate("DELETE FROM sign_ins WHERE user_id = :userId")
    int deleteAll(@Bind("userId") long userId);

    /** Remember-me tokens of no sign-in (issued before sign-ins existed) or of another one than {@code keep}. */
    @SqlUpdate("DELETE FROM remember_tokens WHERE user_id = :userId AND (sign_in_id IS NULL OR sign_in_id <> :keep)")
    int deleteRememberTokensBut(@Bind("userId") long userId, @Bind("keep") long keep);

    @SqlUpdate("DELETE FROM remember_tokens WHERE user_id = :userId")
    int deleteRememberTokens(@Bind("userId") long userId);

    /** Sign-ins whose session has expired and whose remember-me token, if any, has too: they are over. */
    @SqlUpdate("DELETE FROM sign_ins WHERE last_active_at < :activeSince AND NOT EXISTS (SELECT 1 FROM remember_tokens r "
            + "WHERE r.sign_in_id = sign_ins.id AND r.expires_at > :now)")
    int deleteEnded(@Bind("activeSince") long activeSince, @Bind("now") long now);

    /** Rows mapped by hand, as in the other DAOs. */
    final class Rows implements RowMapper<SignIn> {
        @Override
        public SignIn map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new SignIn(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("started_at"),
                    rs.getLong("last_active_at"), rs.getString("client_address"), rs.getString("user_agent"));
        }
    }
}
