package microblog.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import microblog.deploy.Container;
import microblog.testing.PostgresCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link MailFaultsIT}'s tests with the app's data (and so the outbox) in PostgreSQL: a reset mail promised while
 * the mail server was down, or not yet sent when the server was killed with SIGKILL, arrives exactly once.
 */
class PostgresqlMailFaultsIT extends MailFaultsIT {
    @RegisterExtension
    static final PostgresCluster postgres = new PostgresCluster();

    private String url;

    @Override
    Container onDatabase(Container container) {
        // A database per test: each test registers its own user and counts the outbox's entries.
        url = postgres.createDatabase("mail_faults" + System.nanoTime() % 1_000_000);
        return container.setting("microblog.db", url)
                .setting("microblog.db.user", postgres.user())
                .setting("microblog.db.password", postgres.password());
    }

    @Override
    Connection openDatabase(Container container) throws SQLException {
        return DriverManager.getConnection(url, postgres.user(), postgres.password());
    }
}
