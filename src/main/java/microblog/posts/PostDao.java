package microblog.posts;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code posts} table. */
@RegisterConstructorMapper(Post.class)
public interface PostDao {
    @SqlUpdate("INSERT INTO posts (body, timestamp, user_id) VALUES (:body, :timestamp, :userId)")
    @GetGeneratedKeys("id")
    long insert(@Bind("body") String body, @Bind("timestamp") long timestamp, @Bind("userId") long userId);

    /** The newest posts of all users with their authors, in one query (the index on timestamp serves the order). */
    @SqlQuery("SELECT p.id, p.body, p.timestamp, u.username AS author FROM posts p JOIN users u ON u.id = p.user_id "
            + "ORDER BY p.timestamp DESC, p.id DESC LIMIT :limit")
    List<Post> latest(@Bind("limit") int limit);
}
