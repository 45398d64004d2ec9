package microblog.auth;

/** A registered user; {@code username} is shown as registered, matched ignoring case. */
public record User(long id, String username, String email, String passwordHash) {
    /** For the views: EL 5 reads bean properties through a per-class cache ({@code ${currentUser.username}}). */
    public String getUsername() {
        return username;
    }

    public String getEmail() {
        return email;
    }

    /** Never print the hash, even in a log line. */
    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + "]";
    }
}
