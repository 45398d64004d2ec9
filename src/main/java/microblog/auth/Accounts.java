package microblog.auth;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import microblog.db.DataVersion;
import microblog.db.DatabaseFaults;
import microblog.db.ReadCache;
import microblog.web.FormErrors;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Registering users and checking their passwords (the tutorial's User model methods). */
public final class Accounts {
    static final String USERNAME_TAKEN = "Please use a different username.";
    static final String EMAIL_TAKEN = "Please use a different email address.";

    /** Users looked up by id (every signed-in request); beyond this many, lookups go to the database. */
    static final int CACHED_USERS = 4096;

    private final UserDao users;
    private final PasswordHasher hasher;
    private final ReadCache<Long, User> byId;
    private final Clock clock;

    /** {@code version} tells when the users table may have changed: a deleted or renamed user is seen at once. */
    public Accounts(UserDao users, PasswordHasher hasher, DataVersion version, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.byId = new ReadCache<>(version, CACHED_USERS);
        this.clock = clock;
    }

    /** The user with this username (ignoring case) and password; unknown users cost as much time as known ones. */
    public Optional<User> authenticate(String username, String password) {
        Optional<User> found = users.findByUsername(username);
        if (found.isEmpty()) {
            hasher.verifyAgainstDummy(password);
            return Optional.empty();
        }
        User user = found.get();
        if (!hasher.verify(password, user.passwordHash())) {
            return Optional.empty();
        }
        if (hasher.needsRehash(user.passwordHash())) {
            String stronger = hasher.hash(password);
            if (users.rehash(user.id(), user.passwordHash(), stronger) == 1) {
                user = new User(user.id(), user.username(), user.email(), stronger);
            }
        }
        return Optional.of(user);
    }

    /**
     * Creates the account of a validated form (the registration page, {@code users create}); the errors say which
     * of username and email is already taken.
     */
    public FormErrors register(String username, String email, String password) {
        FormErrors errors = available(username, email);
        if (errors.any()) {
            return errors;
        }
        String hash = hasher.hash(password);
        try {
            users.insert(username, email, hash, clock.millis());
            return errors;
        } catch (UnableToExecuteStatementException e) {
            // Lost a race with another registration: the unique index decided, say which field.
            if (DatabaseFaults.violatesUnique(e, "users", "username")) {
                return errors.add("username", USERNAME_TAKEN);
            }
            if (DatabaseFaults.violatesUnique(e, "users", "email")) {
                return errors.add("email", EMAIL_TAKEN);
            }
            throw e;
        }
    }

    /** What {@link #register} would say now about the username and the email: empty when both are free. */
    public FormErrors available(String username, String email) {
        FormErrors errors = new FormErrors();
        if (users.usernameTaken(username)) {
            errors.add("username", USERNAME_TAKEN);
        }
        if (users.emailTaken(email)) {
            errors.add("email", EMAIL_TAKEN);
        }
        return errors;
    }

    /** Any account with this username, ignoring case, disabled or not (the operator's commands). */
    public Optional<Account> named(String username) {
        return users.findAccount(username);
    }

    /** Every account, oldest first. */
    public List<Account> all() {
        return users.accounts();
    }

    /** A user by id (a remember-me cookie names one); cached only while the database is unchanged. */
    public Optional<User> find(long id) {
        return Optional.ofNullable(byId.get(id, key -> users.findById(key).orElse(null)));
    }
}
