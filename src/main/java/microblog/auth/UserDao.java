package microblog.auth;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code users} table; the columns are declared {@code COLLATE NOCASE}, so lookups ignore case. */
@RegisterConstructorMapper(User.class)
public interface UserDao {
    @SqlQuery("SELECT id, username, email, password_hash FROM users WHERE id = :id")
    Optional<User> findById(@Bind("id") long id);

    @SqlQuery("SELECT id, username, email, password_hash FROM users WHERE username = :username")
    Optional<User> findByUsername(@Bind("username") String username);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM users WHERE username = :username)")
    boolean usernameTaken(@Bind("username") String username);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM users WHERE email = :email)")
    boolean emailTaken(@Bind("email") String email);

    @SqlUpdate("INSERT INTO users (username, email, password_hash) VALUES (:username, :email, :passwordHash)")
    @GetGeneratedKeys("id")
    long insert(@Bind("username") String username, @Bind("email") String email,
                @Bind("passwordHash") String passwordHash);

    @SqlUpdate("UPDATE users SET password_hash = :passwordHash WHERE id = :id")
    void updatePasswordHash(@Bind("id") long id, @Bind("passwordHash") String passwordHash);
}
