package microblog.cli;

import java.time.Clock;
import java.time.Duration;
import microblog.Settings;
import microblog.account.AccountStatus;
import microblog.account.PasswordChanges;
import microblog.auth.Accounts;
import microblog.auth.PasswordHasher;
import microblog.auth.PasswordPolicy;
import microblog.auth.UserDao;
import microblog.db.Database;
import microblog.db.DatabaseUnavailableException;
import microblog.mail.Outbox;
import microblog.web.Forms;
import org.jdbi.v3.core.Jdbi;

/**
 * The services the commands use, built as {@code Microblog.java} builds the web's, on the server's database: the
 * same validation, password policy, hashing settings and sign-in ending. No background thread: mail a command
 * records waits in the outbox for a server's sender.
 */
final class Services implements AutoCloseable {
    final Accounts accounts;
    final AccountStatus status;
    final PasswordChanges passwordChanges;
    final PasswordPolicy passwordPolicy;
    final Forms forms;
    private final Database database;

    private Services(Database database, Settings settings) {
        this.database = database;
        Clock clock = Clock.systemUTC();
        Jdbi jdbi = database.jdbi();
        PasswordHasher hasher = new PasswordHasher(settings.pbkdf2Iterations());
        this.accounts = new Accounts(jdbi.onDemand(UserDao.class), hasher, database.dataVersion(), clock);
        this.status = new AccountStatus(jdbi, clock);
        this.passwordChanges = new PasswordChanges(jdbi, hasher, new Outbox(clock), clock);
        this.passwordPolicy = PasswordPolicy.standard();
        this.forms = new Forms(Forms.newValidator());
    }

    /**
     * Opens the existing database at {@code where} (a PostgreSQL one with the user and password of the settings);
     * it is never created or migrated here.
     */
    static Services open(DatabaseLocation where, Settings settings) {
        Database database;
        try {
            database = Database.openExisting(where.requireExisting().location(), settings.databaseUser(),
                    settings.databasePassword(), Duration.ofSeconds(settings.databaseTimeoutSeconds()));
        } catch (DatabaseUnavailableException e) {
            throw where.unreachable(e, settings);
        }
        try {
            return new Services(database, settings);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
