package microblog.account;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code password_resets} table: only a SHA-256 of each link's token is kept. */
interface PasswordResetDao {
    @SqlUpdate("INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) "
            + "VALUES (:tokenHash, :userId, :now, :expiresAt)")
    void insert(@Bind("tokenHash") String tokenHash, @Bind("userId") long userId, @Bind("now") long now,
                @Bind("expiresAt") long expiresAt);

    /** The user of a link that is unused, unexpired and of an account that may sign in. */
    @SqlQuery("SELECT r.user_id FROM password_resets r JOIN users u ON u.id = r.user_id "
            + "WHERE r.token_hash = :tokenHash AND r.used_at IS NULL AND r.expires_at > :now AND u.disabled = 0")
    Optional<Long> usableBy(@Bind("tokenHash") String tokenHash, @Bind("now") long now);

    /** Uses the link if it is still usable; 1 when this call used it, so two submits cannot both reset. */
    @SqlUpdate("UPDATE password_resets SET used_at = :now "
            + "WHERE token_hash = :tokenHash AND user_id = :userId AND used_at IS NULL AND expires_at > :now")
    int use(@Bind("tokenHash") String tokenHash, @Bind("userId") long userId, @Bind("now") long now);

    /** Voids every link of the user: any reset, any password change. */
    @SqlUpdate("UPDATE password_resets SET used_at = :now WHERE user_id = :userId AND used_at IS NULL")
    int voidAll(@Bind("userId") long userId, @Bind("now") long now);

    @SqlQuery("SELECT COUNT(*) FROM password_resets WHERE user_id = :userId AND created_at > :since")
    int countSince(@Bind("userId") long userId, @Bind("since") long since);

    /** A link whose mail could not be sent: it never existed, and does not count against the limit. */
    @SqlUpdate("DELETE FROM password_resets WHERE token_hash = :tokenHash")
    void delete(@Bind("tokenHash") String tokenHash);

    @SqlUpdate("DELETE FROM password_resets WHERE created_at < :before")
    int deleteOlderThan(@Bind("before") long before);
}
