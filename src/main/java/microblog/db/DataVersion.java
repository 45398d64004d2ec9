package microblog.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * SQLite's {@code PRAGMA data_version}, read on one connection of its own that never writes: the number changes
 * whenever any other connection commits, in this process or another one (the sqlite3 shell, a second webapp on the
 * same file). Read caches compare it on every use, so a change anywhere is seen at once.
 */
public final class DataVersion implements AutoCloseable {
    /** What {@link #current()} answers when the version cannot be read: never equal to a real one. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final DataSource source;
    private final ReentrantLock lock = new ReentrantLock();
    /** Reads begun so far; and the number and result of the last one finished. */
    private final AtomicLong begun = new AtomicLong();
    private volatile long finished;
    private volatile long lastResult = UNKNOWN;
    private Connection connection;
    private PreparedStatement statement;
    private volatile boolean closed;

    /** {@code source} should give connections with a short busy timeout: a lock must not queue every reader. */
    DataVersion(DataSource source) {
        this.source = source;
    }

    /**
     * The current version, or {@link #UNKNOWN} when the database cannot be read (callers then skip their caches).
     * Always the result of a read that began after the call: a commit finished before the call is never missed.
     * Callers that queue behind one read share the next one, so busy pages do not each wait for a read of their own.
     */
    public long current() {
        long arrived = begun.get();
        lock.lock();
        try {
            if (finished > arrived) {
                return lastResult;
            }
            long read = begun.incrementAndGet();
            long result = read();
            lastResult = result;
            finished = read;
            return result;
        } finally {
            lock.unlock();
        }
    }

    private long read() {
        if (closed) {
            return UNKNOWN;
        }
        try {
            if (statement == null) {
                connection = source.getConnection();
                statement = connection.prepareStatement("PRAGMA data_version");
            }
            // Closing the result ends the read transaction at once, so this connection never holds back a checkpoint.
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : UNKNOWN;
            }
        } catch (SQLException e) {
            reset();
            return UNKNOWN;
        }
    }

    /** Drops the connection (the file may have been replaced); the next read opens a fresh one. */
    public void reset() {
        lock.lock();
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // Closing a broken connection: nothing left to do.
        } finally {
            connection = null;
            statement = null;
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            reset();
        } finally {
            lock.unlock();
        }
    }
}
