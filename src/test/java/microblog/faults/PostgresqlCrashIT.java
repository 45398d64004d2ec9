package microblog.faults;

import java.sql.DriverManager;
import java.util.List;
import microblog.deploy.Container;
import microblog.deploy.Container.Kind;
import microblog.testing.PostgresCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CrashIT} with the app's data in PostgreSQL: stock Jetty 12 killed with SIGKILL mid-burst loses no
 * acknowledged registration or post, and logins and remember-me cookies work after the restart. A class of its own
 * so that CrashIT on SQLite still runs where PostgreSQL is not installed.
 */
class PostgresqlCrashIT {
    @RegisterExtension
    static final PostgresCluster postgres = new PostgresCluster();

    private Container container;

    @AfterEach
    void removeContainer() {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void acknowledgedWritesLoginsAndRememberMeCookiesSurviveAKilledServer() throws Exception {
        String url = postgres.createDatabase("crash");
        container = new Container(Kind.JETTY_12, Container.packagedWar(), List.of(""))
                .setting("microblog.throttle", "off")
                .setting("microblog.db", url)
                .setting("microblog.db.user", postgres.user())
                .setting("microblog.db.password", postgres.password());

        CrashIT.killMidBurstAndRestart(container,
                () -> DriverManager.getConnection(url, postgres.user(), postgres.password()));
    }
}
