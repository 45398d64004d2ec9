package microblog.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import microblog.db.DataVersion;
import microblog.db.ReadCache;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The places where each account is signed in: one sign-in per password login, continued by its remember-me token.
 * Every signed-in request checks that its sign-in still exists, so ending one (deleting its row) is seen at that
 * browser's next request, on any server; the check is served from memory while the database is unchanged.
 */
public final class SignIns implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SignIns.class.getName());

    /** "Last active" is written at most this often per sign-in, not on every request. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    /** Longest kept of a browser's user agent; the account page shows a short form of it. */
    static final int USER_AGENT_LENGTH = 512;
    static final int CACHED_SIGN_INS = 4096;

    private final Jdbi jdbi;
    private final SignInDao dao;
    private final Clock clock;
    private final Duration sessionTimeout;
    private final ReadCache<Long, User> users;
    /** When this server last noted each sign-in's "last active"; bounded like the cache. */
    private final Map<Long, Long> touched = new ConcurrentHashMap<>();
    /** "Last active" times noted but not yet written: one transaction a minute writes them all. */
    private final Map<Long, Long> pending = new ConcurrentHashMap<>();
    private ScheduledExecutorService writer;

    public SignIns(Jdbi jdbi, Clock clock, Duration sessionTimeout, DataVersion version) {
        this.jdbi = jdbi;
        this.dao = jdbi.onDemand(SignInDao.class);
        this.clock = clock;
        this.sessionTimeout = sessionTimeout;
        this.users = new ReadCache<>(version, CACHED_SIGN_INS);
    }

    /**
     * Starts a sign-in at a password login, only if the account still has the password hash {@code checked} was
     * read with and is not disabled: a login whose check raced a password change, a disable or a "log out
     * everywhere" gets nothing rather than a sign-in those promised to end. Over sign-ins are cleared away first.
     */
    public OptionalLong start(User checked, String clientAddress, String userAgent) {
        purgeEnded();
        return started(insert(dao, checked, clientAddress, userAgent));
    }

    /**
     * Starts the sign-in a remember-me token issued before sign-ins existed now continues, and gives it to the
     * token: only if the account is as {@code checked} and the token still exists (the changes above delete it).
     */
    public OptionalLong startForToken(User checked, long tokenId, String clientAddress, String userAgent) {
        purgeEnded();
        return started(jdbi.inTransaction(handle -> {
            SignInDao signIns = handle.attach(SignInDao.class);
            Optional<Long> id = insert(signIns, checked, clientAddress, userAgent);
            if (id.isEmpty()) {
                return id;
            }
            RememberTokenDao tokens = handle.attach(RememberTokenDao.class);
            if (!tokens.exists(tokenId)) {
                signIns.delete(id.get(), checked.id());
                return Optional.<Long>empty();
            }
            tokens.attach(tokenId, id.get());
            return id;
        }));
    }

    private Optional<Long> insert(SignInDao signIns, User checked, String clientAddress, String userAgent) {
        return signIns.insertIfUnchanged(checked.id(), checked.passwordHash(), clock.millis(),
                clientAddress == null ? "" : clientAddress, clip(userAgent));
    }

    private OptionalLong started(Optional<Long> id) {
        if (id.isEmpty()) {
            return OptionalLong.empty();
        }
        remember(id.get(), clock.millis());
        return OptionalLong.of(id.get());
    }

    /**
     * The user of a session naming this user and sign-in, when the sign-in still exists, is that user's, and the
     * account may sign in (not deleted, not disabled): the check of every signed-in request, one cached read.
     */
    public Optional<User> userOf(long signInId, long userId) {
        return Optional.ofNullable(users.get(signInId, id -> dao.userOf(id).orElse(null)))
                .filter(user -> user.id() == userId);
    }

    /** Whether this sign-in exists and is this user's. */
    public boolean isLive(long signInId, long userId) {
        return userOf(signInId, userId).isPresent();
    }

    /**
     * Notes that the sign-in was active now, at most once a {@link #TOUCH_INTERVAL} per sign-in. Nothing is written
     * here: a request never waits for a write (and its fsync), and the read caches are not emptied once per user.
     */
    public void touch(long signInId) {
        long now = clock.millis();
        Long last = touched.get(signInId);
        if (last != null && now - last < TOUCH_INTERVAL.toMillis()) {
            return;
        }
        remember(signInId, now);
        pending.put(signInId, now);
    }

    /** Starts writing the noted "last active" times once a {@link #TOUCH_INTERVAL}, in one transaction. */
    public void start() {
        writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "microblog-sign-in-writer");
            thread.setDaemon(true);
            return thread;
        });
        long every = TOUCH_INTERVAL.toMillis();
        writer.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Writes what is noted and stops the writer; nothing is left running at undeploy. */
    @Override
    public void close() {
        if (writer != null) {
            writer.shutdownNow();
            try {
                writer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushQuietly();
    }

    /** Writes every noted "last active" time in one transaction; answers how many sign-ins it wrote. */
    int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        // In id order: another server writing an overlapping batch then takes the rows in the same order, so the
        // two transactions queue up instead of deadlocking (a hash map's order differs from server to server).
        Map<Long, Long> batch = new TreeMap<>();
        for (Long id : List.copyOf(pending.keySet())) {
            Long at = pending.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        jdbi.useTransaction(handle -> {
            SignInDao signIns = handle.attach(SignInDao.class);
            batch.forEach(signIns::touch);
        });
        return batch.size();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // The database may be busy or gone for a moment; "last active" is only a hint: try again next time.
            LOG.log(Level.FINE, "last-active times not written this time", e);
        }
    }

    private void remember(long signInId, long now) {
        if (touched.size() >= CACHED_SIGN_INS) {
            touched.clear();        // forgetting only costs one early write per sign-in
        }
        touched.put(signInId, now);
    }

    /** The user's live sign-ins, most recently active first. */
    public List<SignIn> live(long userId) {
        long now = clock.millis();
        return dao.liveOf(userId, activeSince(now), now);
    }

    /** Ends this sign-in if it is this user's; a sign-in of anyone else is left alone. */
    public boolean end(long userId, long signInId) {
        return dao.delete(signInId, userId) > 0;
    }

    /** Ends every sign-in of the user but {@code keep} (this browser's). */
    public int endAllBut(long userId, long keep) {
        return jdbi.inTransaction(handle -> endAllBut(handle, userId, keep));
    }

    /**
     * As {@link #endAllBut(long, long)}, inside the caller's transaction. The user's row is taken first (if the
     * caller has not already), so a login starting a sign-in meanwhile either comes before and is ended here, or
     * waits and comes after.
     */
    public static int endAllBut(Handle handle, long userId, long keep) {
        handle.attach(UserDao.class).lock(userId);
        SignInDao signIns = handle.attach(SignInDao.class);
        signIns.deleteRememberTokensBut(userId, keep);
        return signIns.deleteAllBut(userId, keep);
    }

    /**
     * Ends every sign-in of the user (every session, every remember-me token), inside the caller's transaction;
     * the user's row first, as in {@link #endAllBut(Handle, long, long)}.
     */
    public static int endAll(Handle handle, long userId) {
        handle.attach(UserDao.class).lock(userId);
        SignInDao signIns = handle.attach(SignInDao.class);
        signIns.deleteRememberTokens(userId);
        return signIns.deleteAll(userId);
    }

    /** Deletes the sign-ins whose session and remember-me token have both expired; run at start-up and each login. */
    public int purgeEnded() {
        long now = clock.millis();
        return dao.deleteEnded(activeSince(now), now);
    }

    /**
     * Sign-ins active since then may still have a session. "Last active" is noted once a touch interval and written
     * once a touch interval, so it can lag a request by two of them; the session timeout is stretched by that much.
     */
    private long activeSince(long now) {
        return now - sessionTimeout.toMillis() - 2 * TOUCH_INTERVAL.toMillis();
    }

    private static String clip(String userAgent) {
        if (userAgent == null) {
            return "";
        }
        return userAgent.length() <= USER_AGENT_LENGTH ? userAgent : userAgent.substring(0, USER_AGENT_LENGTH);
    }
}
