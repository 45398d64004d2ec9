package microblog.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * A fresh database for a test class in a throwaway PostgreSQL cluster of Debian's postgresql package: one cluster per
 * test JVM, started by the first class that needs it and stopped after the last test (or, failing that, when the JVM
 * exits or is killed). Register it on a static field: {@code @RegisterExtension static final PostgresCluster
 * postgres = new PostgresCluster();}. Where PostgreSQL is not installed, its tests skip, saying how to install it;
 * under {@code -Dpostgres.required=true} (as in .ci/run) the class fails instead.
 */
public final class PostgresCluster implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    static final String INSTALL_HINT = "install it with: apt-get install postgresql";
    /** Where Debian's postgresql puts each major version ({@code 15/bin/initdb}); a test can point it elsewhere. */
    static final String LIB_PROPERTY = "postgres.lib";
    private static final Namespace NAMESPACE = Namespace.create(PostgresCluster.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final AtomicInteger CLASSES = new AtomicInteger();

    private final List<String> databases = new ArrayList<>();
    private String missing;
    private Server server;
    private String jdbcUrl;

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<Path> bin = Installation.newest(Installation.lib());
        Optional<Installation> installation = bin.flatMap(Installation::forBin);
        if (installation.isEmpty()) {
            missing = bin.isEmpty()
                    ? "PostgreSQL tests need Debian's postgresql, but there is no "
                            + Installation.lib().resolve("VERSION/bin/initdb") + "; " + INSTALL_HINT
                    : "PostgreSQL tests run as root here, and initdb refuses root, but there is no postgres system "
                            + "user to run it as; " + INSTALL_HINT;
            if (Boolean.getBoolean("postgres.required")) {
                Assertions.fail(missing + " (postgres.required=true)");
            }
            // Skipped test by test (in beforeEach), so that the console's counts show them as skipped: a skipped
            // class would count as no test at all.
            System.err.println("\n*** SKIPPED: " + missing + " ***\n");
            return;
        }
        // The root context's store closes the cluster once every test of the run has finished.
        server = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Server.class,
                key -> Server.start(installation.get()), Server.class);
        String name = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "");
        name = "c" + CLASSES.incrementAndGet() + "_" + name;
        jdbcUrl = createDatabase(name.substring(0, Math.min(63, name.length())));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        available();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server == null) {
            return;                                             // skipped, or the cluster did not start
        }
        for (String database : databases) {
            server.dropDatabase(database);
        }
        databases.clear();
    }

    /** Skips whatever asks for the cluster where PostgreSQL is missing, be it a test or another extension. */
    private void available() {
        if (missing != null) {
            Assumptions.assumeTrue(false, missing);
        }
    }

    /** The test class's own database, empty at the start of the class. */
    public String jdbcUrl() {
        available();
        return jdbcUrl;
    }

    /**
     * Another empty database, for a test that needs its own ({@code [a-z][a-z0-9_]*}, unique in the run); it is
     * dropped after the test class. Returns its URL.
     */
    public String createDatabase(String name) {
        available();
        String url = server.createDatabase(name);
        databases.add(name);
        return url;
    }

    /** The superuser the URLs are for, as the app gets it through {@code microblog.db.user}. */
    public String user() {
        return Server.USER;
    }

    /** Its password (random per cluster: loopback is shared with every other user of the machine). */
    public String password() {
        available();
        return server.password();
    }

    public int port() {
        available();
        return server.port();
    }

    /**
     * Stops the cluster as an operator's restart does ({@code pg_ctl stop -m fast}: every session ends, every commit
     * is kept), for a test of the database going away under a running server. The cluster is the whole run's:
     * call {@link #startServer()} before the test ends (in a {@code finally}).
     */
    public void stopServer() {
        available();
        server.stopFast();
    }

    /** Starts the cluster stopped by {@link #stopServer()} again, on the same port with the same data. */
    public void startServer() {
        available();
        server.startAgain();
    }

    /**
     * Ends every session on the database of this URL, as {@code pg_terminate_backend} does (an administrator, a
     * failover): the sessions' clients see their connections fail. Answers how many were ended.
     */
    public int terminateSessions(String jdbcUrl) {
        available();
        String database = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), Server.USER,
                server.password());
                java.sql.PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FILTER (WHERE "
                        + "pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ? AND pid <> "
                        + "pg_backend_pid()")) {
            statement.setString(1, database);
            try (java.sql.ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not end the sessions on " + database, e);
        }
    }

    /** Debian's postgresql, its newest major version: where the programs are and as whom they must run. */
    record Installation(Path bin, List<String> asOwner, int uid, int gid) {
        static Path lib() {
            return Path.of(System.getProperty(LIB_PROPERTY, "/usr/lib/postgresql"));
        }

        /** The newest {@code VERSION/bin} under {@link #lib()} with initdb and pg_ctl, if any. */
        static Optional<Installation> find() {
            return newest(lib()).flatMap(Installation::forBin);
        }

        static Optional<Path> newest(Path lib) {
            if (!Files.isDirectory(lib)) {
                return Optional.empty();
            }
            try (Stream<Path> versions = Files.list(lib)) {
                return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)*"))
                        .map(v -> v.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb"))
                                && Files.isExecutable(bin.resolve("pg_ctl")))
                        .max(Comparator.comparing(bin -> bin.getParent().getFileName().toString(),
                                Installation::compareVersions));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** initdb and pg_ctl refuse to run as root: then they run as Debian's postgres system user. */
        private static Optional<Installation> forBin(Path bin) {
            if (!"root".equals(System.getProperty("user.name"))) {
                return Optional.of(new Installation(bin, List.of(), -1, -1));
            }
            Optional<String> uid = Server.output(List.of("id", "-u", "postgres"));
            Optional<String> gid = Server.output(List.of("id", "-g", "postgres"));
            if (uid.isEmpty() || gid.isEmpty()) {
                return Optional.empty();
            }
            int owner = Integer.parseInt(uid.get());
            int group = Integer.parseInt(gid.get());
            List<String> asOwner = List.of("setpriv", "--reuid=" + owner, "--regid=" + group, "--clear-groups");
            return Optional.of(new Installation(bin, asOwner, owner, group));
        }

        private static int compareVersions(String a, String b) {
            String[] x = a.split("\\.");
            String[] y = b.split("\\.");
            for (int i = 0; i < Math.max(x.length, y.length); i++) {
                int order = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0,
                        i < y.length ? Integer.parseInt(y[i]) : 0);
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        }

        Path program(String name) {
            return bin.resolve(name);
        }
    }

    /** One running postmaster on a free loopback port, with its data, socket and log in one temp folder. */
    static final class Server implements AutoCloseable {
        static final String USER = "microblog";
        private static final Duration PATIENCE = Duration.ofSeconds(30);
        /**
         * For a JVM killed with SIGKILL, which runs no shutdown hook: a watchdog in its own session (a Ctrl-C does
         * not reach it) waits for the end of its standard input, which comes when the JVM's end of the pipe closes
         * however the JVM ends, then stops the cluster ({@code $@}: pg_ctl stop as the owner) or kills the
         * postmaster, and removes the folder. After an orderly stop it is killed with nothing left to do.
         */
        private static final String WATCHDOG = """
                folder=$1 pid=$2
                shift 2
                while read -r _; do :; done
                if [ -f "$folder/data/postmaster.pid" ]; then
                    "$@" >/dev/null 2>&1 || kill -KILL "$pid" 2>/dev/null
                fi
                rm -rf "$folder"
                """;

        private final Installation installation;
        private final Path folder;
        private final String password;
        private final Thread shutdownHook = new Thread(this::close, "postgres-cluster-stop");
        private int port;
        private Process postmaster;
        private Process watchdog;
        private boolean stopped;

        private Server(Installation installation, Path folder, String password) {
            this.installation = installation;
            this.folder = folder;
            this.password = password;
        }

        /** initdb into a new temp folder, then the postmaster, in a few seconds; fails with their output if not. */
        static Server start(Installation installation) {
            long started = System.nanoTime();
            try {
                byte[] secret = new byte[16];
                new SecureRandom().nextBytes(secret);
                Server server = new Server(installation, Files.createTempDirectory("microblog-postgres"),
                        HexFormat.of().formatHex(secret));
                try {
                    server.initdb();
                    server.startPostmaster();
                } catch (IOException | RuntimeException e) {
                    server.close();
                    throw e;
                }
                System.err.printf("PostgreSQL cluster (%s) up on 127.0.0.1:%d in %d ms%n",
                        installation.bin().getParent(), server.port, (System.nanoTime() - started) / 1_000_000);
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting PostgreSQL", e);
            }
        }

        private void initdb() throws IOException, InterruptedException {
            handOver(folder);
            Path passwordFile = folder.resolve("password");
            Files.writeString(passwordFile, password + "\n");
            handOver(passwordFile);
            // Local (socket) connections are trusted: the socket lies in this folder, which only its owner enters.
            // No fsync during initdb: a cluster that lives for one test run need not survive a power cut.
            // C.UTF-8 sorts the same on every machine, whatever the developer's or CI's locale.
            run(List.of(installation.program("initdb").toString(), "--pgdata=" + data(), "--username=" + USER,
                    "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
                    "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"));
            Files.delete(passwordFile);
        }

        private void startPostmaster() throws IOException, InterruptedException {
            // fsync, synchronous_commit and full_page_writes only decide what survives a crash of the machine;
            // with them off, commits do not wait for the disk, and what every connection sees is unchanged.
            Files.writeString(data().resolve("postgresql.conf"), """

                    # microblog's test cluster (testing/PostgresCluster.java)
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = '%s'
                    fsync = off
                    synchronous_commit = off
                    full_page_writes = off
                    """.formatted(folder.toString().replace("'", "''")), StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            for (int attempt = 1; ; attempt++) {
                port = Loopback.freePort();
                // The last setting in the file wins: a port taken meanwhile by someone else is simply replaced.
                Files.writeString(data().resolve("postgresql.conf"), "port = " + port + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.APPEND);
                if (postmasterReady()) {
                    break;
                }
                if (attempt == 3 || !log().contains("could not bind")) {
                    throw new IllegalStateException("PostgreSQL did not start:\n" + log());
                }
            }
            watch();
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }

        /** Starts the watchdog of the current postmaster (see {@link #WATCHDOG}). */
        private void watch() throws IOException {
            List<String> command = new ArrayList<>(List.of("setsid", "sh", "-c", WATCHDOG, "watchdog",
                    folder.toString(), String.valueOf(postmaster.pid())));
            command.addAll(stopCommand());
            watchdog = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        }

        /** pg_ctl's fast stop: sessions end, the postmaster writes a checkpoint and exits; nothing is lost. */
        synchronized void stopFast() {
            if (stopped) {
                throw new IllegalStateException("the cluster was closed");
            }
            // The watchdog would remove the folder if it ran now; SIGKILL ends it without its clean-up.
            watchdog.destroyForcibly();
            try {
                run(List.of(installation.program("pg_ctl").toString(), "stop", "--pgdata=" + data(), "--mode=fast",
                        "--wait", "--timeout=" + PATIENCE.toSeconds()));
                if (!postmaster.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the postmaster did not exit after pg_ctl stop");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping PostgreSQL", e);
            }
        }

        /** The postmaster again after {@link #stopFast()}: the same port (the last in postgresql.conf), the same data. */
        synchronized void startAgain() {
            if (stopped) {
                throw new IllegalStateException("the cluster was closed");
            }
            try {
                if (!postmasterReady()) {
                    throw new IllegalStateException("PostgreSQL did not start again on port " + port + ":\n" + log());
                }
                watch();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting PostgreSQL", e);
            }
        }

        /**
         * Starts the postmaster as this JVM's child rather than through pg_ctl start, whose postmaster would be an
         * orphan that only init reaps, slowly on some machines: a child is reaped at once, so its end is seen at once.
         * Waits for it to say "ready" in postmaster.pid, as pg_ctl start --wait does. False if it exited meanwhile.
         */
        private boolean postmasterReady() throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(installation.asOwner());
            command.addAll(List.of(installation.program("postgres").toString(), "-D", data().toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("postgres.log").toFile()));
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            postmaster = builder.start();
            Path pidFile = data().resolve("postmaster.pid");
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                if (!postmaster.isAlive()) {
                    return false;
                }
                List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
                if (lines.size() >= 8 && lines.get(7).trim().equals("ready")) {
                    return true;
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("PostgreSQL not ready after " + PATIENCE + ":\n" + log());
        }

        /** pg_ctl's immediate stop: the postmaster and its backends quit at once, as a crash would (no checkpoint). */
        private List<String> stopCommand() {
            List<String> command = new ArrayList<>(installation.asOwner());
            command.addAll(List.of(installation.program("pg_ctl").toString(), "stop", "--pgdata=" + data(),
                    "--mode=immediate", "--wait", "--timeout=10"));
            return command;
        }

        int port() {
            return port;
        }

        String password() {
            return password;
        }

        Path folder() {
            return folder;
        }

        Optional<ProcessHandle> postmaster() {
            return Optional.ofNullable(postmaster).map(Process::toHandle);
        }

        String jdbcUrl(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }

        String createDatabase(String name) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a plain database name: " + name);
            }
            // FILE_COPY, not the WAL_LOG default: with fsync off its checkpoints are cheap, and it does not write the
            // whole template database into the WAL (measured: about 30 ms a database instead of 35 to 175).
            admin("CREATE DATABASE " + name + " STRATEGY = FILE_COPY");
            return jdbcUrl(name);
        }

        void dropDatabase(String name) {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }

        private void admin(String sql) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, password);
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + " failed on the test cluster", e);
            }
        }

        /**
         * Stops the postmaster (pg_ctl stop -m immediate, then SIGKILL if it is still there) and removes the folder.
         * Called once every test has run, by the shutdown hook, or by a test; the first call does the work.
         */
        @Override
        public synchronized void close() {
            if (stopped) {
                return;
            }
            stopped = true;
            long started = System.nanoTime();
            try {
                stopPostmaster();
            } finally {
                Folders.delete(folder);
                if (watchdog != null) {
                    watchdog.destroyForcibly();                 // nothing is left for it to do
                }
                if (postmaster != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(shutdownHook);
                    } catch (IllegalStateException alreadyShuttingDown) {
                        // this is the hook
                    }
                }
            }
            System.err.printf("PostgreSQL cluster on 127.0.0.1:%d stopped in %d ms%n", port,
                    (System.nanoTime() - started) / 1_000_000);
        }

        private void stopPostmaster() {
            boolean down = !Files.exists(data().resolve("postmaster.pid"));
            if (!down) {
                try {
                    runAsIs(stopCommand());
                    down = true;
                } catch (IllegalStateException | IOException e) {
                    System.err.println("pg_ctl stop failed, killing the postmaster: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (postmaster == null) {
                return;
            }
            try {
                if (!down || !postmaster.waitFor(10, TimeUnit.SECONDS)) {
                    // Its backends notice the postmaster's death and quit by themselves.
                    postmaster.destroyForcibly();
                    if (!postmaster.waitFor(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the postmaster " + postmaster.pid() + " does not die");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private Path data() {
            return folder.resolve("data");
        }

        private String log() {
            try {
                Path log = folder.resolve("postgres.log");
                return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
            } catch (IOException e) {
                return "(unreadable log: " + e + ")";
            }
        }

        /** Gives {@code path} to the postgres user when we run as root, so initdb and the postmaster may write. */
        private void handOver(Path path) throws IOException {
            if (installation.uid() >= 0) {
                Files.setAttribute(path, "unix:uid", installation.uid());
                Files.setAttribute(path, "unix:gid", installation.gid());
            }
        }

        private String run(List<String> command) throws IOException, InterruptedException {
            List<String> full = new ArrayList<>(installation.asOwner());
            full.addAll(command);
            return runAsIs(full);
        }

        private String runAsIs(List<String> command) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
            // PGDATA, PGPORT and friends of the developer's own setup must not steer the test cluster.
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish:\n" + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue()
                        + "):\n" + output);
            }
            return output;
        }

        /** A short command's first line of output, or nothing if it fails. */
        static Optional<String> output(List<String> command) {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                return process.waitFor() == 0 ? Optional.of(output) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

    }
}
