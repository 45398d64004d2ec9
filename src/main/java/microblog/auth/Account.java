package microblog.auth;

import java.util.OptionalLong;

/**
 * An account as an operator sees it: disabled ones too, and when it registered (empty for accounts made before
 * that was recorded). The web's {@link User} is the account that may sign in.
 */
public record Account(long id, String username, String email, boolean disabled, OptionalLong createdAt) {
    public User user(String passwordHash) {
        return new User(id, username, email, passwordHash);
    }

    @Override
    public String toString() {
        return "Account[id=" + id + ", username=" + username + ", disabled=" + disabled + "]";
    }
}
