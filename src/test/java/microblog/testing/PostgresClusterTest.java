package microblog.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/** The PostgreSQL harness itself: a real cluster on loopback, a database per class or test, nothing left after. */
class PostgresClusterTest {
    @RegisterExtension
    static final PostgresCluster postgres = new PostgresCluster();

    private static Jdbi jdbi(String url) {
        return Jdbi.create(url, postgres.user(), postgres.password());
    }

    @Test
    void theClassDatabaseTakesATableAndItsRows() {
        Jdbi jdbi = jdbi(postgres.jdbcUrl());

        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)");
            h.execute("INSERT INTO notes (body) VALUES ('first'), ('zweite Notiz: äöü')");
        });

        assertEquals(List.of("first", "zweite Notiz: äöü"),
                jdbi.withHandle(h -> h.createQuery("SELECT body FROM notes ORDER BY id").mapTo(String.class).list()));
    }

    @Test
    void twoDatabasesAreIndependent() {
        Jdbi one = jdbi(postgres.createDatabase("independent_one"));
        Jdbi two = jdbi(postgres.createDatabase("independent_two"));

        one.useHandle(h -> h.execute("CREATE TABLE only_here (id INTEGER)"));

        assertEquals("only_here", one.withHandle(h -> h.createQuery("SELECT to_regclass('only_here')::text")
                .mapTo(String.class).one()));
        assertNull(two.withHandle(h -> h.createQuery("SELECT to_regclass('only_here')::text")
                .mapTo(String.class).one()));
        assertEquals("independent_two", two.withHandle(h -> h.createQuery("SELECT current_database()")
                .mapTo(String.class).one()));
    }

    @Test
    void listensOnLoopbackOnly() throws IOException {
        Jdbi jdbi = jdbi(postgres.jdbcUrl());

        assertEquals("127.0.0.1", jdbi.withHandle(h -> h.createQuery("SHOW listen_addresses")
                .mapTo(String.class).one()));
        assertEquals("127.0.0.1/32", jdbi.withHandle(h -> h.createQuery("SELECT inet_server_addr()::text")
                .mapTo(String.class).one()));
        // Not on IPv6 loopback either: listen_addresses is the one IPv4 address, not "localhost" or "*".
        try (Socket socket = new Socket()) {
            assertThrows(IOException.class, () -> socket.connect(new InetSocketAddress("::1", postgres.port()), 2000));
        }
    }

    @Test
    void aStoppedServerRefusesConnectionsAndStartsAgainWithItsData() {
        String url = postgres.createDatabase("restarted");
        jdbi(url).useHandle(h -> h.execute("CREATE TABLE kept AS SELECT 'committed before the stop' AS note"));
        try {
            postgres.stopServer();
            assertThrows(PSQLException.class, () -> DriverManager.getConnection(url, postgres.user(),
                    postgres.password()).close());
        } finally {
            postgres.startServer();
        }

        assertEquals("committed before the stop", jdbi(url).withHandle(h -> h.createQuery("SELECT note FROM kept")
                .mapTo(String.class).one()));
    }

    @Test
    void terminatingTheSessionsOfADatabaseEndsItsOpenConnections() throws Exception {
        String url = postgres.createDatabase("terminated_sessions");
        try (var connection = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
            assertEquals(1, postgres.terminateSessions(url));

            assertThrows(PSQLException.class, () -> connection.createStatement().execute("SELECT 1"));
        }
        assertEquals(0, postgres.terminateSessions(url));
    }

    @Test
    void aWrongPasswordIsRefused() {
        PSQLException refused = assertThrows(PSQLException.class, () -> DriverManager.getConnection(
                postgres.jdbcUrl(), postgres.user(), "not the password").close());

        assertEquals("28P01", refused.getSQLState());           // invalid_password
    }

    @Test
    void databaseNamesArePlainIdentifiers() {
        assertThrows(IllegalArgumentException.class, () -> postgres.createDatabase("x; DROP DATABASE postgres"));
    }

    @Test
    void aStoppedClusterLeavesNoProcessNoPortAndNoFolder() throws Exception {
        PostgresCluster.Server own = PostgresCluster.Server.start(PostgresCluster.Installation.find().orElseThrow());
        Path folder = own.folder();
        int port = own.port();
        ProcessHandle postmaster = own.postmaster().orElseThrow();
        Jdbi.create(own.jdbcUrl("postgres"), PostgresCluster.Server.USER, own.password())
                .useHandle(h -> h.execute("CREATE TABLE left_behind (id INTEGER)"));
        assertTrue(postmaster.isAlive());

        own.close();

        assertFalse(postmaster.isAlive(), "postmaster " + postmaster.pid() + " still running");
        assertFalse(Files.exists(folder), folder + " still there");
        try (Socket socket = new Socket()) {
            assertThrows(ConnectException.class, () -> socket.connect(new InetSocketAddress("127.0.0.1", port), 2000));
        }
        assertNotEquals(port, postgres.port());
        own.close();                                            // a second stop (the shutdown hook's) does nothing
    }

    /** Where no shutdown hook runs: the JVM that started a cluster is killed with SIGKILL, its watchdog cleans up. */
    @Test
    void aClusterOfAKilledJvmIsStoppedAndRemovedToo(@TempDir Path work) throws Exception {
        Path log = work.resolve("jvm.log");
        Process jvm = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), StartsAClusterAndWaits.class.getName())
                .redirectError(log.toFile()).start();
        try (BufferedReader said = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = said.readLine();                          // "PORT FOLDER"
            assertNotNull(line, () -> "the JVM started no cluster:\n" + read(log));
            String[] started = line.split(" ");
            int port = Integer.parseInt(started[0]);
            Path folder = Path.of(started[1]);
            assertTrue(Files.isDirectory(folder));

            jvm.destroyForcibly().waitFor();

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while ((Files.exists(folder) || accepts(port)) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(Files.exists(folder), folder + " still there");
            assertFalse(accepts(port), "still listening on " + port);
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** The JVM that {@link #aClusterOfAKilledJvmIsStoppedAndRemovedToo} kills. */
    static final class StartsAClusterAndWaits {
        public static void main(String[] args) throws InterruptedException {
            PostgresCluster.Server server = PostgresCluster.Server.start(
                    PostgresCluster.Installation.find().orElseThrow());
            System.out.println(server.port() + " " + server.folder());
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(2).toMillis());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theNewestInstalledVersionIsChosen(@TempDir Path lib) throws IOException {
        for (String version : List.of("9.6", "15", "16", "notaversion")) {
            Path bin = Files.createDirectories(lib.resolve(version).resolve("bin"));
            for (String program : List.of("initdb", "pg_ctl")) {
                Files.createFile(bin.resolve(program), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwxr-xr-x")));
            }
        }
        Files.createDirectories(lib.resolve("17").resolve("bin"));       // a leftover without programs

        assertEquals(Optional.of(lib.resolve("16").resolve("bin")), PostgresCluster.Installation.newest(lib));
        assertEquals(Optional.empty(), PostgresCluster.Installation.newest(lib.resolve("missing")));
    }
}
