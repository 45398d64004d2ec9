package bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One stock Jetty 12 (a jetty.base with http, ee10-deploy and ee10-jsp, as the project's deployment tests make it)
 * run as its own process on a free loopback port; {@code webapps/} is filled by the bench before each start.
 */
final class Jetty implements AutoCloseable {
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final Path home;
    final Path base;
    final Path webapps;
    private final Path logs;
    private Process process;
    /** Stops the server if the bench ends before it does (Ctrl-C, an exception thrown past every finally). */
    private final Thread shutdownHook = new Thread(this::stopQuietly, "jetty-stop");
    int port;
    /** Added to start.jar's environment (a password the jetty.base's XML reads with {@code <Env>}). */
    final Map<String, String> environment = new HashMap<>();

    Jetty(Path home, Path base) throws IOException, InterruptedException {
        this(home, base, null);
    }

    /**
     * {@code template}: a folder copied into the jetty.base first (an operator's shipped jetty.base such as
     * deploy/jetty-base), or null.
     */
    Jetty(Path home, Path base, Path template) throws IOException, InterruptedException {
        this.home = home;
        this.base = base;
        this.logs = Files.createDirectories(base.resolve("bench-logs"));
        Files.createDirectories(base.resolve("work"));
        if (template != null) {
            copyTree(template, base);
        }
        Process setup = new ProcessBuilder(Bench.java(), "-jar", home.resolve("start.jar").toString(),
                "jetty.home=" + home, "jetty.base=" + base, "--add-modules=http,ee10-deploy,ee10-jsp")
                .directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(logs.resolve("setup.log").toFile()).start();
        if (!setup.waitFor(120, TimeUnit.SECONDS) || setup.exitValue() != 0) {
            setup.destroyForcibly();
            throw new IllegalStateException("creating the jetty.base failed; see " + logs.resolve("setup.log"));
        }
        this.webapps = base.resolve("webapps");
    }

    /** Empties webapps/ and work/ (so every start unpacks and deploys afresh). */
    void clearWebapps() throws IOException {
        deleteContents(webapps);
        deleteContents(base.resolve("work"));
    }

    /**
     * Starts Jetty with these JVM options and waits for the first HTTP 200 on {@code readyPath}; answers the
     * milliseconds from launching the process to that answer.
     */
    double start(String name, List<String> jvmOptions, String readyPath) throws IOException, InterruptedException {
        return start(name, jvmOptions, List.of(), readyPath);
    }

    /**
     * As {@link #start(String, List, String)}, with {@code arguments} after start.jar's own: properties of the
     * jetty.base's modules, and (where the jetty.base says {@code --exec}) the options of the JVM start.jar forks.
     */
    double start(String name, List<String> jvmOptions, List<String> arguments, String readyPath)
            throws IOException, InterruptedException {
        port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Bench.java());
        command.addAll(jvmOptions);
        // e.g. -Dbench.server.opts=-agentpath:/path/libasyncProfiler.so=start,event=cpu,file=/tmp/cpu.collapsed
        String extra = System.getProperty("bench.server.opts", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", home.resolve("start.jar").toString(), "jetty.home=" + home,
                "jetty.base=" + base, "jetty.http.host=127.0.0.1", "jetty.http.port=" + port));
        command.addAll(arguments);
        Path log = logs.resolve(name + ".log");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readyPath))
                .timeout(Duration.ofSeconds(30)).GET().build();
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        while (System.nanoTime() - started < START_TIMEOUT_NANOS && process.isAlive()) {
            try {
                int status = client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return (System.nanoTime() - started) / 1e6;
                }
            } catch (ConnectException notYet) {
                // not listening yet
            } catch (IOException e) {
                // listening but not answering yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("Jetty (" + name + ") gave no 200 on " + readyPath + "; see " + log);
    }

    /** The process id of the JVM that serves (start.jar runs Jetty in its own JVM unless it must fork). */
    long pid() {
        return process.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                .map(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // this is the hook
        }
        List<ProcessHandle> children = process.descendants().toList();
        // A JVM forked by start.jar (--exec) is asked to stop first, so that it ends as politely as a lone one
        // (a JFR recording is written at its exit).
        children.forEach(ProcessHandle::destroy);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                child.destroyForcibly();
            }
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU seconds of the serving JVM (and of start.jar, if it forked one) so far. */
    double cpuSeconds() {
        return Cpu.tree(process.toHandle());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static void deleteContents(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
