package microblog.deploy;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import microblog.testing.PostgresCluster;

/**
 * The app's own database for a cluster test, made as the README tells an operator: an empty database in the test
 * cluster, apart from the sessions' one, owned by a user of its own (no superuser), whose tables the first node
 * creates. Dropped with the test class's other databases; the user stays in the throwaway cluster.
 *
 * @param url      what the nodes get as {@code microblog.db}
 * @param user     {@code microblog.db.user}
 * @param password {@code microblog.db.password}
 */
record AppDatabase(String url, String user, String password) {
    /** {@code name}: the database's, unique in the test run; its owner is {@code name_owner}. */
    static AppDatabase create(PostgresCluster postgres, String name) {
        String url = postgres.createDatabase(name);
        String owner = name + "_owner";
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                Statement statement = db.createStatement()) {
            statement.execute("CREATE ROLE " + owner + " LOGIN PASSWORD '" + password + "'");
            statement.execute("ALTER DATABASE " + name + " OWNER TO " + owner);
        } catch (SQLException e) {
            throw new AssertionError("cannot make the app's database " + name, e);
        }
        return new AppDatabase(url, owner, password);
    }

    /** The first column of every row {@code sql} returns, read as the app's user. */
    List<String> column(String sql) {
        try (Connection db = DriverManager.getConnection(url, user, password)) {
            return Container.column(db, sql);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }
}
