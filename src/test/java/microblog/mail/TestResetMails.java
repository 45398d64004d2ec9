package microblog.mail;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The account code's part, as the tests need it: a reset mail for each address it was told about (looked up
 * ignoring case, sent to the address as the "account" has it), nothing for any other; it counts what it composed
 * and what was undone.
 */
final class TestResetMails implements ResetMails {
    /** In every link this composes: it must never reach the log. */
    static final String SECRET = "s3cr3t-reset-token";

    private final Map<String, String> accounts = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final AtomicInteger composed = new AtomicInteger();
    private final AtomicInteger undone = new AtomicInteger();
    private volatile RuntimeException failure;

    /** An account with this address: reset requests for it get a mail. */
    TestResetMails withAccount(String username, String address) {
        accounts.put(address.toLowerCase(java.util.Locale.ROOT), username + " " + address);
        return this;
    }

    /** Every compose() throws this from now on (null: compose again). */
    void failWith(RuntimeException e) {
        failure = e;
    }

    @Override
    public Optional<Composed> compose(String typedAddress, String baseUrl) {
        asked.add(typedAddress);
        if (failure != null) {
            throw failure;
        }
        String account = accounts.get(typedAddress.toLowerCase(java.util.Locale.ROOT));
        if (account == null) {
            return Optional.empty();
        }
        String[] parts = account.split(" ", 2);
        int n = composed.incrementAndGet();
        String text = "Dear " + parts[0] + ",\n\nTo reset your password click on the following link:\n\n"
                + baseUrl + "/reset_password/" + SECRET + "-" + n + "\n";
        return Optional.of(new Composed(new Mail(parts[1], "[Microblog] Reset Your Password", text),
                undone::incrementAndGet));
    }

    /** The typed addresses compose() was called with, in order. */
    List<String> asked() {
        return asked;
    }

    int composed() {
        return composed.get();
    }

    int undone() {
        return undone.get();
    }
}
