package microblog.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code users} table; lookups by username or email ignore case ({@code <lower>}: see
 * {@link microblog.db.Dialect#LOWER}), as the unique indexes do. The finders
 * see only accounts that may sign in: a disabled account is, to the login and the session check, no account.
 */
@RegisterRowMapper(UserDao.Rows.class)
public interface UserDao {
    @SqlQuery("SELECT id, username, email, password_hash FROM users WHERE id = :id AND disabled = 0")
    Optional<User> findById(@Bind("id") long id);

    @SqlQuery("SELECT id, username, email, password_hash FROM users "
            + "WHERE <lower>(username) = <lower>(:username) AND disabled = 0")
    Optional<User> findByUsername(@Bind("username") String username);

    @SqlQuery("SELECT id, username, email, password_hash FROM users "
            + "WHERE <lower>(email) = <lower>(:email) AND disabled = 0")
    Optional<User> findByEmail(@Bind("email") String email);

    @SqlUpdate("UPDATE users SET disabled = CASE WHEN :disabled THEN 1 ELSE 0 END WHERE id = :id")
    int setDisabled(@Bind("id") long id, @Bind("disabled") boolean disabled);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM users WHERE <lower>(username) = <lower>(:username))")
    boolean usernameTaken(@Bind("username") String username);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM users WHERE <lower>(email) = <lower>(:email))")
    boolean emailTaken(@Bind("email") String email);

    @SqlUpdate("INSERT INTO users (username, email, password_hash, created_at) "
            + "VALUES (:username, :email, :passwordHash, :createdAt)")
    @GetGeneratedKeys("id")
    long insert(@Bind("username") String username, @Bind("email") String email,
                @Bind("passwordHash") String passwordHash, @Bind("createdAt") long createdAt);

    /** Any account with this username (ignoring case), disabled or not: what the operator's commands act on. */
    @SqlQuery("SELECT id, username, email, disabled, created_at FROM users "
            + "WHERE <lower>(username) = <lower>(:username)")
    @RegisterRowMapper(AccountRows.class)
    Optional<Account> findAccount(@Bind("username") String username);

    /** Every account, oldest first. */
    @SqlQuery("SELECT id, username, email, disabled, created_at FROM users ORDER BY id")
    @RegisterRowMapper(AccountRows.class)
    List<Account> accounts();

    /** The password hash of any account, disabled or not. */
    @SqlQuery("SELECT password_hash FROM users WHERE id = :id")
    Optional<String> passwordHashOf(@Bind("id") long id);

    /**
     * Locks the account's row until the transaction ends ({@code <forUpdate>}: see
     * {@link microblog.db.Dialect#FOR_UPDATE}). A transaction that changes several of an account's rows takes this
     * row first, as an update of it would, so that two of them queue up rather than deadlock on each other's rows.
     */
    @SqlQuery("SELECT id FROM users WHERE id = :id <forUpdate>")
    Optional<Long> lock(@Bind("id") long id);

    /**
     * Replaces a hash by a stronger one of the same password, only if it is still the one checked: a password
     * changed meanwhile (on this server or another) is not put back. 1 when replaced.
     */
    @SqlUpdate("UPDATE users SET password_hash = :stronger WHERE id = :id AND password_hash = :checked")
    int rehash(@Bind("id") long id, @Bind("checked") String checkedHash, @Bind("stronger") String strongerHash);

    @SqlUpdate("UPDATE users SET password_hash = :passwordHash WHERE id = :id")
    void updatePasswordHash(@Bind("id") long id, @Bind("passwordHash") String passwordHash);

    /** Accounts as the operator sees them. */
    final class AccountRows implements RowMapper<Account> {
        @Override
        public Account map(ResultSet rs, StatementContext ctx) throws SQLException {
            long createdAt = rs.getLong("created_at");
            OptionalLong registered = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(createdAt);
            return new Account(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
                    rs.getInt("disabled") != 0, registered);
        }
    }

    /** Rows mapped by hand: Jdbi's constructor mapper inspects the record by reflection for every result set. */
    final class Rows implements RowMapper<User> {
        @Override
        public User map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new User(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
                    rs.getString("password_hash"));
        }
    }
}
