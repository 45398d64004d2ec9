package microblog.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import microblog.auth.UserDao;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The home page's posts: one query while nobody writes, and every new post seen by the very next page. */
class TimelineTest {
    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private final AtomicInteger queries = new AtomicInteger();
    private PostDao posts;
    private long susan;

    @BeforeEach
    void openDatabase() {
        posts = db.dao(PostDao.class);
        susan = db.dao(UserDao.class).insert("susan", "susan@example.com", "hash", 0L);
    }

    /** The real DAO, counting the home page queries that reach the database. */
    private Timeline timeline() {
        PostDao counted = new PostDao() {
            @Override
            public long insert(String body, long timestamp, long userId) {
                return posts.insert(body, timestamp, userId);
            }

            @Override
            public List<Post> latest(int limit) {
                queries.incrementAndGet();
                return posts.latest(limit);
            }
        };
        return new Timeline(counted, db.database().dataVersion());
    }

    /**
     * After a write each data-version watcher may report it once; from then on no page queries, on SQLite
     * (data_version) and PostgreSQL (LISTEN/NOTIFY) alike.
     */
    @Test
    void queriesNoMoreWhileNobodyWrites() {
        posts.insert("hello", 1_000, susan);
        Timeline timeline = timeline();
        for (int i = 0; i < 100; i++) {
            timeline.latest(20);
        }
        int settled = queries.get();

        for (int i = 0; i < 1_000; i++) {
            assertEquals(List.of("hello"), timeline.latest(20).stream().map(Post::body).toList());
        }

        assertTrue(settled >= 1 && settled <= 4, settled + " queries while settling");
        assertEquals(settled, queries.get());
    }

    @Test
    void showsAPostOfThisAppAtOnce() {
        Timeline timeline = timeline();
        assertEquals(List.of(), timeline.latest(20));

        posts.insert("new", 2_000, susan);

        assertEquals(List.of("new"), timeline.latest(20).stream().map(Post::body).toList());
    }

    @Test
    void showsAPostWrittenByAnotherProcessAtOnce() throws Exception {
        Timeline timeline = timeline();
        timeline.latest(20);

        try (Connection other = db.otherConnection()) {
            other.createStatement().executeUpdate(
                    "INSERT INTO posts (body, timestamp, user_id) VALUES ('from elsewhere', 3000, " + susan + ")");
        }

        assertEquals(List.of("from elsewhere"), timeline.latest(20).stream().map(Post::body).toList());
    }
}
