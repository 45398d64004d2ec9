package microblog.db;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Runs a transaction again when PostgreSQL rolled it back as a deadlock victim or for a serialization failure
 * (see {@link DatabaseFaults#mustRetry}), a few times, after a short random pause: the one place that does, so that
 * no caller of {@code inTransaction} needs to. Only the outermost transaction is run again, and only its work in the
 * database is undone, so a transaction's callback does nothing outside the database that must not happen twice.
 */
final class TransactionRetries extends DelegatingTransactionHandler {
    /** Attempts in all; each of those failures needs another transaction to have committed, so few are needed. */
    static final int ATTEMPTS = 5;
    private static final Logger LOG = Logger.getLogger(TransactionRetries.class.getName());

    TransactionRetries(TransactionHandler delegate) {
        super(delegate);
    }

    @Override
    public TransactionHandler specialize(Handle handle) throws SQLException {
        return new TransactionRetries(getDelegate().specialize(handle));
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        if (isInTransaction(handle)) {
            return getDelegate().inTransaction(handle, callback);      // the outermost transaction retries
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return getDelegate().inTransaction(handle, callback);
            } catch (Exception e) {
                if (!retried(attempt, e)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
                                                    HandleCallback<R, X> callback) throws X {
        if (isInTransaction(handle)) {
            return getDelegate().inTransaction(handle, level, callback);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return getDelegate().inTransaction(handle, level, callback);
            } catch (Exception e) {
                if (!retried(attempt, e)) {
                    throw e;
                }
            }
        }
    }

    /** Pauses and answers true when the failure may be retried; false when not, or after the last attempt. */
    private static boolean retried(int attempt, Exception e) {
        if (attempt >= ATTEMPTS || !DatabaseFaults.mustRetry(e)) {
            return false;
        }
        LOG.fine(() -> "Transaction rolled back by the database (attempt " + attempt + "); running it again");
        try {
            // Random, so that two transactions that deadlocked do not meet again at once.
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
