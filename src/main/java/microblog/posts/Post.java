package microblog.posts;

/** A post as the home page shows it: its author's username and the body, at {@code timestamp} (epoch ms, UTC). */
public record Post(long id, String body, long timestamp, String author) {
    // Bean getters for the view: EL 5 calls a record's accessors only by reflection on every call
    // (${post.body()}), whereas it reads bean properties through a per-class cache.

    public String getBody() {
        return body;
    }

    public String getAuthor() {
        return author;
    }
}
