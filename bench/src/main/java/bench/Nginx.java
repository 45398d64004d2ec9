package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Debian's nginx in front of the cluster run's nodes, configured from the shipped {@code deploy/nginx/microblog.conf}
 * inside the main settings of Debian's own nginx.conf (worker_processes auto, 768 connections a worker), with its
 * pid, logs and temp files in a folder of the bench's work folder; stopped by {@link #close} or at the JVM's exit.
 */
final class Nginx implements AutoCloseable {
    private static final String MAIN = """
            # microblog's bench balancer (bench/Nginx.java); the server block is deploy/nginx/microblog.conf.
            worker_processes auto;
            pid %1$s/nginx.pid;
            error_log %1$s/error.log;
            events {
                worker_connections 768;
            }
            http {
                sendfile on;
                tcp_nopush on;
                access_log off;
                client_body_temp_path %1$s/temp/body;
                proxy_temp_path %1$s/temp/proxy;
                fastcgi_temp_path %1$s/temp/fastcgi;
                uwsgi_temp_path %1$s/temp/uwsgi;
                scgi_temp_path %1$s/temp/scgi;
                include %1$s/microblog.conf;
            }
            """;

    private final Path folder;
    private final Thread shutdownHook = new Thread(this::close, "nginx-stop");
    private Process master;
    final int port;

    Nginx(Path folder, Path shipped, List<String> nodes) throws IOException, InterruptedException {
        this.folder = folder;
        Jetty.deleteContents(folder);
        Files.createDirectories(folder.resolve("temp"));
        // Enterable for the worker, which runs as nobody when nginx is started by root.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        port = Jetty.freePort();
        String server = Files.readString(shipped).replace("@LISTEN@", "127.0.0.1:" + port);
        for (int i = 0; i < nodes.size(); i++) {
            server = server.replace("@NODE" + (i + 1) + "@", nodes.get(i));
        }
        if (Pattern.compile("@[A-Z0-9_]+@").matcher(server).find()) {
            throw new IllegalStateException(shipped + " has placeholders left for " + nodes);
        }
        Files.writeString(folder.resolve("microblog.conf"), server);
        Files.writeString(folder.resolve("nginx.conf"), MAIN.formatted(folder));
        Path pidFile = folder.resolve("nginx.pid");
        master = new ProcessBuilder("/usr/sbin/nginx", "-p", folder.toString(), "-c",
                folder.resolve("nginx.conf").toString(), "-e", folder.resolve("error.log").toString(),
                "-g", "daemon off;").redirectErrorStream(true)
                .redirectOutput(folder.resolve("stdout.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(pidFile) || !Files.readString(pidFile).strip().equals(Long.toString(master.pid()))) {
            if (!master.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("nginx did not start; see " + folder.resolve("error.log"));
            }
            Thread.sleep(10);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** CPU seconds of the master and its workers so far. */
    double cpuSeconds() {
        return Cpu.tree(master.toHandle());
    }

    /** SIGQUIT (the workers finish their requests), then SIGKILL for whatever is left; once. */
    @Override
    public synchronized void close() {
        if (master == null) {
            return;
        }
        List<ProcessHandle> workers = master.descendants().toList();
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(master.pid())).start().waitFor();
            if (!master.waitFor(10, TimeUnit.SECONDS)) {
                master.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            master.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            master.destroyForcibly();
        }
        workers.forEach(ProcessHandle::destroyForcibly);
        master = null;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // this is the hook
        }
    }
}
