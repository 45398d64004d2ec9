package microblog.posts;

/** A post as the home page shows it: its author's username and the body, at {@code timestamp} (epoch ms, UTC). */
public record Post(long id, String body, long timestamp, String author) {
}
