package microblog.posts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code posts} table. */
@RegisterRowMapper(PostDao.Rows.class)
public interface PostDao {
    @SqlUpdate("INSERT INTO posts (body, timestamp, user_id) VALUES (:body, :timestamp, :userId)")
    @GetGeneratedKeys("id")
    long insert(@Bind("body") String body, @Bind("timestamp") long timestamp, @Bind("userId") long userId);

    /** The newest posts of all users with their authors, in one query (the index on timestamp serves the order). */
    @SqlQuery("SELECT p.id, p.body, p.timestamp, u.username AS author FROM posts p JOIN users u ON u.id = p.user_id "
            + "ORDER BY p.timestamp DESC, p.id DESC LIMIT :limit")
    List<Post> latest(@Bind("limit") int limit);

    /** Rows mapped by hand: Jdbi's constructor mapper inspects the record by reflection for every result set. */
    final class Rows implements RowMapper<Post> {
        @Override
        public Post map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Post(rs.getLong("id"), rs.getString("body"), rs.getLong("timestamp"), rs.getString("author"));
        }
    }
}
