package microblog.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A number that changes whenever anyone commits to the database, in this process or another one (the sqlite3
 * shell, a second webapp on the same file, another server on the same PostgreSQL), so that read caches see every
 * change at once.
 *
 * <p>On SQLite it is made from {@code PRAGMA data_version}, which moves on a connection whenever any other
 * connection commits. On PostgreSQL, triggers on the cached tables {@code NOTIFY} one channel (migration V5) and
 * each watcher connection {@code LISTEN}s to it: a watcher runs {@code SELECT 1} and then counts the notifications
 * that came with it. That catches every commit finished before the call: the committing session signals every
 * listener before its COMMIT returns, and a listening session sends what it was signalled before it answers its
 * next query. Either way a few watcher connections that never write are read; whichever sees a change bumps one
 * shared count while still holding its watcher, so the next reader of any watcher sees the bump. Several watchers,
 * tried without waiting, because one shared connection would queue every page behind whichever thread holds it.
 */
public final class DataVersion implements AutoCloseable {
    /** What {@link #current()} answers when the version cannot be read: never equal to a real one. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final Watcher[] watchers;
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean closed;

    /** The channel PostgreSQL's triggers notify on every change to a cached table (V5__change_notifications). */
    static final String CHANNEL = "microblog_changes";

    /** A version that is always {@link #UNKNOWN}: read caches then always read through (the operator's commands). */
    static DataVersion unknown() {
        return new DataVersion(null, 0, Dialect.SQLITE);
    }

    /**
     * {@code source} gives connections of their own, outside the pool (on PostgreSQL each stays listening); on
     * SQLite with a short busy timeout: a lock must not hold up a page.
     */
    DataVersion(DataSource source, int watchers, Dialect dialect) {
        this.watchers = new Watcher[watchers];
        for (int i = 0; i < watchers; i++) {
            this.watchers[i] = new Watcher(source, dialect == Dialect.POSTGRESQL);
            // Each watcher starts from what it sees now, before any cache exists; a watcher (re)connected later
            // counts its first read as a change, since commits may have happened while it was away.
            this.watchers[i].lastSeen = this.watchers[i].read();
        }
    }

    /**
     * The current version, or {@link #UNKNOWN} when the database cannot be read (callers then skip their caches).
     * Every commit finished before this call is counted in the answer.
     */
    public long current() {
        if (closed || watchers.length == 0) {
            return UNKNOWN;
        }
        int first = ThreadLocalRandom.current().nextInt(watchers.length);
        for (int i = 0; i < watchers.length; i++) {
            Watcher watcher = watchers[(first + i) % watchers.length];
            if (watcher.lock.tryLock()) {
                return readWith(watcher);
            }
        }
        Watcher watcher = watchers[first];
        watcher.lock.lock();
        return readWith(watcher);
    }

    /** Reads through a watcher whose lock the caller holds, and releases it. */
    private long readWith(Watcher watcher) {
        try {
            long seen = watcher.read();
            if (seen == UNKNOWN) {
                return UNKNOWN;
            }
            if (seen != watcher.lastSeen) {
                // Counted before the watcher is released: whoever reads it next sees this commit in the count.
                watcher.lastSeen = seen;
                changes.incrementAndGet();
            }
            return changes.get();
        } finally {
            watcher.lock.unlock();
        }
    }

    /** Drops the connections (the file may have been replaced); the next reads open fresh ones. */
    public void reset() {
        for (Watcher watcher : watchers) {
            watcher.lock.lock();
            try {
                watcher.disconnect();
            } finally {
                watcher.lock.unlock();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        reset();
    }

    /**
     * One connection that only ever reads {@code data_version} (SQLite) or listens for changes (PostgreSQL), and
     * what it read last.
     */
    private static final class Watcher {
        final ReentrantLock lock = new ReentrantLock();
        private final DataSource source;
        private final boolean listens;
        private Connection connection;
        private PreparedStatement statement;
        /** PostgreSQL: the notifications this connection received, its own "data version". */
        private long received;
        /** Unset for a new connection, so its first read counts as a change: nothing is assumed about the past. */
        long lastSeen = UNKNOWN;

        Watcher(DataSource source, boolean listens) {
            this.source = source;
            this.listens = listens;
        }

        long read() {
            try {
                if (statement == null) {
                    connect();
                }
                // Closing the result ends the read transaction at once: a watcher never holds back a checkpoint.
                try (ResultSet result = statement.executeQuery()) {
                    if (!listens) {
                        return result.next() ? result.getLong(1) : UNKNOWN;
                    }
                }
                // The query's answer came after every notification the session was signalled before it: counted.
                PGNotification[] arrived = connection.unwrap(PGConnection.class).getNotifications();
                received += arrived == null ? 0 : arrived.length;
                return received;
            } catch (SQLException e) {
                disconnect();
                return UNKNOWN;
            }
        }

        private void connect() throws SQLException {
            connection = source.getConnection();
            if (listens) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);              // autocommit: listening from here on
                }
                statement = connection.prepareStatement("SELECT 1");
                received = 0;
            } else {
                statement = connection.prepareStatement("PRAGMA data_version");
            }
            lastSeen = UNKNOWN;
        }

        void disconnect() {
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (SQLException e) {
                // Closing a broken connection: nothing left to do.
            } finally {
                connection = null;
                statement = null;
            }
        }
    }
}
