package microblog.auth;

/** A registered user; {@code username} is shown as registered, matched ignoring case. */
public record User(long id, String username, String email, String passwordHash) {
    /** Never print the hash, even in a log line. */
    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + "]";
    }
}
