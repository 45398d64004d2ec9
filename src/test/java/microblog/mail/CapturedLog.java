package microblog.mail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What is logged while a test runs: every record of microblog's mail code at any level, and whatever else reaches
 * the root logger (Angus, Jdbi) at the levels the test logging lets through.
 */
final class CapturedLog implements BeforeEachCallback, AfterEachCallback {
    private final Logger mail = Logger.getLogger("microblog.mail");
    private final Logger root = Logger.getLogger("");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previous;

    @Override
    public void beforeEach(ExtensionContext context) {
        previous = mail.getLevel();
        mail.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root.removeHandler(handler);
        mail.setLevel(previous);
    }

    /** The records at {@code level} or above. */
    List<LogRecord> atLeast(Level level) {
        return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).toList();
    }

    /** Each record as a log file would show it: the formatted message and its exception's whole stack trace. */
    List<String> written() {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream().map(r -> {
            StringWriter text = new StringWriter();
            text.append(r.getLoggerName()).append(' ').append(formatter.formatMessage(r));
            if (r.getThrown() != null) {
                r.getThrown().printStackTrace(new PrintWriter(text));
            }
            return text.toString();
        }).toList();
    }

    /** Every record, for a failing assertion's message. */
    String all() {
        return String.join("\n", written());
    }

    void clear() {
        records.clear();
    }
}
