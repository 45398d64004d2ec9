package microblog.account;

import java.time.Clock;
import microblog.auth.Account;
import microblog.auth.SignIns;
import microblog.auth.UserDao;
import org.jdbi.v3.core.Jdbi;

/**
 * Disabling and enabling an account (the operator's {@code users disable} and {@code users enable}). A disabled
 * account is no account to the login, remember-me, the per-request check and the reset mail: those read only
 * enabled users. Disabling also ends its sign-ins and voids its reset links, so enabling it again brings none back.
 */
public final class AccountStatus {
    private final Jdbi jdbi;
    private final Clock clock;

    public AccountStatus(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Disables the account and ends every sign-in of it, in one transaction; answers how many sign-ins ended. */
    public int disable(Account account) {
        return jdbi.inTransaction(handle -> {
            handle.attach(UserDao.class).setDisabled(account.id(), true);
            handle.attach(PasswordResetDao.class).voidAll(account.id(), clock.millis());
            return SignIns.endAll(handle, account.id());
        });
    }

    public void enable(Account account) {
        jdbi.useHandle(handle -> handle.attach(UserDao.class).setDisabled(account.id(), false));
    }

    /** Ends every sign-in of the account (every session, every remember-me token); answers how many ended. */
    public int logOut(Account account) {
        return jdbi.inTransaction(handle -> SignIns.endAll(handle, account.id()));
    }
}
