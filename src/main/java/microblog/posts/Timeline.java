package microblog.posts;

import java.util.List;
import microblog.db.DataVersion;
import microblog.db.ReadCache;

/**
 * The newest posts of all users, as every home page shows them: one query while nobody writes, however many pages
 * are served; any commit (a new post, a renamed or deleted author, from any process) is seen by the next page.
 */
public final class Timeline {
    private final PostDao posts;
    private final ReadCache<Integer, List<Post>> latest;

    public Timeline(PostDao posts, DataVersion version) {
        this.posts = posts;
        this.latest = new ReadCache<>(version, 4);
    }

    /** The {@code count} newest posts, newest first. */
    public List<Post> latest(int count) {
        return latest.get(count, n -> List.copyOf(posts.latest(n)));
    }
}
