package bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway cluster of Debian's postgresql for the cluster run: initdb into a folder of the bench's work folder
 * (as the postgres system user when the bench runs as root, since initdb refuses root), the postmaster on a free
 * loopback port, stopped by {@link #close} or, failing that, when the bench's JVM exits.
 */
final class Postgres implements AutoCloseable {
    static final String USER = "microblog";

    private final Path folder;
    private final List<String> asOwner;
    private final Path bin;
    private final String password = random();
    private final Thread shutdownHook = new Thread(this::close, "postgres-stop");
    private Process postmaster;
    final int port;

    /** initdb and start: Debian's settings but for the address, the port and pg_stat_statements (queries counted). */
    Postgres(Path folder) throws IOException, InterruptedException {
        this.folder = folder;
        this.bin = newestBin();
        this.asOwner = "root".equals(System.getProperty("user.name"))
                ? List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups") : List.of();
        Jetty.deleteContents(folder);
        Files.createDirectories(folder);
        Path passwordFile = folder.resolve("password");
        Files.writeString(passwordFile, password + "\n");
        handOver(folder);
        handOver(passwordFile);
        runAsOwner(List.of(bin.resolve("initdb").toString(), "--pgdata=" + data(), "--username=" + USER,
                "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8",
                "--locale=C.UTF-8", "--no-instructions"));
        Files.delete(passwordFile);
        port = Jetty.freePort();
        Files.writeString(data().resolve("postgresql.conf"), """

                # microblog's bench cluster (bench/Postgres.java)
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                shared_preload_libraries = 'pg_stat_statements'
                """.formatted(port, folder), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>(asOwner);
        command.addAll(List.of(bin.resolve("postgres").toString(), "-D", data().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("postgres.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        postmaster = builder.start();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path pidFile = data().resolve("postmaster.pid");
        while (true) {
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
            if (lines.size() >= 8 && lines.get(7).trim().equals("ready")) {
                break;
            }
            if (!postmaster.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("PostgreSQL did not start; see " + folder.resolve("postgres.log"));
            }
            Thread.sleep(20);
        }
        admin("postgres", "CREATE EXTENSION pg_stat_statements");
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    String password() {
        return password;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, password);
    }

    void admin(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    /**
     * CPU seconds the cluster has used so far: the postmaster and its live backends, plus the backends that have
     * exited (a connection per request ends in its own process, counted in the postmaster's reaped children).
     */
    double cpuSeconds() {
        long pid = postmaster.pid();
        double total = Cpu.seconds(pid, true);
        for (ProcessHandle child : postmaster.toHandle().children().toList()) {
            total += Cpu.seconds(child.pid(), false);
        }
        return total;
    }

    /** pg_ctl stop -m fast (then SIGKILL), and the folder removed; once, from the bench or its shutdown hook. */
    @Override
    public synchronized void close() {
        if (postmaster == null) {
            return;
        }
        try {
            runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "stop", "--pgdata=" + data(), "--mode=fast",
                    "--wait", "--timeout=20"));
        } catch (IOException | RuntimeException e) {
            Bench.log("pg_ctl stop failed, killing the postmaster: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (!postmaster.waitFor(10, TimeUnit.SECONDS)) {
                postmaster.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Jetty.deleteContents(folder);
        } catch (IOException e) {
            Bench.log("could not remove " + folder + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        postmaster = null;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // this is the hook
        }
    }

    private Path data() {
        return folder.resolve("data");
    }

    private void handOver(Path path) throws IOException, InterruptedException {
        if (!asOwner.isEmpty()) {
            run(List.of("chown", "postgres:postgres", path.toString()));
        }
    }

    private void runAsOwner(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(asOwner);
        full.addAll(command);
        run(full);
    }

    private void run(List<String> full) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(full).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", full) + " failed:\n" + out);
        }
    }

    /** The newest /usr/lib/postgresql/VERSION/bin (bench/run installs Debian's postgresql when there is none). */
    private static Path newestBin() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .orElseThrow(() -> new IllegalStateException("no /usr/lib/postgresql/VERSION/bin/initdb"));
        }
    }

    private static String random() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }
}
