package microblog.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When the database is unavailable (locked, read-only, full, gone), answers 503 with a friendly page instead of a
 * 500, and logs the problem at most once a minute rather than once per request. Nothing is kept between requests,
 * so the app recovers by itself as soon as the database answers again.
 */
public final class UnavailableFilter extends HttpFilter {
    private static final Logger LOG = Logger.getLogger(UnavailableFilter.class.getName());
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);
    static final String RETRY_AFTER_SECONDS = "30";

    private final Predicate<Throwable> unavailable;
    private final BooleanSupplier present;
    private final BooleanSupplier writable;
    private final Runnable reconnect;
    private final Clock clock;
    private final AtomicLong nextLog = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * {@code unavailable} tells an unavailable database by its error. Before each request that may write,
     * {@code present} checks that the database file is still there (a write to a moved or deleted file would be
     * lost) and {@code writable} that it may be written (open connections would keep writing to a file made
     * read-only). {@code reconnect} runs when connections may point at a file that is gone or failed, so that the
     * next request tries fresh ones.
     */
    public UnavailableFilter(Predicate<Throwable> unavailable, BooleanSupplier present, BooleanSupplier writable,
                             Runnable reconnect, Clock clock) {
        this.unavailable = unavailable;
        this.present = present;
        this.writable = writable;
        this.reconnect = reconnect;
        this.clock = clock;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        boolean reads = "GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod());
        if (!reads && !present.getAsBoolean()) {
            unavailable(req, resp, new IllegalStateException("The database file is missing (moved or deleted)"),
                    true);
            return;
        }
        if (!reads && !writable.getAsBoolean()) {
            // Keep the open connections: they can write again the moment permission is back, whereas connections
            // opened now would be read-only for good.
            unavailable(req, resp, new IllegalStateException("The database file is read-only"), false);
            return;
        }
        try {
            chain.doFilter(req, resp);
        } catch (RuntimeException | ServletException e) {
            if (!unavailable.test(e) || resp.isCommitted()) {
                throw e;
            }
            unavailable(req, resp, e, true);
        }
    }

    private void unavailable(HttpServletRequest req, HttpServletResponse resp, Throwable why, boolean reconnectNext)
            throws ServletException, IOException {
        logAtMostOncePerMinute(why);
        if (reconnectNext) {
            reconnect.run();
        }
        resp.resetBuffer();
        resp.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        ErrorPages.render(req, resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }

    private void logAtMostOncePerMinute(Throwable e) {
        long now = clock.millis();
        long next = nextLog.get();
        if (now >= next && nextLog.compareAndSet(next, now + LOG_EVERY.toMillis())) {
            long skipped = suppressed.getAndSet(0);
            LOG.log(Level.SEVERE, "The database is unavailable; answering 503 until it is back"
                    + (skipped > 0 ? " (" + skipped + " more failures since the last report)" : ""), e);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
