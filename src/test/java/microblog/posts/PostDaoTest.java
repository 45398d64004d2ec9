package microblog.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import microblog.auth.UserDao;
import microblog.testing.TempDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The posts table on a real SQLite file: the home page's latest posts with their authors. */
class PostDaoTest {
    @RegisterExtension
    final TempDatabase db = new TempDatabase();

    private PostDao posts;
    private long susan;
    private long tom;

    @BeforeEach
    void openDatabase() {
        posts = db.dao(PostDao.class);
        UserDao users = db.dao(UserDao.class);
        susan = users.insert("Susan", "susan@example.com", "hash", 0L);
        tom = users.insert("tom", "tom@example.com", "hash", 0L);
    }


    @Test
    void latestListsNewestFirstWithAuthorNames() {
        long first = posts.insert("first", 1_000, susan);
        long third = posts.insert("third", 3_000, susan);
        long second = posts.insert("second", 2_000, tom);

        List<Post> latest = posts.latest(20);

        assertEquals(List.of(new Post(third, "third", 3_000, "Susan"), new Post(second, "second", 2_000, "tom"),
                new Post(first, "first", 1_000, "Susan")), latest);
    }

    @Test
    void latestRespectsTheLimit() {
        for (int i = 1; i <= 25; i++) {
            posts.insert("post " + i, i * 1_000L, i % 2 == 0 ? susan : tom);
        }

        List<Post> latest = posts.latest(20);

        assertEquals(20, latest.size());
        assertEquals("post 25", latest.get(0).body());
        assertEquals("post 6", latest.get(19).body());
        assertEquals(List.of("post 25", "post 24"), posts.latest(2).stream().map(Post::body).toList());
    }

    @Test
    void postsWithTheSameTimestampAreOrderedByIdDescending() {
        long a = posts.insert("a", 5_000, susan);
        long b = posts.insert("b", 5_000, tom);
        long c = posts.insert("c", 5_000, susan);
        long older = posts.insert("older", 4_000, tom);

        List<Long> ids = posts.latest(20).stream().map(Post::id).toList();

        assertEquals(List.of(c, b, a, older), ids);
    }

    @Test
    void latestOfAnEmptyTableIsEmpty() {
        assertEquals(List.of(), posts.latest(20));
    }
}
